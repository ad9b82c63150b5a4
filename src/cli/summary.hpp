#pragma once

#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>

#include <string>

namespace hetsweep::cli {

// Mean R^2 over tasks and network seeds of the done points, grouped by every
// grid axis except the seeds: the table `run` prints at the end.
std::string summary_table(const store::sweep_store& s, const grid& g);

}  // namespace hetsweep::cli
