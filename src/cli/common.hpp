#pragma once

#include <hetsweep/cli/args.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <string>

namespace hetsweep::cli {

// How long before its time limit a submitted job is warned (submit --grace), when not given [s].
inline constexpr int default_grace_seconds = 120;

// SPEC [key=value ...]: the first positional word is the spec file, the others override its keys.
sweep_spec spec_from_args(const args& a, const std::string& command);

std::string fixed(double x, int digits);
std::string human_seconds(double seconds);

// The store a reading command (status, query) names: FILE.h5 as its one positional word, or
// --store FILE.h5 as run and submit take it. Throws config_error with `usage` otherwise.
std::string store_argument(const args& a, const std::string& usage);

}  // namespace hetsweep::cli
