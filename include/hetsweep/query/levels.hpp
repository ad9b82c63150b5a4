#pragma once

// The distinct values of a column among some of its rows: the levels a query groups by, and the
// levels of a cost comparison.

#include <hetsweep/query/column.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep::query {

// Numbers in ascending order, text in order of first appearance.
struct levels {
    std::string name;
    bool per_task = false;  // a task column: each row of the answer takes its own tasks
    value_kind type = value_kind::real;
    std::vector<std::string> text;  // display spelling, one per level
    std::vector<double> numbers;    // value, one per level (text columns: unused)
};

// The levels of rows `rows` of c. If level_of is given, it receives the level of each of those rows
// (level_of[i] for rows[i]). Levels compare exactly: grouping needs no tolerance, since equal
// parameters are stored as the same double.
levels distinct(const column& c, const std::vector<std::uint64_t>& rows,
                std::vector<std::uint32_t>* level_of = nullptr);

}  // namespace hetsweep::query
