#pragma once

// The parts of the reader that the command-line overrides reuse (overrides.cpp): an override is
// read as TOML and set by the same rules, with the same messages, as a line of the file.

#include <hetsweep/sweep/spec.hpp>

#include <toml++/toml.h>

#include <string>

namespace hetsweep {

// A TOML value of `key` (a list: an axis) set on the spec, or on one [[grid]] table, replacing the
// value or axis it had. Throws config_error prefixed by `where`.
void set_key(sweep_spec& spec, const param_key& key, const toml::node& node, const std::string& where);
void set_key(grid_part& part, const param_key& key, const toml::node& node, const std::string& where);
// The keys of a [sweep] table (name, seed, batch, zip, description); every error at once.
void parse_sweep_table(sweep_spec& spec, const toml::table& table, const std::string& where);
// "PATH: unknown key", with the nearest key's name if one is near.
std::string unknown_key_message(const std::string& path);

}  // namespace hetsweep
