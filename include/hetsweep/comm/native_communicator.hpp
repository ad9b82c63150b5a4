#pragma once

// The MPI communicator behind a context, for the one other layer that must hand it to a library:
// the store's MPI-IO file access. Everything else talks to comm::context.

#include <mpi.h>

#include <hetsweep/comm/context.hpp>

namespace hetsweep::comm {

// The communicator behind `ctx`, or MPI_COMM_NULL for a context that does not use MPI.
MPI_Comm native_communicator(const context& ctx);

}  // namespace hetsweep::comm
