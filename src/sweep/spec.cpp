#include <hetsweep/sweep/spec.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/fnv1a.hpp>
#include <hetsweep/vocab/numerics.hpp>
#include <hetsweep/vocab/tau_file.hpp>
#include <hetsweep/vocab/tau_rules.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <variant>

namespace hetsweep {

namespace {

// Every section that holds model keys, in key-table order.
const std::vector<std::string>& model_sections() {
    static const std::vector<std::string> sections = [] {
        std::vector<std::string> out;
        for (const auto& k : param_table())
            if (std::find(out.begin(), out.end(), k.section) == out.end()) out.push_back(k.section);
        return out;
    }();
    return sections;
}

bool is_model_section(const std::string& name) {
    return std::find(model_sections().begin(), model_sections().end(), name) != model_sections().end();
}

// Errors gathered while reading a spec, so that one run reports them all: each step that may
// throw config_error runs through collect(); throw_if_any() then throws one error of every message,
// a line each (at most `limit`, and how many more).
class error_list {
  public:
    static constexpr std::size_t limit = 20;
    template <class Step>
    void collect(Step&& step) {
        try {
            step();
        } catch (const config_error& e) {
            std::string text = e.what();
            for (std::size_t from = 0; from <= text.size();) {  // a step may report several lines
                const std::size_t end = std::min(text.find('\n', from), text.size());
                if (end > from) lines_.push_back(text.substr(from, end - from));
                from = end + 1;
            }
        }
    }
    // `capped`: the spec's own list; a section's list, collected into the spec's, is not cut.
    void throw_if_any(bool capped = true) const {
        if (lines_.empty()) return;
        const std::size_t shown = capped ? std::min(lines_.size(), limit) : lines_.size();
        std::string out;
        for (std::size_t i = 0; i < shown; ++i) out += (i ? "\n" : "") + lines_[i];
        if (lines_.size() > shown) out += "\n... and " + std::to_string(lines_.size() - shown) + " more";
        throw config_error(out);
    }

