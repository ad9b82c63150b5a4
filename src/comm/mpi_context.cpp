#include "mpi_context.hpp"

#include <climits>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>

#include <hetsweep/errors.hpp>

#include "mpi_check.hpp"

namespace hetsweep::comm {

namespace {

int checked_count(std::size_t n, const char* function) {
    if (n > static_cast<std::size_t>(INT_MAX)) {
        throw mpi_error(std::string(function) + ": a message of " + std::to_string(n) +
                        " bytes exceeds MPI's limit of " + std::to_string(INT_MAX) + " bytes per call");
    }
    return static_cast<int>(n);
}

void check_rank(int r, int size, const char* what) {
    if (r < 0 || r >= size) {
        throw mpi_error(std::string(what) + ": rank " + std::to_string(r) + " is not in [0, " +
                        std::to_string(size) + ")");
    }
}

}  // namespace

mpi_context::mpi_context(MPI_Comm comm) : comm_(comm) {
    check_mpi(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
}

mpi_context::~mpi_context() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized || pending_.empty()) return;
    if (std::uncaught_exceptions() > 0) {
        // mpi_session is about to abort the run; MPI may still read these buffers until then, so they
        // are leaked on purpose instead of waited for.
        new std::list<pending_send>(std::move(pending_));
        return;
    }
    // A message that is never received blocks here, as it would block MPI_Finalize.
    for (auto& p : pending_) MPI_Wait(&p.request, MPI_STATUS_IGNORE);
}

void mpi_context::complete_finished_sends() {
    for (auto it = pending_.begin(); it != pending_.end();) {
        int done = 0;
        check_mpi(MPI_Test(&it->request, &done, MPI_STATUS_IGNORE), "MPI_Test");
        it = done ? pending_.erase(it) : std::next(it);
    }
}

void mpi_context::barrier() const {
    check_mpi(MPI_Barrier(comm_), "MPI_Barrier");
}

void mpi_context::send(int dest, int tag, std::vector<char> bytes) {
    check_rank(dest, size_, "send");
    check_tag(tag);
    complete_finished_sends();
    const int count = checked_count(bytes.size(), "MPI_Isend");
    auto& p = pending_.emplace_back(pending_send{MPI_REQUEST_NULL, std::move(bytes)});
    const int code = MPI_Isend(p.bytes.data(), count, MPI_BYTE, dest, tag, comm_, &p.request);
    if (code != MPI_SUCCESS) pending_.pop_back();
    check_mpi(code, "MPI_Isend");
}

std::optional<envelope> mpi_context::try_receive() {
    complete_finished_sends();
    int found = 0;
    MPI_Message message;
    MPI_Status status;
    check_mpi(MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &found, &message, &status), "MPI_Improbe");
    if (!found) return std::nullopt;
    int count = 0;
    check_mpi(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
    envelope e{status.MPI_SOURCE, status.MPI_TAG, std::vector<char>(static_cast<std::size_t>(count))};
    check_mpi(MPI_Mrecv(e.bytes.data(), count, MPI_BYTE, &message, MPI_STATUS_IGNORE), "MPI_Mrecv");
    return e;
}

std::vector<char> mpi_context::broadcast(std::vector<char> bytes, int root) const {
    check_rank(root, size_, "broadcast");
    std::uint64_t n = bytes.size();
    check_mpi(MPI_Bcast(&n, 1, MPI_UINT64_T, root, comm_), "MPI_Bcast");
    bytes.resize(n);
    check_mpi(MPI_Bcast(bytes.data(), checked_count(n, "MPI_Bcast"), MPI_BYTE, root, comm_), "MPI_Bcast");
    return bytes;
}

std::vector<std::vector<char>> mpi_context::gather(std::vector<char> bytes, int root) const {
    check_rank(root, size_, "gather");
    const int mine = checked_count(bytes.size(), "MPI_Gatherv");
    std::vector<int> counts(rank_ == root ? std::size_t(size_) : 0);
    check_mpi(MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, root, comm_), "MPI_Gather");
    std::vector<int> offsets(counts.size());
    std::size_t total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
        offsets[r] = checked_count(total, "MPI_Gatherv");
        total += std::size_t(counts[r]);
    }
    checked_count(total, "MPI_Gatherv");
    std::vector<char> all(total);
    check_mpi(MPI_Gatherv(bytes.data(), mine, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE,
                          root, comm_),
              "MPI_Gatherv");
    std::vector<std::vector<char>> out;
    for (std::size_t r = 0; r < counts.size(); ++r)
        out.emplace_back(all.begin() + offsets[r], all.begin() + offsets[r] + counts[r]);
    return out;
}

bool mpi_context::any(bool value) const {
    int local = value ? 1 : 0;
    int global = 0;
    check_mpi(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_LOR, comm_), "MPI_Allreduce");
    return global != 0;
}

std::int64_t mpi_context::sum(std::int64_t value) const {
    std::int64_t global = 0;
    check_mpi(MPI_Allreduce(&value, &global, 1, MPI_INT64_T, MPI_SUM, comm_), "MPI_Allreduce");
    return global;
}

MPI_Comm native_communicator(const context& ctx) {
    const auto* m = dynamic_cast<const mpi_context*>(&ctx);
    return m ? m->communicator() : MPI_COMM_NULL;
}

std::unique_ptr<context> make_mpi_context() {
    int initialized = 0;
    int finalized = 0;
    check_mpi(MPI_Initialized(&initialized), "MPI_Initialized");
    check_mpi(MPI_Finalized(&finalized), "MPI_Finalized");
    if (!initialized || finalized) {
        throw mpi_error("make_mpi_context: MPI is not running; create the mpi_session first, in main");
    }
    // MPI_COMM_WORLD itself, not a duplicate: creating a context then needs no collective call, and
    // nothing else in the program exchanges point-to-point messages on it (HDF5 duplicates its own).
    return std::make_unique<mpi_context>(MPI_COMM_WORLD);
}

}  // namespace hetsweep::comm
