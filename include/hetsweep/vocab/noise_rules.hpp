#pragma once

// The rule of network.noise_path = "shared" (model/noise_path.hpp): the path is drawn on steps of
// network.noise_window, so dt must be a whole multiple of it or noise_window / 2^j.

#include <cstdint>
#include <string>

namespace hetsweep {

inline constexpr int max_bridge_levels = 10;

// dt / base as `coarsen` whole base steps per step (levels 0), or 2^levels steps per base step
// (coarsen 1); levels -1 when it is neither (to 1e-9 relative).
struct noise_steps {
    std::int64_t coarsen = 0;
    int levels = -1;
};
noise_steps shared_noise_steps(double dt, double base);

// "" if dt and base meet the rule, else the rule with the keys and values.
std::string shared_noise_violation(double dt, double base);

}  // namespace hetsweep
