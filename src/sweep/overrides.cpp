// The command line's grammar for changing a spec (key=value, grid.NAME.key=value): shell-friendly
// values turned into TOML, then set by the reader's own rules.

#include <hetsweep/sweep/spec.hpp>

#include "axis_values.hpp"
#include "spec_axes.hpp"
#include "spec_reader.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <string>
#include <vector>

namespace hetsweep {

namespace {

// [lognormal, gamma] -> ["lognormal", "gamma"]: in a list, the items that are neither numbers,
// booleans nor quoted are quoted, so that a shell user need not escape quotes. Other text is kept.
std::string bare_words_quoted(const std::string& value) {
    if (value.size() < 2 || value.front() != '[' || value.back() != ']' ||
        value.find_first_of("\"'[]", 1) != value.size() - 1)
        return value;
    std::string out = "[";
    std::size_t from = 1;
    while (from < value.size()) {
        std::size_t to = value.find(',', from);
        if (to == std::string::npos) to = value.size() - 1;
        std::string item = value.substr(from, to - from);
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? "" : item.substr(first, last - first + 1);
        bool scalar = item == "true" || item == "false";
        if (!scalar && !item.empty()) {
            try {
                const toml::table probe = toml::parse("v = " + item);
                scalar = probe.get("v") && (probe.get("v")->is_number() || probe.get("v")->is_boolean());
            } catch (const toml::parse_error&) {
            }
        }
        out += (out.size() > 1 ? ", " : "") + (scalar || item.empty() ? item : "\"" + item + "\"");
        from = to + 1;
    }
    return out + "]";
}

}  // namespace

void apply_override(sweep_spec& spec, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw config_error("override \"" + assignment + "\": expected key=value");
    const auto trim = [](std::string x) {
        const auto first = x.find_first_not_of(" \t");
        const auto last = x.find_last_not_of(" \t");
        return first == std::string::npos ? std::string() : x.substr(first, last - first + 1);
    };
    const std::string name = trim(assignment.substr(0, eq));
    const std::string value = trim(assignment.substr(eq + 1));
    const std::string where = "override " + assignment + ": ";
    if (name == "sweep.seed" || name == "sweep.name" || name == "sweep.batch" || name == "sweep.zip") {
        toml::table t;
        try {
            t = toml::parse(name.substr(6) + " = " + value);
        } catch (const toml::parse_error&) {
            // A bare word is a string; one that cannot be written as a TOML string is refused here.
            if (value.find_first_of("\"\\\n\r") != std::string::npos)
                throw config_error(where +
                                   "not a TOML value, and a bare word may not hold a quote, a backslash "
                                   "or a line break (write it as a quoted TOML string)");
            try {
                t = toml::parse(name.substr(6) + " = \"" + value + "\"");
            } catch (const toml::parse_error& e) {
                throw config_error(where + "not a TOML value (" + std::string(e.description()) + ")");
            }
        }
        parse_sweep_table(spec, t, where);
        check_zip(spec, where);
        return;
    }
    // grid.NAME.key: one [[grid]] table's key.
    grid_part* part = nullptr;
    std::string key_name = name;
    if (name.rfind("grid.", 0) == 0) {
        const auto dot = name.find('.', 5);
        const std::string part_name = name.substr(5, dot == std::string::npos ? std::string::npos : dot - 5);
        for (auto& g : spec.grids)
            if (g.name == part_name) part = &g;
        if (!part) {
            std::vector<std::string> names;
            for (const auto& g : spec.grids) names.push_back(g.name);
            throw config_error(where + "no [[grid]] named \"" + part_name + "\" (" +
                               (names.empty() ? std::string("the spec has no [[grid]] tables")
                                              : "its grids: " + join(names)) +
                               ")");
        }
        if (dot == std::string::npos) throw config_error(where + "expected grid." + part_name + ".KEY=VALUE");
        key_name = name.substr(dot + 1);
    }
    const param_key* key = find_param(key_name);
    if (!key) throw config_error(where + unknown_key_message(key_name));
    toml::table t;
    if (auto range = range_values(value, where)) {
        t.insert("v", *range);
    } else if (auto powers = geometric_values(value, where)) {
        t.insert("v", *powers);
    } else {
        try {
            t = toml::parse("v = " + bare_words_quoted(value));
        } catch (const toml::parse_error& e) {
            // Not TOML: a bare word. Right for a string key; for any other key the
            // type check below names the key, the word and the rule.
            if (value.find_first_of("\"[]{},=\\\n\r") != std::string::npos)
                throw config_error(where + "cannot read the value: " + std::string(e.description()));
            t.insert("v", value);
        }
    }
    if (part) {
        set_key(*part, *key, *t.get("v"), where);
    } else {
        set_key(spec, *key, *t.get("v"), where);
        // The command line has the last word: no grid keeps its own value of the key.
        for (auto& g : spec.grids) erase_key(g, *key);
    }
    check_zip(spec, where);
    spec.parts();
}

}  // namespace hetsweep