  private:
    std::vector<std::string> lines_;
};

std::string describe_node(const toml::node& node) {
    std::ostringstream out;
    if (auto s = node.as_string())
        out << '"' << s->get() << '"';
    else if (auto i = node.as_integer())
        out << i->get();
    else if (auto f = node.as_floating_point())
        out << format_value(f->get());  // as written: 1.0000001, 200.0
    else if (auto b = node.as_boolean())
        out << (b->get() ? "true" : "false");
    else if (node.is_array())
        out << "[...]";
    else if (node.is_table())
        out << "{...}";
    else
        out << "(date/time)";
    return out.str();
}

// One TOML value as the key's type, or a config_error naming key, value and rule.
param_value convert(const param_key& key, const toml::node& node, const std::string& where) {
    param_value v;
    bool typed = true;
    switch (key.kind) {
        case value_kind::integer:
            if (auto i = node.as_integer())
                v = i->get();
            else
                typed = false;
            break;
        case value_kind::real:
            if (auto f = node.as_floating_point())
                v = f->get();
            else if (auto i = node.as_integer())
                v = double(i->get());
            else
                typed = false;
            break;
        case value_kind::boolean:
            if (auto b = node.as_boolean())
                v = b->get();
            else
                typed = false;
            break;
        case value_kind::text:
            if (auto s = node.as_string())
                v = s->get();
            else
                typed = false;
            break;
    }
    const std::string broken = typed ? key.check(v) : key.rule();
    if (!broken.empty()) throw config_error(where + key.path() + " = " + describe_node(node) + ": " + broken);
    return v;
}

// A list as the key's axis, each value checked; throws config_error naming the key and the value.
axis parse_axis(const param_key& key, const toml::array& arr, const std::string& where) {
    if (arr.empty()) throw config_error(where + key.path() + " = []: an axis needs at least one value");
    axis a{&key, {}};
    std::set<param_value> seen;  // ordered like ==, so that a long axis is checked in n log n
    for (const auto& element : arr) {
        if (element.is_array() || element.is_table())
            throw config_error(where + key.path() + ": an axis is a flat list of values, not nested lists");
        param_value v = convert(key, element, where);
        if (!seen.insert(v).second)
            throw config_error(where + key.path() + ": the value " + format_value(v) + " is listed twice");
        a.values.push_back(std::move(v));
    }
    return a;
}

void erase_axis(std::vector<axis>& axes, const param_key& key) {
    axes.erase(std::remove_if(axes.begin(), axes.end(), [&](const axis& a) { return a.key == &key; }),
               axes.end());
}

// Adds an axis in param_table order, replacing any axis of its key.
void put_axis(std::vector<axis>& axes, axis a) {
    erase_axis(axes, *a.key);
    axes.push_back(std::move(a));
    const auto& table = param_table();
    std::sort(axes.begin(), axes.end(), [&](const axis& x, const axis& y) {
        return std::distance(&table[0], x.key) < std::distance(&table[0], y.key);
    });
}

// A TOML value of `key`: an axis (a list) or one value.
std::variant<axis, param_value> read_node(const param_key& key, const toml::node& node,
                                          const std::string& where) {
    if (auto arr = node.as_array()) return parse_axis(key, *arr, where);
    if (node.is_table())
        throw config_error(where + key.path() + ": expected a value or a list of values, not a table");
    return convert(key, node, where);
}

// A key given twice (file then command line) keeps the last value: an axis replaces the value, a
// value the axis.
void set_key(sweep_spec& spec, const param_key& key, const toml::node& node, const std::string& where) {
    auto read = read_node(key, node, where);
    erase_axis(spec.axes, key);
    if (auto* a = std::get_if<axis>(&read))
        put_axis(spec.axes, std::move(*a));
    else
        key.set(spec.base, std::get<param_value>(read));
}

// A [[grid]] table without its own value or axis of `key`.
void erase_key(grid_part& part, const param_key& key) {
    auto& values = part.values;
    values.erase(std::remove_if(values.begin(), values.end(), [&](const auto& v) { return v.first == &key; }),
                 values.end());
    erase_axis(part.axes, key);
}

void set_key(grid_part& part, const param_key& key, const toml::node& node, const std::string& where) {
    auto read = read_node(key, node, where);
    erase_key(part, key);
    if (auto* a = std::get_if<axis>(&read))
        put_axis(part.axes, std::move(*a));
    else
        part.values.emplace_back(&key, std::move(std::get<param_value>(read)));
}

std::vector<std::vector<std::string>> parse_zip(const toml::node& node, const std::string& where) {
    const std::string bad = where + "sweep.zip: must be a list of axis names, or a list of such lists";
    auto arr = node.as_array();
    if (!arr) throw config_error(bad);
    std::vector<std::vector<std::string>> groups;
    auto names_of = [&](const toml::array& a) {
        std::vector<std::string> names;
        for (const auto& n : a) {
            auto s = n.as_string();
            if (!s) throw config_error(bad);
            names.push_back(s->get());
        }
        return names;
    };
    if (!arr->empty() && arr->front().is_array()) {
        for (const auto& g : *arr) {
            if (!g.is_array()) throw config_error(bad);
            groups.push_back(names_of(*g.as_array()));
        }
    } else if (!arr->empty()) {
        groups.push_back(names_of(*arr));
    }
    return groups;
}

void parse_sweep_key(sweep_spec& spec, const std::string& key, const toml::node& node,
                     const std::string& where);

void parse_sweep_table(sweep_spec& spec, const toml::table& table, const std::string& where) {
    error_list errors;
    for (const auto& [k, node] : table)
        errors.collect(
            [&, &k = k, &node = node] { parse_sweep_key(spec, std::string(k.str()), node, where); });
    errors.throw_if_any(false);
}

void parse_sweep_key(sweep_spec& spec, const std::string& key, const toml::node& node,
                     const std::string& where) {
    {
        if (key == "name") {
            auto s = node.as_string();
            if (!s || s->get().empty())
                throw config_error(where + "sweep.name = " + describe_node(node) +
                                   ": must be a non-empty string");
            spec.name = s->get();
        } else if (key == "seed") {
            auto i = node.as_integer();
            if (!i || i->get() < 0)
                throw config_error(where + "sweep.seed = " + describe_node(node) +
                                   ": must be an integer >= 0");
            spec.seed = std::uint64_t(i->get());
        } else if (key == "batch") {
            auto i = node.as_integer();
            if (!i || i->get() < 1 || i->get() > std::int64_t(max_batch))
                throw config_error(where + "sweep.batch = " + describe_node(node) +
                                   ": must be an integer in [1, " + std::to_string(max_batch) + "]");
            spec.batch = std::size_t(i->get());
        } else if (key == "zip") {
            spec.zip = parse_zip(node, where);
        } else if (key == "description") {
            if (!node.is_string()) throw config_error(where + "sweep.description: must be a string");
        } else {
            throw config_error(where + "sweep." + key +
                               ": unknown key (the [sweep] keys are name, seed, batch, zip, description)");
        }
    }
}

void check_zip(const sweep_spec& spec, const std::string& where) {
    std::set<std::string> seen;
    for (const auto& group : spec.zip) {
        if (group.size() < 2) throw config_error(where + "sweep.zip: each group names at least two axes");
        std::size_t length = 0;
        for (const auto& name : group) {
            const axis* a = spec.find_axis(name);
            if (!a)
                throw config_error(where + "sweep.zip: \"" + name +
                                   "\" is not an axis (zip names keys that are given as lists)");
            if (!seen.insert(a->key->name).second)
                throw config_error(where + "sweep.zip: \"" + name + "\" appears in more than one group");
            if (length && a->values.size() != length)
                throw config_error(where + "sweep.zip: axes " + group.front() + " and " + name +
                                   " vary together but have " + std::to_string(length) + " and " +
                                   std::to_string(a->values.size()) + " values");
            length = a->values.size();
        }
    }
}

// A [[grid]] name: it appears in messages and overrides (grid.NAME.key=value), not in the spec hash.
bool valid_part_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

std::string unknown_key_message(const std::string& path);

// The model keys of one section table, each set on `target` (the spec or a [[grid]] table).
template <class Target>
void set_section(Target& target, const std::string& section, const toml::node& node,
                 const std::string& where) {
    if (!node.is_table()) throw config_error(where + section + ": must be a table ([" + section + "])");
    error_list errors;
    for (const auto& [leaf, value] : *node.as_table()) {
        errors.collect([&] {
            const std::string path = section + "." + std::string(leaf.str());
            const param_key* key = find_param(path);
            if (!key) throw config_error(where + unknown_key_message(path));
            set_key(target, *key, value, where);
        });
    }
    errors.throw_if_any(false);
}

std::string section_list();

void parse_grid_tables(sweep_spec& spec, const toml::node& node, const std::string& where) {
    const auto* arr = node.as_array();
    if (!arr || arr->empty() || !arr->is_array_of_tables())
        throw config_error(where +
                           "grid: a design is one or more [[grid]] tables, each with a name and model keys");
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto& table = *arr->get(i)->as_table();
        grid_part part;
        const auto* name = table.get("name");
        if (!name || !name->is_string() || !valid_part_name(name->as_string()->get()))
            throw config_error(where + "[[grid]] number " + std::to_string(i + 1) +
                               ": name = " + (name ? describe_node(*name) : std::string("(missing)")) +
                               ": each [[grid]] needs a name of 1-64 letters, digits, _ or -");
        part.name = name->as_string()->get();
        for (const auto& other : spec.grids)
            if (other.name == part.name)
                throw config_error(where + "[[grid]] name = \"" + part.name + "\": two grids have this name");
        const std::string here = where + "grid " + part.name + ": ";
        for (const auto& [k, value] : table) {
            const std::string key(k.str());
            if (key == "name" || key == "description") {
                if (!value.is_string()) throw config_error(here + key + ": must be a string");
            } else if (key == "zip") {
                part.zip = parse_zip(value, here);
            } else if (is_model_section(key)) {
                set_section(part, key, value, here);
            } else {
                throw config_error(here + key +
                                   ": unknown key (a [[grid]] takes name, description, zip and the "
                                   "model sections " +
                                   section_list() + ")");
            }
        }
        spec.grids.push_back(std::move(part));
    }
}

std::string stem_of(const std::string& path) {
    auto base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    return base.substr(0, base.rfind('.'));
}

std::string section_list() {
    return join(model_sections());
}

std::string unknown_key_message(const std::string& path) {
    std::string msg = path + ": unknown key";
    const std::string near = closest_param(path);
    if (!near.empty()) msg += " (did you mean " + near + "?)";
    return msg;
}

}  // namespace

