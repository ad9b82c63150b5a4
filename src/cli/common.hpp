#pragma once

#include <hetsweep/cli/args.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <string>

namespace hetsweep::cli {

// SPEC [key=value ...]: the first positional word is the spec file, the others override its keys.
sweep_spec spec_from_args(const args& a, const std::string& command);

std::string fixed(double x, int digits);
std::string human_seconds(double seconds);

}  // namespace hetsweep::cli
