#include "spec_hypotheses.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/names.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace hetsweep {

namespace {

const std::vector<std::string> hypothesis_keys{"name", "claim",  "compare", "slope", "contrast", "where",
                                               "test", "margin", "family",  "alpha", "tuned"};

bool valid_name(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == '.';
    });
}

std::string text_of(const toml::node& value, const std::string& here, const std::string& key) {
    if (!value.is_string()) throw config_error(here + key + ": must be a string");
    return value.as_string()->get();
}

// A KEY=VALUE text with one value (compare, contrast); `what` names it in the error.
std::string key_value(const toml::node& value, const std::string& here, const std::string& key,
                      const std::string& what) {
    std::string text = text_of(value, here, key);
    if (text.find('=') == std::string::npos || text.find_first_of("<>!,") != std::string::npos)
        throw config_error(here + key + " = \"" + text + "\": must be KEY=VALUE, " + what);
    return text;
}

double number_of(const toml::node& value, const std::string& here, const std::string& key) {
    if (value.is_integer()) return double(value.as_integer()->get());
    if (value.is_floating_point()) return value.as_floating_point()->get();
    throw config_error(here + key + ": must be a number");
}

}  // namespace

std::vector<hypothesis_spec> parse_hypotheses(const toml::node& node, const std::string& where) {
    const auto* arr = node.as_array();
    if (!arr || arr->empty() || !arr->is_array_of_tables())
        throw config_error(where + "hypothesis: hypotheses are [[hypothesis]] tables, each with a name");
    std::vector<hypothesis_spec> out;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto& table = *arr->get(i)->as_table();
        hypothesis_spec h;
        const auto* name = table.get("name");
        if (!name || !name->is_string() || !valid_name(name->as_string()->get()))
            throw config_error(where + "[[hypothesis]] number " + std::to_string(i + 1) +
                               ": each needs a name of 1-64 letters, digits, _, - or .");
        h.name = name->as_string()->get();
        for (const auto& other : out)
            if (other.name == h.name)
                throw config_error(where + "[[hypothesis]] name = \"" + h.name +
                                   "\": two hypotheses have this name");
        const std::string here = where + "hypothesis " + h.name + ": ";
        bool has_margin = false;
        for (const auto& [k, value] : table) {
            const std::string key(k.str());
            if (key == "name") continue;
            if (key == "claim") {
                h.claim = text_of(value, here, key);
            } else if (key == "compare") {
                h.compare = key_value(value, here, key, "the partners' value (compare = \"cv=0\")");
            } else if (key == "slope") {
                h.slope = text_of(value, here, key);
                if (h.slope.empty() || h.slope.find_first_of("=<>!, ") != std::string::npos)
                    throw config_error(here + "slope = \"" + h.slope +
                                       "\": must be one numeric key (slope = \"skew\")");
            } else if (key == "contrast") {
                h.contrast =
                    key_value(value, here, key, "the reference row's value (contrast = \"dt=0.0025\")");
            } else if (key == "where") {
                const auto* list = value.as_array();
                if (!list)
                    throw config_error(here + "where: must be a list of conditions ([\"model=rate\"])");
                for (const auto& item : *list) h.where.push_back(text_of(item, here, "where"));
            } else if (key == "test") {
                h.test = text_of(value, here, key);
                const auto& tests = hypothesis_tests();
                if (std::find(tests.begin(), tests.end(), h.test) == tests.end()) {
                    const std::size_t near = nearest_name(h.test, tests);
                    throw config_error(here + "test = \"" + h.test + "\": must be one of " + join(tests) +
                                       (near < tests.size() ? " (did you mean " + tests[near] + "?)" : ""));
                }
            } else if (key == "margin") {
                h.margin = number_of(value, here, key);
                has_margin = true;
                if (!(h.margin > 0) || !std::isfinite(h.margin))
                    throw config_error(here + "margin = " + shortest(h.margin) +
                                       ": must be a finite number > 0 (R^2)");
            } else if (key == "family") {
                h.family = text_of(value, here, key);
                if (!valid_name(h.family))
                    throw config_error(here + "family = \"" + h.family +
                                       "\": must be 1-64 letters, digits, _, - or .");
            } else if (key == "tuned") {
                h.tuned = text_of(value, here, key);
            } else if (key == "alpha") {
                h.alpha = number_of(value, here, key);
                if (!(h.alpha > 0 && h.alpha < 1))
                    throw config_error(here + "alpha = " + shortest(h.alpha) + ": must be in (0, 1)");
            } else {
                const std::size_t near = nearest_name(key, hypothesis_keys);
                throw config_error(
                    here + key + ": unknown key (a [[hypothesis]] takes " + join(hypothesis_keys) + ")" +
                    (near < hypothesis_keys.size() ? "; did you mean " + hypothesis_keys[near] + "?" : ""));
            }
        }
        if (h.compare.empty() && h.slope.empty())
            throw config_error(here +
                               "compare: missing (the partners' KEY=VALUE, as \"cv=0\"; or slope = KEY for a "
                               "trend)");
        if (!h.compare.empty() && !h.slope.empty())
            throw config_error(here + "compare = \"" + h.compare + "\" and slope = \"" + h.slope +
                               "\": a hypothesis is a paired comparison or a slope, not both");
        if (!h.contrast.empty() && h.compare.empty())
            throw config_error(here + "contrast = \"" + h.contrast +
                               "\": a contrast is between paired differences; it needs compare = KEY=VALUE");
        if (h.test.empty())
            throw config_error(here + "test: missing (one of " + join(hypothesis_tests()) + ")");
        const bool needs_margin = h.test == "no_worse" || h.test == "equivalent";
        if (needs_margin && !has_margin)
            throw config_error(here + "test = \"" + h.test +
                               "\" needs a margin (R^2: how much worse, or how far apart, "
                               "still counts as no worse or equivalent), written before the run");
        if (!needs_margin && has_margin)
            throw config_error(here + "margin: applies to no_worse and equivalent only, not to test = \"" +
                               h.test + "\"");
        out.push_back(std::move(h));
    }
    return out;
}

}  // namespace hetsweep
