#include "mpi_check.hpp"

#include <mpi.h>

#include <hetsweep/errors.hpp>

namespace hetsweep::comm {

std::string mpi_error_text(int code) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error code " + std::to_string(code);
    return std::string(text, static_cast<std::size_t>(length));
}

void check_mpi(int code, const char* function) {
    if (code != MPI_SUCCESS) throw mpi_error(std::string(function) + " failed: " + mpi_error_text(code));
}

}  // namespace hetsweep::comm
