// A spec's canonical text and hash: what determines its results, spelt one way, so that a store
// recognises the spec it was made for however the file is written.

#include <hetsweep/sweep/spec.hpp>

#include "spec_tau_files.hpp"

#include <hetsweep/text.hpp>
#include <hetsweep/vocab/fnv1a.hpp>
#include <hetsweep/vocab/numerics.hpp>
#include <hetsweep/vocab/tau_file.hpp>

#include <algorithm>
#include <iterator>
#include <ostream>
#include <sstream>

namespace hetsweep {

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
