// The rename that makes a store built beside its path the store at its path: by rank 0, with its
// error on every rank, so that every rank fails alike.

#include "rename_on_root.hpp"

#include <hetsweep/comm/pack.hpp>

#include <filesystem>
#include <system_error>

namespace hetsweep::engine {

namespace fs = std::filesystem;

std::string rename_on_root(const comm::context& ctx, const std::string& from, const std::string& to) {
    std::string error;
    if (ctx.rank() == 0) {
        std::error_code ec;
        fs::rename(from, to, ec);
        if (ec) error = "cannot rename " + from + " to " + to + ": " + ec.message();
    }
    return comm::unpack<std::string>(ctx.broadcast(comm::pack(error), 0));
}

}  // namespace hetsweep::engine
