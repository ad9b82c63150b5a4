#pragma once

// One column of a sweep: a spec key with a value per point (the grid), or a task property with a
// value per task. The store writes columns, the query reads them, and both spell their kinds one
// way.

#include <hetsweep/enum_names.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace hetsweep {

// How a column's kind is stored (its `kind` attribute): "bool", "int", "float", "string".
inline constexpr enum_name<value_kind> value_kind_stored_names[] = {{value_kind::boolean, "bool"},
                                                                    {value_kind::integer, "int"},
                                                                    {value_kind::real, "float"},
                                                                    {value_kind::text, "string"}};

struct column {
    std::string name;
    value_kind kind = value_kind::real;
    std::vector<double> numbers;    // every kind but text; booleans are 0 and 1, integers exact up to 2^53
    std::vector<std::string> text;  // text only
    bool seed = false;              // its values are independent realisations (param_key::seed)

    std::size_t size() const { return kind == value_kind::text ? text.size() : numbers.size(); }
    bool is_text() const { return kind == value_kind::text; }
    // "0.5", "200", "true", "gamma": the shortest spelling that reads back as the same value.
    std::string display(std::size_t row) const;
};

// The grid of these points as columns: one per key of the table (or of `keys`), in table order,
// named by the key's leaf name.
std::vector<column> grid_columns(const std::vector<point_params>& points);
std::vector<column> grid_columns(const std::vector<point_params>& points,
                                 const std::vector<const param_key*>& keys);

}  // namespace hetsweep
