#pragma once

// The headline paired difference while a sweep runs, for the progress line: each done heterogeneous
// point (cv > 0) against the done homogeneous point (cv = 0) of the same network and mean time
// constant (equal network_identity and tau_mean), averaged per network seed, then over the seeds:
// the mean and the half-width of its 95% t interval. A user sees the interval narrow as seeds come
// in, and when more seeds stop helping. Nothing until two seeds have a pair.

#include <hetsweep/sweep/grid.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace hetsweep::engine {

class paired_progress {
  public:
    explicit paired_progress(const grid& g);

    // Point `point` (or one it repeats) is done with mean clipped R^2 `score`.
    void done(std::size_t point, double score);
    // " | cv > 0 vs cv = 0: +0.0213 +- 0.0101 (95% CI, 3 seeds)", or "" before two seeds have a pair.
    std::string text() const;

  private:
    const grid& grid_;
    std::vector<std::size_t> partner_;  // by point: its homogeneous partner (canonical id), or npos
    std::vector<double> score_;         // by canonical point id; NaN until done
};

}  // namespace hetsweep::engine
