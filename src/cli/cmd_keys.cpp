#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/param_table.hpp>

#include <iostream>

namespace hetsweep::cli {

// Every spec key with its default and rule, as a Markdown table (the README's
// key reference is this command's output).
int cmd_keys(const std::vector<std::string>& words) {
    const args a(words, {}, {});
    if (!a.positional().empty()) throw config_error("usage: hetsweep keys");
    const point_params defaults;
    std::cout << "| key | default | rule | meaning |\n|---|---|---|---|\n";
    for (const auto& key : param_table()) {
        std::cout << "| `" << key.path() << "` | `" << format_value(key.get(defaults)) << "` | " << key.rule()
                  << " | " << key.doc << (key.unit.empty() ? "" : " [" + key.unit + "]") << " |\n";
    }
    std::cout
        << "\nAny key may be given as a list: it is then a grid axis. [sweep] takes name, seed, zip and "
           "description.\n";
    return exit_ok;
}

}  // namespace hetsweep::cli
