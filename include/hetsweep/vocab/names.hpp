#pragma once

// How a misspelt name finds the one meant: every "did you mean ...?" of the program.

#include <cstddef>
#include <string>
#include <vector>

namespace hetsweep {

// Levenshtein distance, ignoring case.
std::size_t edit_distance(const std::string& a, const std::string& b);
// The index in `known` of the name nearest to a misspelt one, within two edits (the first of equals),
// or known.size() if none is that near.
std::size_t nearest_name(const std::string& name, const std::vector<std::string>& known);

}  // namespace hetsweep
