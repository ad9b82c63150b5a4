#pragma once

// Files of time constants (tau.file): read, checked and hashed once per process, by the name the
// spec gives them.

#include <string>
#include <vector>

namespace hetsweep {

// The time constants of a file: one number per line, blank lines and text after '#' ignored. Every
// value must be a finite number > 0 [TU]; at most 10 million values and 256 MiB. Throws config_error
// naming the file, the line and the rule.
//
// A spec names the file as written (relative to the spec's directory); the spec parser loads it
// from where it is under that name (load_tau_file), and the rest of the process finds it by the
// name: the spec hash and the store then do not depend on the working directory. A name no spec
// loaded is read as a path.
void load_tau_file(const std::string& name, const std::string& path);
const std::vector<double>& tau_file_values(const std::string& name);
// FNV-1a 64 of the file's bytes, as 16 hex digits: part of the spec hash, so a changed file is a
// different sweep.
std::string tau_file_hash(const std::string& name);
}  // namespace hetsweep
