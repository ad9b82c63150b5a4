#include <hetsweep/vocab/noise_rules.hpp>

#include <hetsweep/text.hpp>

#include <cmath>

namespace hetsweep {

noise_steps shared_noise_steps(double dt, double base) {
    const double r = dt / base;
    const double whole = std::round(r);
    if (whole >= 1 && std::fabs(r - whole) <= 1e-9 * whole) return {std::int64_t(whole), 0};
    for (int j = 1; j <= max_bridge_levels; ++j)
        if (std::fabs(r * std::ldexp(1.0, j) - 1) <= 1e-9) return {1, j};
    return {};
}

std::string shared_noise_violation(double dt, double base) {
    if (shared_noise_steps(dt, base).levels >= 0) return {};
    return "network.noise_path = \"shared\" with network.dt = " + shortest(dt) +
           " and network.noise_window = " + shortest(base) +
           ": the shared path is drawn on steps of noise_window, so dt must be a whole multiple of it or "
           "noise_window / 2^j for j <= " +
           std::to_string(max_bridge_levels);
}

}  // namespace hetsweep