const axis* sweep_spec::find_axis(const std::string& name) const {
    for (const auto& a : axes)
        if (a.key->name == name || a.key->path() == name) return &a;
    return nullptr;
}

namespace {

// Every file named by tau.file, as written: each loaded now from the spec's directory, so that a
// missing or malformed file is a spec error and the points find it by its name.
std::vector<std::string> tau_file_names(const sweep_spec& spec) {
    std::set<std::string> names;
    auto add = [&](const param_value& v) {
        if (const auto* s = std::get_if<std::string>(&v); s && !s->empty()) names.insert(*s);
    };
    add(spec.base.tau_file);
    auto add_axes = [&](const std::vector<axis>& axes) {
        for (const auto& a : axes)
            if (a.key->path() == "tau.file")
                for (const auto& v : a.values) add(v);
    };
    add_axes(spec.axes);
    for (const auto& g : spec.grids) {
        add_axes(g.axes);
        for (const auto& [key, value] : g.values)
            if (key->path() == "tau.file") add(value);
    }
    return {names.begin(), names.end()};
}

void load_tau_files(const sweep_spec& spec, const std::string& where) {
    for (const auto& name : tau_file_names(spec)) {
        std::filesystem::path file(name);
        if (file.is_relative() && !spec.origin.empty())
            file = std::filesystem::path(spec.origin).parent_path() / file;
        try {
            load_tau_file(name, file.lexically_normal().string());
        } catch (const config_error& e) {
            throw config_error(where + e.what());
        }
    }
}

}  // namespace

