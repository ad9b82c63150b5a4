#pragma once

// Every model key of a spec: its section, type, default (point_params'
// in-class default), rule, and how to read and write it. Parsing, validation,
// grid expansion, the store's grid columns and the canonical spec text all
// walk this one table, in its order.

#include <hetsweep/enum_names.hpp>
#include <hetsweep/vocab/names.hpp>
#include <hetsweep/vocab/params.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace hetsweep {

using param_value = std::variant<std::int64_t, double, bool, std::string>;

std::string format_value(const param_value& v);  // TOML spelling: 0.5, 200, true, "lognormal"
double as_number(const param_value& v);
std::string display_value(const param_value& v);  // as format_value, strings without quotes

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

// Building a key (the table, and each model's own keys in src/vocab/<model>_rules.cpp).
struct key_range {
    double lo = 0, hi = 0;
    bool has_lo = false, has_hi = false, lo_open = false, hi_open = false;
};
inline key_range between(double lo, double hi, bool lo_open = false, bool hi_open = false) {
    return {lo, hi, true, true, lo_open, hi_open};
}

// The key `section.name` of the field `member`: its kind follows the field's type.
template <class T>
param_key make_key(std::string section, std::string name, T point_params::*member, std::string unit,
                   std::string doc, key_range r = {}, std::vector<std::string> choices = {}) {
    param_key k;
    k.section = std::move(section);
    k.name = std::move(name);
    k.unit = std::move(unit);
    k.doc = std::move(doc);
    k.lo = r.lo;
    k.hi = r.hi;
    k.has_lo = r.has_lo;
    k.has_hi = r.has_hi;
    k.lo_open = r.lo_open;
    k.hi_open = r.hi_open;
    k.choices = std::move(choices);
    if constexpr (std::is_same_v<T, std::int64_t>) {
        k.kind = value_kind::integer;
        k.set = [member](point_params& p, const param_value& v) { p.*member = std::get<std::int64_t>(v); };
    } else if constexpr (std::is_same_v<T, double>) {
        k.kind = value_kind::real;
        k.set = [member](point_params& p, const param_value& v) { p.*member = as_number(v); };
    } else if constexpr (std::is_same_v<T, bool>) {
        k.kind = value_kind::boolean;
        k.set = [member](point_params& p, const param_value& v) { p.*member = std::get<bool>(v); };
    } else {
        k.kind = value_kind::text;
        k.set = [member](point_params& p, const param_value& v) { p.*member = std::get<std::string>(v); };
    }
    k.get = [member](const point_params& p) { return param_value(p.*member); };
    return k;
}

// A seed key: its values are independent realisations (param_key::seed).
inline param_key seed_key(param_key k) {
    k.seed = true;
    return k;
}

// A key that can change a point's results only where `rule` holds (param_key::applies).
inline param_key applies_when(param_key k, std::function<bool(const point_params&)> rule) {
    k.applies = std::move(rule);
    return k;
}

// The common keys, then each model's own keys (model_rules::keys) in registration order.
const std::vector<param_key>& param_table();
// By leaf name ("cv") or dotted path ("tau.cv"); nullptr if unknown.
const param_key* find_param(const std::string& name);

// The known key closest to a misspelt one, or "".
std::string closest_param(const std::string& name);

}  // namespace hetsweep
