#pragma once

// Whether a schema can be stored, and whether every rank was given the same one. Shared: defined in
// schema_check.cpp, used by sweep_store::create (sweep_store.cpp).

#include <hetsweep/store/sweep_store.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep::store {

// The first thing wrong with a schema, or "" if it can be stored.
std::string find_schema_problem(const schema& s);
// Enough to tell whether two ranks were given the same schema (of its packed bytes).
std::uint64_t fingerprint(const std::vector<char>& bytes);

}  // namespace hetsweep::store
