#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/param_table.hpp>
#include <hetsweep/text.hpp>

#include <iostream>
#include <map>

namespace hetsweep::cli {

// Every spec key with its default and rule, as a Markdown table (the README's
// key reference is this command's output).
int cmd_keys(const std::vector<std::string>& words) {
    const args a(words, {}, {});
    if (!a.positional().empty()) throw config_error("usage: hetsweep keys");
    const point_params defaults;
    std::cout << "| key | default | rule | meaning |\n|---|---|---|---|\n";
    // The models that read a section of their own, so that a user sees which keys matter to which model.
    std::map<std::string, std::vector<std::string>> readers;
    for (const auto& name : model_names())
        for (const auto& section : find_model(name).own_sections()) readers[section].push_back(name);
    for (const auto& key : param_table()) {
        const auto only = readers.find(key.section);
        std::cout << "| `" << key.path() << "` | `" << format_value(key.get(defaults)) << "` | " << key.rule()
                  << " | " << key.doc << (key.unit.empty() ? "" : " [" + key.unit + "]")
                  << (only == readers.end() ? "" : " (model " + join(only->second, " and ") + " only)")
                  << " |\n";
    }
    std::cout << "\nModels (network.model):";
    for (const auto& name : model_names())
        std::cout << "\n- " << name << ": " << find_model(name).description();
    std::cout
        << "\n\nAny key may be given as a list: it is then a grid axis. [sweep] takes name, seed, batch (the "
           "most points of one network simulated together; results do not depend on it), zip and "
           "description. [[grid]] tables (name, zip, description and model keys) make a design: the union of "
           "their grids.\n";
    return exit_ok;
}

}  // namespace hetsweep::cli
