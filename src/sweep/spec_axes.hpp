#pragma once

// Where a key's axis or value sits in a spec or a [[grid]] table, and the zip rule its axes keep.
// Shared: the reader, the command-line overrides and parts() all place and check axes alike.

#include <hetsweep/sweep/spec.hpp>

#include <string>
#include <vector>

namespace hetsweep {

// Removes the axis of `key`, if there is one.
void erase_axis(std::vector<axis>& axes, const param_key& key);
// Adds an axis in param_table order, replacing any axis of its key.
void put_axis(std::vector<axis>& axes, axis a);
// A [[grid]] table without its own value or axis of `key`.
void erase_key(grid_part& part, const param_key& key);
// Throws config_error (prefixed by `where`) if a zip group names no axis, an axis twice, or axes
// of different lengths.
void check_zip(const sweep_spec& spec, const std::string& where);

}  // namespace hetsweep
