#pragma once

// The file under a store, before HDF5 opens it. Shared: defined in file_access.cpp, used by
// sweep_store::open_read_only (sweep_store.cpp).

#include <string>

namespace hetsweep::store {

// Why `path` cannot be a store, found without HDF5 opening it, or "".
std::string find_file_problem(const std::string& path);

}  // namespace hetsweep::store
