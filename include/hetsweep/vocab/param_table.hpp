#pragma once

// Every model key of a spec: its section, type, default (point_params'
// in-class default), rule, and how to read and write it. Parsing, validation,
// grid expansion, the store's grid columns and the canonical spec text all
// walk this one table, in its order.

#include <hetsweep/enum_names.hpp>
#include <hetsweep/model/params.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace hetsweep {

using param_value = std::variant<std::int64_t, double, bool, std::string>;

enum class value_kind { integer, real, boolean, text };
// How a rule names the kind: "an integer", "a number", ...
inline constexpr enum_name<value_kind> value_kind_descriptions[] = {{value_kind::integer, "an integer"},
                                                                    {value_kind::real, "a number"},
                                                                    {value_kind::boolean, "true or false"},
                                                                    {value_kind::text, "a string"}};
const char* to_string(value_kind);

struct param_key {
    std::string section;
    std::string name;
    value_kind kind;
    std::string unit;
    std::string doc;
    // Rule on a single value: range for numbers, choices for text.
    double lo = 0, hi = 0;
    bool has_lo = false, has_hi = false, lo_open = false, hi_open = false;
    std::vector<std::string> choices;
    // A seed: its values name independent realisations of the same configuration, so statistics
    // average over it (the store marks its column so, for every reader).
    bool seed = false;
    std::function<void(point_params&, const param_value&)> set;
    std::function<param_value(const point_params&)> get;
    // Whether the key's value can change the results of point p: a key of a section only another
    // neuron model reads does not, nor the profile of a homogeneous network, nor the candidate
    // factors of a fixed readout. Unset: always.
    std::function<bool(const point_params&)> applies;

    bool applies_to(const point_params& p) const;

    std::string path() const { return section + "." + name; }
    std::string rule() const;  // "must be in (0, 1]", "must be one of rate, lif", ...
    // Empty if v satisfies the rule, else the rule.
    std::string check(const param_value& v) const;
};

const std::vector<param_key>& param_table();
// By leaf name ("cv") or dotted path ("tau.cv"); nullptr if unknown.
const param_key* find_param(const std::string& name);
// What makes two points the same computation: the value of every key that applies to the point
// (param_key::applies), one "path = value" line each, in table order. Two points with the same
// identity have bit-identical results: a homogeneous network is the same under every profile.
std::string point_identity(const point_params& p);
// The same without the [tau] keys: points equal in it are one network with different time
// constants (the same weights, input, noise and targets), which a batch simulates together.
std::string network_identity(const point_params& p);

// Levenshtein distance, ignoring case: how far a misspelt name is from a known one.
std::size_t edit_distance(const std::string& a, const std::string& b);
// The index in `known` of the name nearest to a misspelt one, within two edits (the first of equals),
// or known.size() if none is that near: what every "did you mean ...?" offers.
std::size_t nearest_name(const std::string& name, const std::vector<std::string>& known);
// The known key closest to a misspelt one, or "".
std::string closest_param(const std::string& name);

std::string format_value(const param_value& v);  // TOML spelling: 0.5, 200, true, "lognormal"
double as_number(const param_value& v);
std::string display_value(const param_value& v);  // as format_value, strings without quotes          //
                                                  // integer, real or boolean as double

}  // namespace hetsweep
