#pragma once

namespace hetsweep::comm {

// Owns MPI for the life of main (create exactly one, first thing in main). Initialises MPI with
// MPI_THREAD_FUNNELED and makes MPI_COMM_WORLD return errors instead of aborting, so that every
// failed call becomes an mpi_error. The destructor finalises MPI, except while an exception is
// unwinding: then it calls MPI_Abort so that the other ranks, which may wait in a collective call
// for this one, are ended instead of hanging.
class mpi_session {
  public:
    mpi_session(int& argc, char**& argv);
    ~mpi_session();

    mpi_session(const mpi_session&) = delete;
    mpi_session& operator=(const mpi_session&) = delete;

  private:
    int uncaught_at_start_;
};

// Ends every rank of the run with exit code `code`; usable before MPI starts and after it ends.
[[noreturn]] void abort_all(int code);

}  // namespace hetsweep::comm
