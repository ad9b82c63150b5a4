#include "common.hpp"

#include <hetsweep/cli/args.hpp>
#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/model/tasks.hpp>
#include <hetsweep/store/sweep_store.hpp>

#include <iostream>
#include <string>

namespace hetsweep::cli {

namespace {

// A Markdown cell: a `|` would end it.
std::string cell(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string unit_of(const char* unit) {
    return *unit ? std::string(" [") + unit + "]" : std::string();
}

}  // namespace

// The store's schema as Markdown tables, from the declarations the store is made from: its objects,
// its task columns and its outputs (docs/store.md is this command's output).
int cmd_schema(const std::vector<std::string>& words) {
    const args a(words, {}, {});
    if (!a.positional().empty()) throw config_error("usage: hetsweep schema");
    std::cout << "| object | type and shape | contents |\n|---|---|---|\n";
    for (const auto& r : store::schema_rows())
        std::cout << "| `" << r.object << "` | " << cell(r.type) << " | " << cell(r.contents) << " |\n";
    std::cout << "\n| task column | kind | meaning |\n|---|---|---|\n";
    for (const auto& c : task_columns())
        std::cout << "| `" << c.name << "` | " << (c.integer ? "int64" : "float64") << " | " << cell(c.doc)
                  << unit_of(c.unit) << " |\n";
    std::cout << "\n| output | in | meaning |\n|---|---|---|\n";
    for (const auto& o : outputs())
        std::cout << "| `" << o.name << "` | "
                  << (o.shape == output_shape::per_task ? "its own matrix `/" + std::string(o.name) + "`"
                                                        : std::string("a column of `/metrics`"))
                  << " | " << cell(o.doc) << unit_of(o.unit)
                  << (o.timing ? " (measures the machine: left out of determinism checks)" : "") << " |\n";
    return exit_ok;
}

}  // namespace hetsweep::cli
