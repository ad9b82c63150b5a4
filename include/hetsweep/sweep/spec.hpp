#pragma once

// A sweep spec: a TOML file naming a sweep (its name, seed and zipped axes in
// [sweep]) and the model keys, each in the section the key table gives it
// (model/param_table.hpp; `hetsweep keys` lists them). Any model key given as a
// list is a grid axis.

#include <hetsweep/model/param_table.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {

struct axis {
    const param_key* key = nullptr;
    std::vector<param_value> values;
};

struct sweep_spec {
    std::string name;                           // [sweep] name; defaults to the file's stem
    std::uint64_t seed = 0;                     // [sweep] seed: keys every random stream
    std::string origin;                         // file name, for messages
    std::string text;                           // the file as written, for provenance
    point_params base;                          // every key's scalar value (axes keep their defaults here)
    std::vector<axis> axes;                     // in param_table order
    std::vector<std::vector<std::string>> zip;  // groups of axis names that vary together
    bool trivial = false;  // the engine benchmark: no science, every score 0 (part of the hash)

    const axis* find_axis(const std::string& name) const;
    // Everything that determines the results, one key a line, in table order: the numerics
    // version, the sweep seed, every axis and every key whose value is not its default. A key
    // added with a default that keeps the old behaviour leaves every hash as it was.
    std::string canonical() const;
    // FNV-1a 64 of canonical(), as 16 hex digits.
    std::string hash() const;
};

// Parse and check every key and value (not yet the grid: see grid.hpp).
sweep_spec parse_spec(const std::string& text, const std::string& origin);
sweep_spec load_spec(const std::string& path);

// Apply `key=value` (leaf or dotted key; value in TOML, bare words allowed
// for string keys, lists make axes), as from the command line.
void apply_override(sweep_spec& spec, const std::string& assignment);

std::string fnv1a64_hex(const std::string& text);

}  // namespace hetsweep
