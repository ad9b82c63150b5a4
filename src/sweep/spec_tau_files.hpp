#pragma once

// The files of time constants a spec names. Shared: the reader loads them (spec_reader.cpp) and
// the canonical text takes each by its content (canonical.cpp).

#include <hetsweep/sweep/spec.hpp>

#include <string>
#include <vector>

namespace hetsweep {

// Every tau.file value of the spec, its axes and its [[grid]] tables, in name order, once each.
std::vector<std::string> tau_file_names(const sweep_spec& spec);
// Loads each of them (vocab/tau_file.hpp), a relative name from the spec's directory; throws
// config_error prefixed by `where`.
void load_tau_files(const sweep_spec& spec, const std::string& where);

}  // namespace hetsweep
