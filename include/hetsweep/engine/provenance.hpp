#pragma once

// What a new store records of its making: the spec as written, its hash and invariants, the build
// and the time, so that a store can always say where its results came from.

#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <string>

namespace hetsweep::engine {

store::provenance make_provenance(const sweep_spec& spec);

// The current time as ISO 8601 UTC, "2024-05-01T12:00:00Z".
std::string utc_now();

}  // namespace hetsweep::engine
