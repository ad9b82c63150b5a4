#pragma once

// How the query engine describes a column's values in answers and messages.

#include <hetsweep/text.hpp>
#include <hetsweep/vocab/column.hpp>

#include <string>
#include <vector>

namespace hetsweep::query {

// The vocabulary's column (vocab/column.hpp): a grid key or a task property.
using hetsweep::column;

// "0, 0.5, 1, 2", or "-2 .. 2 (49 values)" for a column of more than twelve distinct values.
std::string describe_values(const column& c);

// More than one distinct value: an axis of the sweep rather than a constant.
bool varies(const column& c);

}  // namespace hetsweep::query
