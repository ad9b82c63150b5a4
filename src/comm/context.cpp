#include <thread>
#include <utility>

#include <hetsweep/comm/context.hpp>

namespace hetsweep::comm {

envelope context::receive(std::chrono::milliseconds poll) {
    for (;;) {
        if (auto e = try_receive()) return std::move(*e);
        std::this_thread::sleep_for(poll);
    }
}

}  // namespace hetsweep::comm
