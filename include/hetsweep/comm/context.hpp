#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace hetsweep::comm {

// The largest tag a message may carry: MPI guarantees tags up to 32767 and no more.
inline constexpr int max_tag = 32767;

// One received message: who sent it, its tag, and its serialised payload.
struct envelope {
    int source = -1;
    int tag = 0;
    std::vector<char> bytes;
};

// The ranks of one run, in the manner of arbor's distributed context: the sweep code talks to this
// interface and unit tests substitute the serial implementation. Not thread-safe: MPI is initialised
// with MPI_THREAD_FUNNELED, so only the thread that created the mpi_session may call it.
// Methods marked collective must be called by every rank in the same order.
class context {
  public:
    virtual ~context() = default;

    virtual int rank() const = 0;
    virtual int size() const = 0;

    // Collective.
    virtual void barrier() const = 0;

    // Non-blocking: the bytes are kept until MPI has delivered them, so a rank may send to itself or
    // send a large message to a rank that is still computing without waiting. The tag's values are the
    // caller's protocol (this layer gives them no meaning) and must be in [0, max_tag]; throws
    // mpi_error otherwise.
    virtual void send(int dest, int tag, std::vector<char> bytes) = 0;

    // Takes the next message from any source with any tag, or nothing if none has arrived.
    virtual std::optional<envelope> try_receive() = 0;

    // Waits for the next message by polling try_receive() and sleeping `poll` between attempts, never
    // by a blocking receive: rank 0 also computes on another thread, and a spinning MPI_Recv would take
    // that thread's core.
    virtual envelope receive(std::chrono::milliseconds poll = std::chrono::milliseconds(1));

    // Collective: every rank returns root's bytes; the argument is ignored on the other ranks.
    virtual std::vector<char> broadcast(std::vector<char> bytes, int root) const = 0;

    // Collective: on root, every rank's bytes in rank order; on the other ranks, nothing.
    virtual std::vector<std::vector<char>> gather(std::vector<char> bytes, int root) const = 0;

    // Collective: logical or of `value` over all ranks.
    virtual bool any(bool value) const = 0;

    // Collective: sum of `value` over all ranks.
    virtual std::int64_t sum(std::int64_t value) const = 0;

  protected:
    // Throws mpi_error naming the tag unless it is in [0, max_tag].
    static void check_tag(int tag);
};

// All ranks of MPI_COMM_WORLD. Needs a live mpi_session; throws mpi_error otherwise.
std::unique_ptr<context> make_mpi_context();

// A single rank 0 whose sends to itself are queued in order; needs no MPI.
std::unique_ptr<context> make_serial_context();

}  // namespace hetsweep::comm
