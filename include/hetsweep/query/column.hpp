#pragma once

// One column of a store as the query engine sees it: a grid key (one value per point) or a task
// property (one value per task), and how its values are spelt in answers and messages.

#include <cstddef>
#include <hetsweep/text.hpp>

#include <string>
#include <vector>

namespace hetsweep::query {

struct column {
    enum class kind { integer, real, boolean, text };

    std::string name;
    kind type = kind::real;
    std::vector<double> numbers;    // every kind but text; booleans are 0 and 1
    std::vector<std::string> text;  // text only

    std::size_t size() const { return type == kind::text ? text.size() : numbers.size(); }
    bool is_text() const { return type == kind::text; }
    // "0.5", "200", "true", "gamma": the shortest spelling that reads back as the same value.
    std::string display(std::size_t row) const;
};

// "0, 0.5, 1, 2", or "-2 .. 2 (49 values)" for a column of more than twelve distinct values.
std::string describe_values(const column& c);

// More than one distinct value: an axis of the sweep rather than a constant.
bool varies(const column& c);

}  // namespace hetsweep::query
