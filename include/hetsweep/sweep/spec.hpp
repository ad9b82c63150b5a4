#pragma once

// A sweep spec: a TOML file naming a sweep (its name, seed and zipped axes in
// [sweep]) and the model keys, each in the section the key table gives it
// (model/param_table.hpp; `hetsweep keys` lists them). Any model key given as a
// list is a grid axis.
//
// A design: [[grid]] tables, each with a `name`, an optional `zip` and model keys in their
// sections. Each is one grid: the file's keys and axes with the table's on top. The sweep is
// their union, in the order written; points two grids share are computed once (grid.hpp).

#include <hetsweep/sweep/hypothesis.hpp>
#include <hetsweep/vocab/fnv1a.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep {

struct axis {
    const param_key* key = nullptr;
    std::vector<param_value> values;
};

// One [[grid]] table of a design: its own keys, applied over the spec's.
struct grid_part {
    std::string name;
    std::vector<std::pair<const param_key*, param_value>> values;  // scalars, in the order given
    std::vector<axis> axes;                                        // in param_table order
    std::vector<std::vector<std::string>> zip;                     // added to [sweep] zip
};

// [sweep] batch: its default (chosen in docs/performance.md, Batches) and its largest value.
inline constexpr std::size_t default_batch = 8, max_batch = 64;

struct sweep_spec {
    std::string name;                           // [sweep] name; defaults to the file's stem
    std::uint64_t seed = 0;                     // [sweep] seed: keys every random stream
    std::string origin;                         // file name, for messages
    std::string text;                           // the file as written, for provenance
    point_params base;                          // every key's scalar value (axes keep their defaults here)
    std::vector<axis> axes;                     // in param_table order
    std::vector<std::vector<std::string>> zip;  // groups of axis names that vary together
    std::vector<grid_part> grids;               // a design's [[grid]] tables; empty: one grid
    // [sweep] batch: the most points of one network simulated together (sweep/batching.hpp). Not
    // hashed: a member's results do not depend on its batch, so a store may be resumed with another.
    std::size_t batch = default_batch;
    // [[hypothesis]] tables: the verdicts the sweep is to decide (sweep/hypothesis.hpp); not hashed.
    std::vector<hypothesis_spec> hypotheses;
    bool trivial = false;          // the engine benchmark: no science, every score 0 (part of the hash)
    double synthetic_seconds = 0;  // with trivial: each point takes this long (a sleep), not 0 (not hashed)

    // The grids of the sweep, each as a spec without [[grid]] tables: this spec itself, or one per
    // [[grid]] table with its keys applied. Throws config_error naming the table whose zip breaks.
    std::vector<sweep_spec> parts() const;

    const axis* find_axis(const std::string& name) const;
    // Everything that determines the results, one key a line, in table order: the numerics
    // version, the sweep seed, every axis and every key whose value is not its default. A key
    // added with a default that keeps the old behaviour leaves every hash as it was.
    std::string canonical() const;
    // The part of canonical() that is not a point's keys: the numerics version, the sweep seed and
    // the benchmark flag. A store grows into a spec (engine/store_setup.hpp) only if they agree.
    std::string invariants() const;
    // FNV-1a 64 of canonical(), as 16 hex digits.
    std::string hash() const;
};

// Parse and check every key and value (not yet the grid: see grid.hpp).
sweep_spec parse_spec(const std::string& text, const std::string& origin);
// The largest spec file read: a spec is some keys and lists; every store keeps its text.
inline constexpr std::uintmax_t max_spec_bytes = 1 << 20;
// The text of a spec file; throws config_error for a path that is not a regular file of at most
// max_spec_bytes (a folder, a device, a FIFO, which would block) or cannot be read.
std::string read_spec_file(const std::string& path);
sweep_spec load_spec(const std::string& path);

// Apply `key=value` (leaf or dotted key; value in TOML, bare words allowed
// for string keys, lists make axes), as from the command line. In a design the key is set for
// every grid (a [[grid]] table's own value of it is dropped); `grid.NAME.key=value` sets it in the
// [[grid]] table named NAME only.
void apply_override(sweep_spec& spec, const std::string& assignment);

}  // namespace hetsweep
