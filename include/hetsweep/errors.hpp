#pragma once

#include <stdexcept>
#include <string>

namespace hetsweep {

// Every error says what failed, with which values, and what was expected.
struct error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A spec, a key, a value or a command line that breaks a rule.
struct config_error : error {
    using error::error;
};

// An HDF5 store that cannot be created, opened, read or written.
struct store_error : error {
    using error::error;
};

// A computation that cannot produce a finite, meaningful result.
struct numerical_error : error {
    using error::error;
};

// A failed MPI call, named with the function and MPI's own message.
struct mpi_error : error {
    using error::error;
};

}  // namespace hetsweep
