#include <string>
#include <thread>
#include <utility>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/errors.hpp>

namespace hetsweep::comm {

void context::check_tag(int tag) {
    if (tag < 0 || tag > max_tag) {
        throw mpi_error("send: tag " + std::to_string(tag) + " is not in [0, " + std::to_string(max_tag) +
                        "]");
    }
}

envelope context::receive(std::chrono::milliseconds poll) {
    for (;;) {
        if (auto e = try_receive()) return std::move(*e);
        std::this_thread::sleep_for(poll);
    }
}

}  // namespace hetsweep::comm
