// Where a key's axis or value sits in a spec or a [[grid]] table (axes in key-table order, one per
// key), and the zip rule: the rules every way of setting a key keeps.

#include "spec_axes.hpp"

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <iterator>
#include <set>

namespace hetsweep {

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

// A [[grid]] table without its own value or axis of `key`.
void erase_key(grid_part& part, const param_key& key) {
    auto& values = part.values;
    values.erase(std::remove_if(values.begin(), values.end(), [&](const auto& v) { return v.first == &key; }),
                 values.end());
    erase_axis(part.axes, key);
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

}  // namespace hetsweep
