#pragma once

#include <vector>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/comm/pack.hpp>

namespace hetsweep::store {

// Collective: rank 0's value on every rank.
template <class T>
T from_root(const comm::context& ctx, const T& value) {
    return comm::unpack<T>(ctx.broadcast(ctx.rank() == 0 ? comm::pack(value) : std::vector<char>{}, 0));
}

}  // namespace hetsweep::store
