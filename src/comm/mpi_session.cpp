#include <hetsweep/comm/mpi_session.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include <mpi.h>

#include <hetsweep/errors.hpp>

#include "mpi_check.hpp"

namespace hetsweep::comm {

mpi_session::mpi_session(int& argc, char**& argv) : uncaught_at_start_(std::uncaught_exceptions()) {
    int initialized = 0;
    check_mpi(MPI_Initialized(&initialized), "MPI_Initialized");
    if (initialized) throw mpi_error("mpi_session: MPI is already initialised; create one session, in main");

    int provided = MPI_THREAD_SINGLE;
    check_mpi(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        throw mpi_error("MPI_Init_thread: hetsweep needs MPI_THREAD_FUNNELED (level " +
                        std::to_string(MPI_THREAD_FUNNELED) + "), this MPI provides level " +
                        std::to_string(provided));
    }
    // The default handler aborts the job; returning the code lets check_mpi name the failed call.
    const int code = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (code != MPI_SUCCESS) {
        MPI_Finalize();
        check_mpi(code, "MPI_Comm_set_errhandler");
    }
}

mpi_session::~mpi_session() {
    if (std::uncaught_exceptions() > uncaught_at_start_) abort_all(1);
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized) return;
    const int code = MPI_Finalize();
    if (code != MPI_SUCCESS) std::cerr << "MPI_Finalize failed: " << mpi_error_text(code) << std::endl;
}

void abort_all(int code) {
    int initialized = 0;
    int finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (initialized && !finalized) MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);
}

}  // namespace hetsweep::comm
