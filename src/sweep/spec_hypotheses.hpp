#pragma once

// The [[hypothesis]] tables of a spec (sweep/hypothesis.hpp), read and checked: every key named,
// every value against its rule.

#include <hetsweep/sweep/hypothesis.hpp>

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace hetsweep {

// `where` prefixes every message ("spec.toml: "). Throws config_error naming the hypothesis, the key,
// the value and the rule.
std::vector<hypothesis_spec> parse_hypotheses(const toml::node& node, const std::string& where);

}  // namespace hetsweep