sweep_spec parse_spec(const std::string& text, const std::string& origin) {
    const std::string where = origin.empty() ? "" : origin + ": ";
    toml::table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << where << "line " << e.source().begin.line << ": " << e.description();
        throw config_error(msg.str());
    }
    sweep_spec spec;
    spec.origin = origin;
    spec.text = text;
    spec.name = stem_of(origin);
    // Every error of the file at once (up to error_list::limit), not the first alone.
    error_list errors;
    for (const auto& [k, node] : root) {
        const std::string section(k.str());
        errors.collect([&, &node = node] {
            if (section == "sweep") {
                if (!node.is_table()) throw config_error(where + "sweep: must be a table ([sweep])");
                parse_sweep_table(spec, *node.as_table(), where);
                return;
            }
            if (section == "grid") return;  // after the spec's own keys, whatever the file's order
            if (!is_model_section(section)) {
                if (find_param(section))
                    throw config_error(where + section + ": model keys belong in their section: " +
                                       find_param(section)->path());
                throw config_error(where + section + ": unknown section (sections are sweep, " +
                                   section_list() + ", and [[grid]] tables)");
            }
            set_section(spec, section, node, where);
        });
    }
    if (const auto* grids = root.get("grid")) errors.collect([&] { parse_grid_tables(spec, *grids, where); });
    errors.throw_if_any();
    if (spec.name.empty()) spec.name = "sweep";
    check_zip(spec, where);
    spec.parts();  // each grid's zip groups against its own axes
    load_tau_files(spec, where);
    return spec;
}

