#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <iostream>
#include <map>

namespace hetsweep::cli {

// Every spec key with its default and rule, as a Markdown table (docs/specs.md's
// key reference is this command's output).
int cmd_keys(const std::vector<std::string>& words) {
    const args a(words, {}, {"format"});
    if (!a.positional().empty()) throw config_error("usage: hetsweep keys [--format table|json]");
    const std::string format = a.option_or("format", "table");
    if (format != "table" && format != "json")
        throw config_error("--format " + format + ": must be table or json");
    const point_params defaults;
    // The models that read a section of their own, so that a user sees which keys matter to which model.
    std::map<std::string, std::vector<std::string>> readers;
    for (const auto& name : model_names())
        for (const auto& section : find_model_rules(name).own_sections) readers[section].push_back(name);
    if (format == "json") {
        // The default as TOML writes it (a spec's own spelling), the rule and meaning as in the table.
        std::cout << "{\"keys\": [";
        bool first = true;
        for (const auto& key : param_table()) {
            const auto only = readers.find(key.section);
            std::cout << (first ? "\n  " : ",\n  ") << "{\"key\": " << json_string(key.path())
                      << ", \"default\": " << json_string(format_value(key.get(defaults)))
                      << ", \"rule\": " << json_string(key.rule())
                      << ", \"meaning\": " << json_string(key.doc) << ", \"unit\": " << json_string(key.unit)
                      << ", \"models\": "
                      << json_strings(only == readers.end() ? model_names() : only->second) << "}";
            first = false;
        }
        std::cout << "],\n \"models\": {";
        first = true;
        for (const auto& name : model_names()) {
            std::cout << (first ? "" : ", ") << json_string(name) << ": "
                      << json_string(find_model_rules(name).description);
            first = false;
        }
        std::cout << "},\n \"sweep_keys\": [\"name\", \"seed\", \"batch\", \"zip\", \"description\"]}\n";
        return exit_ok;
    }
    std::cout << "| key | default | rule | meaning |\n|---|---|---|---|\n";
    for (const auto& key : param_table()) {
        const auto only = readers.find(key.section);
        std::cout << "| `" << key.path() << "` | `" << format_value(key.get(defaults)) << "` | " << key.rule()
                  << " | " << key.doc << (key.unit.empty() ? "" : " [" + key.unit + "]")
                  << (only == readers.end() ? "" : " (model " + join(only->second, " and ") + " only)")
                  << " |\n";
    }
    std::cout << "\nModels (network.model):";
    for (const auto& name : model_names())
        std::cout << "\n- " << name << ": " << find_model_rules(name).description;
    std::cout
        << "\n\nAny key may be given as a list: it is then a grid axis. [sweep] takes name, seed, batch (the "
           "most points of one network simulated together; results do not depend on it), zip and "
           "description. [[grid]] tables (name, zip, description and model keys) make a design: the union of "
           "their grids.\n";
    return exit_ok;
}

}  // namespace hetsweep::cli
