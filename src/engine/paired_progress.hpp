#pragma once

// The headline paired difference while a sweep runs, for the progress line: each done heterogeneous
// point against its done partner under cv = 0 (vocab/identity.hpp: the homogeneous network of the
// same seeds and every other key), averaged per replicate (the combination of the seed keys), then
// over the replicates as query --paired does (query/replicates.hpp: crossed factors, or one): the
// mean and the half-width of its 95% interval once every network x input cell is in, the mean and
// the cells so far before. A user sees the interval narrow as replicates come in, and when more stop
// helping. Nothing until two replicates have a pair.

#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace hetsweep::engine {

class paired_progress {
  public:
    explicit paired_progress(const grid& g);

    // Point `point` (or one it repeats) is done with mean clipped R^2 `score`.
    void done(std::size_t point, double score);
    // " | cv > 0 vs cv = 0: +0.0213 +- 0.0101 (95% CI, 3 networks x 3 inputs)", or "" before two
    // replicates have a pair. A grid of several models: " | rate, cv > 0 ...", its first model alone.
    std::string text() const;

  private:
    const grid& grid_;
    std::vector<std::size_t> partner_;          // by point: its homogeneous partner (canonical id), or npos
    std::vector<replicate_factors> replicate_;  // by point: its network seed and input realisation
    std::vector<double> score_;                 // by canonical point id; NaN until done
    std::string model_;                         // the model the headline follows ("" : one model)
};

}  // namespace hetsweep::engine
