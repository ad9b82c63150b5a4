#pragma once

// Axes written as a rule, not a list (START:STOP:STEP, BASE*FACTOR^FIRST..LAST). Shared: defined
// in axis_values.cpp, used by the command-line overrides (overrides.cpp).

#include <toml++/toml.h>

#include <optional>
#include <string>

namespace hetsweep {

// START:STOP:STEP as a list of values; nothing if `value` is not of that form. Throws config_error
// (prefixed by `where`) for a range of that form that breaks its rule.
std::optional<toml::array> range_values(const std::string& value, const std::string& where);
// BASE*FACTOR^FIRST..LAST as a list of values; nothing if `value` is not of that form. Throws
// config_error (prefixed by `where`) for one of that form that breaks its rule.
std::optional<toml::array> geometric_values(const std::string& value, const std::string& where);

}  // namespace hetsweep
