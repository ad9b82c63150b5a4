// A spec file read: its TOML tables, checked key by key against the key table, every error of the
// file reported at once.

#include "spec_reader.hpp"
#include "spec_hypotheses.hpp"

#include "spec_axes.hpp"
#include "spec_tau_files.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
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

// A TOML value of `key`: an axis (a list) or one value.
std::variant<axis, param_value> read_node(const param_key& key, const toml::node& node,
                                          const std::string& where) {
    if (auto arr = node.as_array()) return parse_axis(key, *arr, where);
    if (node.is_table())
        throw config_error(where + key.path() + ": expected a value or a list of values, not a table");
    return convert(key, node, where);
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

// A [[grid]] name: it appears in messages and overrides (grid.NAME.key=value), not in the spec hash.
bool valid_part_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

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

}  // namespace

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

void set_key(grid_part& part, const param_key& key, const toml::node& node, const std::string& where) {
    auto read = read_node(key, node, where);
    erase_key(part, key);
    if (auto* a = std::get_if<axis>(&read))
        put_axis(part.axes, std::move(*a));
    else
        part.values.emplace_back(&key, std::move(std::get<param_value>(read)));
}

void parse_sweep_table(sweep_spec& spec, const toml::table& table, const std::string& where) {
    error_list errors;
    for (const auto& [k, node] : table)
        errors.collect(
            [&, &k = k, &node = node] { parse_sweep_key(spec, std::string(k.str()), node, where); });
    errors.throw_if_any(false);
}

std::string unknown_key_message(const std::string& path) {
    std::string msg = path + ": unknown key";
    const std::string near = closest_param(path);
    if (!near.empty()) msg += " (did you mean " + near + "?)";
    return msg;
}

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
            if (section == "hypothesis") {
                spec.hypotheses = parse_hypotheses(node, where);
                return;
            }
            if (!is_model_section(section)) {
                if (find_param(section))
                    throw config_error(where + section + ": model keys belong in their section: " +
                                       find_param(section)->path());
                throw config_error(where + section + ": unknown section (sections are sweep, " +
                                   section_list() + ", and [[grid]] and [[hypothesis]] tables)");
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

}  // namespace hetsweep