std::string read_spec_file(const std::string& path) {
    // Checked before opening: a FIFO would block the open, a device or a folder read as no spec.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw config_error(path + ": cannot read the spec file (" +
                           (ec ? ec.message() : std::string("no such file")) + ")");
    if (!std::filesystem::is_regular_file(status))
        throw config_error(path + ": not a regular file (a spec is a TOML file)");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > max_spec_bytes)
        throw config_error(path + ": " + (ec ? ec.message() : std::to_string(size) + " bytes") +
                           "; a spec is at most " + std::to_string(max_spec_bytes) + " bytes");
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) throw config_error(path + ": cannot read the spec file");
    return buffer.str();
}

sweep_spec load_spec(const std::string& path) {
    return parse_spec(read_spec_file(path), path);
}

namespace {

// x rounded to 12 significant digits: the value a generated axis holds (0.30000000000000004 is 0.3).
double twelve_digits(double x) {
    char text[64];
    std::snprintf(text, sizeof text, "%.12g", x);
    return std::strtod(text, nullptr);
}

// START:STOP:STEP, as an axis of numbers START, START + STEP, ..., STOP (STOP reached exactly, to
// 1e-9 of a step); nothing if `value` is not of that form. Each value is rounded to 12 significant
// digits, so that 0:1:0.1 gives 0.3, not 0.30000000000000004.
std::optional<toml::array> range_values(const std::string& value, const std::string& where) {
    if (std::count(value.begin(), value.end(), ':') != 2 || value.find_first_of("\"'[]") != std::string::npos)
        return std::nullopt;
    double part[3];
    std::size_t from = 0;
    for (int k = 0; k < 3; ++k) {
        const std::size_t to = k < 2 ? value.find(':', from) : value.size();
        const std::string text = value.substr(from, to - from);
        char* end = nullptr;
        part[k] = std::strtod(text.c_str(), &end);
        if (text.empty() || *end || !std::isfinite(part[k])) return std::nullopt;
        from = to + 1;
    }
    const auto [start, stop, step] = part;
    const std::string rule =
        ": a range is START:STOP:STEP with STEP > 0, STOP >= START, STOP - START a whole "
        "number of steps and at most 10000 values";
    if (!(step > 0) || stop < start) throw config_error(where + value + rule);
    const double steps = (stop - start) / step;
    if (steps > 9999 || std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps))
        throw config_error(where + value + rule);
    // Whole numbers stay integers, so that N=100:400:100 fits an integer key.
    const bool whole = std::trunc(start) == start && std::trunc(step) == step && std::fabs(stop) < 1e15;
    toml::array out;
    for (long i = 0; i <= std::lround(steps); ++i) {
        if (whole) {
            out.push_back(std::int64_t(start) + std::int64_t(i) * std::int64_t(step));
            continue;
        }
        out.push_back(twelve_digits(start + double(i) * step));
    }
    return out;
}

// BASE*FACTOR^FIRST..LAST, as an axis BASE*FACTOR^FIRST, ..., BASE*FACTOR^LAST (whole exponents):
// 50*2^0..4 is [50, 100, 200, 400, 800]. Nothing if `value` is not of that form. Integers stay
// integers; other values are rounded to 12 significant digits, as ranges are.
std::optional<toml::array> geometric_values(const std::string& value, const std::string& where) {
    static const std::regex form(R"(^([-+0-9.eE]+)\*([-+0-9.eE]+)\^(-?[0-9]+)\.\.(-?[0-9]+)$)");
    std::smatch m;
    if (!std::regex_match(value, m, form)) return std::nullopt;
    const std::string rule =
        ": a geometric axis is BASE*FACTOR^FIRST..LAST with finite BASE and FACTOR > 0, whole "
        "exponents FIRST <= LAST, at most 10000 values, each finite";
    char* end = nullptr;
    const double base = std::strtod(m[1].str().c_str(), &end);
    if (*end || !std::isfinite(base)) throw config_error(where + value + rule);
    const double factor = std::strtod(m[2].str().c_str(), &end);
    if (*end || !(factor > 0) || !std::isfinite(factor)) throw config_error(where + value + rule);
    const long first = std::strtol(m[3].str().c_str(), nullptr, 10),
               last = std::strtol(m[4].str().c_str(), nullptr, 10);
    if (last < first || last - first > 9999) throw config_error(where + value + rule);
    const bool whole = std::trunc(base) == base && std::trunc(factor) == factor && first >= 0;
    toml::array out;
    for (long k = first; k <= last; ++k) {
        const double x = base * std::pow(factor, double(k));
        if (!std::isfinite(x)) throw config_error(where + value + rule);
        if (whole && std::fabs(x) < 1e15) {
            out.push_back(std::int64_t(std::llround(x)));
            continue;
        }
        out.push_back(twelve_digits(x));
    }
    return out;
}

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

