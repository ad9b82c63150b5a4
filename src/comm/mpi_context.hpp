#pragma once

#include <list>

#include <mpi.h>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/comm/native_communicator.hpp>

namespace hetsweep::comm {

// context over an MPI communicator. Private to the library: only comm/ and the store's MPI-IO file
// access (through native_communicator) see MPI_Comm.
class mpi_context final : public context {
  public:
    explicit mpi_context(MPI_Comm comm);
    ~mpi_context() override;

    mpi_context(const mpi_context&) = delete;
    mpi_context& operator=(const mpi_context&) = delete;

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    void barrier() const override;
    void send(int dest, int tag, std::vector<char> bytes) override;
    std::optional<envelope> try_receive() override;
    std::vector<char> broadcast(std::vector<char> bytes, int root) const override;
    std::vector<std::vector<char>> gather(std::vector<char> bytes, int root) const override;
    bool any(bool value) const override;
    std::int64_t sum(std::int64_t value) const override;

    MPI_Comm communicator() const { return comm_; }

  private:
    // A send in flight owns its buffer until MPI reports completion; std::list keeps each buffer
    // where MPI was told it is.
    struct pending_send {
        MPI_Request request;
        std::vector<char> bytes;
    };

    void complete_finished_sends();

    MPI_Comm comm_;
    int rank_ = 0;
    int size_ = 1;
    std::list<pending_send> pending_;
};

}  // namespace hetsweep::comm
