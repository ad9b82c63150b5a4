#pragma once

// The white noise a network's neurons receive, as n standard normals per integration step (the
// models scale them by their per-step standard deviation).
//
// independent (network.noise_path = "independent", the default): each step's values are the next
//   n draws of the network's noise stream. Another dt is another realisation of the noise.
// shared ("shared"): one Brownian path per network seed, defined on steps of `base` TU
//   (network.noise_window), which every dt samples. With dt = m base (m whole) a step's value is
//   the sum of its m base values over sqrt(m); with dt = base / 2^j each base value is split j
//   times by the Brownian bridge: an increment Z over h becomes (Z + e) / sqrt 2 and (Z - e) / sqrt 2
//   over the two halves, e ~ N(0, 1) from a stream of its own per level of splitting. So every dt
//   sees the same path: a convergence study in dt compares discretisations, not noise realisations.
//   At dt = base the values are the independent path's, bit for bit.

#include <hetsweep/vocab/random.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {

class noise_path {
  public:
    // The independent path: `stream`'s draws.
    explicit noise_path(random_stream stream);
    // The shared path of stream `stream` (the network's noise stream; the bridge levels use its
    // substreams 1, 2, ...) sampled at dt. Throws config_error unless dt / base is a whole number
    // or 1 / 2^j, j <= max_bridge_levels (vocab/noise_rules.hpp).
    noise_path(random_stream stream, std::uint64_t sweep_seed, std::uint64_t network_seed, double dt,
               double base);

    // The next step's n values (n the same on every call).
    void fill_normal(double* out, std::int64_t n);

    // The base stream: how much has been drawn from it (tests).
    random_stream& stream() { return base_; }
    std::int64_t base_steps_per_step() const { return coarsen_; }
    int bridge_levels() const { return levels_; }

  private:
    random_stream base_;
    std::vector<random_stream> bridge_;  // per level of splitting
    std::int64_t coarsen_ = 1;           // base steps per step
    int levels_ = 0;                     // bridge levels: 2^levels steps per base step
    std::vector<double> sub_, next_;     // the current base step's values per sub-step, 2^levels x n
    std::vector<double> split_;          // one level's bridge draws for one segment, n
    std::int64_t served_ = 0;            // sub-steps of the current base step already given out
};

struct point_params;
// The noise of the network of p: its seed's noise stream, as p.noise_path says (independent, or
// shared on steps of p.noise_window sampled at p.dt).
noise_path network_noise(const point_params& p, std::uint64_t sweep_seed);

}  // namespace hetsweep
