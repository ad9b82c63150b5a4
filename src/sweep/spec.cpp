// The spec's own view of its structure: an axis found by name, and a design resolved into the
// specs of its grids. Reading, overrides and the canonical text are beside it (spec_reader.cpp, ...).

#include <hetsweep/sweep/spec.hpp>

#include "spec_axes.hpp"

#include <string>
#include <utility>
#include <vector>

namespace hetsweep {

const axis* sweep_spec::find_axis(const std::string& name) const {
    for (const auto& a : axes)
        if (a.key->name == name || a.key->path() == name) return &a;
    return nullptr;
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

}  // namespace hetsweep
