// The files of time constants a spec names (tau.file), wherever a key may be given, and their
// loading from the spec's directory.

#include "spec_tau_files.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/vocab/tau_file.hpp>

#include <filesystem>
#include <set>
#include <variant>

namespace hetsweep {

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

}  // namespace hetsweep
