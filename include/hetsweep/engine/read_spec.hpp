#pragma once

// A spec read once for all ranks of a run.

#include <hetsweep/comm/context.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <string>

namespace hetsweep::engine {

// Collective. Rank 0 reads the spec file and checks that `store_path` can hold
// a store (store_path_problem); every rank then parses the same text, so an
// unreadable file, a bad store path or a bad spec is the same config_error on
// every rank, found before any store is touched.
sweep_spec read_spec(const comm::context& ctx, const std::string& spec_path, const std::string& store_path);

}  // namespace hetsweep::engine
