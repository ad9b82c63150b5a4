#pragma once

#include <string>

namespace hetsweep::comm {

// MPI's own text for an error code, e.g. "MPI_ERR_RANK: invalid rank".
std::string mpi_error_text(int code);

// Every MPI call goes through here: throws mpi_error naming `function` and MPI's text unless `code`
// is MPI_SUCCESS. Needs MPI_ERRORS_RETURN on the communicator (set by mpi_session). The only calls
// left unchecked are those in destructors and abort paths, which must not throw.
void check_mpi(int code, const char* function);

}  // namespace hetsweep::comm
