#pragma once

// Stores are built beside their path (PATH.partial, PATH.grow.partial) and renamed over it once whole.
// Shared: creation (store_setup.cpp) and growth (growth.cpp) both end with this rename.

#include <hetsweep/comm/context.hpp>

#include <string>

namespace hetsweep::engine {

// Collective: rank 0 renames `from` to `to`; every rank gets the error, "" if none.
std::string rename_on_root(const comm::context& ctx, const std::string& from, const std::string& to);

}  // namespace hetsweep::engine