std::vector<sweep_spec> sweep_spec::parts() const {
    if (grids.empty()) return {*this};
    std::vector<sweep_spec> out;
    const std::string where = origin.empty() ? "" : origin + ": ";
    for (const auto& g : grids) {
        sweep_spec part = *this;
        part.grids.clear();
        for (const auto& [key, value] : g.values) {
            erase_axis(part.axes, *key);
            key->set(part.base, value);
        }
        for (const auto& a : g.axes) put_axis(part.axes, a);
        part.zip.insert(part.zip.end(), g.zip.begin(), g.zip.end());
        check_zip(part, where + "grid " + g.name + ": ");
        out.push_back(std::move(part));
    }
    return out;
}

namespace {

// Zip groups in table order, inside and across groups: how they are spelt does not change the grid.
void write_zip(std::ostream& out, const sweep_spec& spec) {
    const auto& table = param_table();
    auto rank = [&](const std::string& name) { return std::distance(&table[0], spec.find_axis(name)->key); };
    std::vector<std::vector<std::string>> groups = spec.zip;
    for (auto& group : groups)
        std::sort(group.begin(), group.end(),
                  [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    std::sort(groups.begin(), groups.end(),
              [&](const auto& a, const auto& b) { return rank(a[0]) < rank(b[0]); });
    for (const auto& group : groups) {
        out << "sweep.zip =";
        for (const auto& n : group) out << ' ' << spec.find_axis(n)->key->name;
        out << '\n';
    }
}

// "key = value" or "key = [v1, v2]" for an axis.
void write_key(std::ostream& out, const sweep_spec& spec, const param_key& key) {
    out << key.path() << " = ";
    if (const axis* a = spec.find_axis(key.name)) {
        out << '[';
        for (std::size_t i = 0; i < a->values.size(); ++i)
            out << (i ? ", " : "") << format_value(a->values[i]);
        out << ']';
    } else {
        out << format_value(key.get(spec.base));
    }
    out << '\n';
}

}  // namespace

std::string sweep_spec::invariants() const {
    std::ostringstream out;
    out << "hetsweep-spec 2\nnumerics " << numerics_version << "\nsweep.seed = " << seed << '\n';
    if (trivial) out << "benchmark.trivial = true\n";
    return out.str();
}

std::string sweep_spec::canonical() const {
    std::ostringstream out;
    out << invariants();
    const point_params defaults;
    // A design by its grids as resolved, in order: what each computes, not how the file spells it
    // (a grid's name is for people and does not enter).
    const auto resolved = parts();
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        if (!grids.empty()) out << "grid " << i + 1 << '\n';
        const sweep_spec& part = resolved[i];
        for (const auto& key : param_table())
            if (part.find_axis(key.name) ||
                format_value(key.get(part.base)) != format_value(key.get(defaults)))
                write_key(out, part, key);
        write_zip(out, part);
    }
    // A file of time constants enters by its content, not only its name.
    for (const auto& name : tau_file_names(*this))
        out << "tau.file " << quoted(name) << " content " << tau_file_hash(name) << '\n';
    return out.str();
}

std::string sweep_spec::hash() const {
    return fnv1a64_hex(canonical());
}

}  // namespace hetsweep
