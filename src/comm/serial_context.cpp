#include <deque>
#include <string>
#include <utility>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/errors.hpp>

namespace hetsweep::comm {

namespace {

// One rank, no MPI: sends to rank 0 are queued and received in order.
class serial_context final : public context {
  public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void barrier() const override {}

    void send(int dest, int tag, std::vector<char> bytes) override {
        check_root(dest, "send");
        check_tag(tag);
        queue_.push_back(envelope{0, tag, std::move(bytes)});
    }

    std::optional<envelope> try_receive() override {
        if (queue_.empty()) return std::nullopt;
        envelope e = std::move(queue_.front());
        queue_.pop_front();
        return e;
    }

    // Nothing can arrive while the only thread waits, so an empty queue is an error, not a hang.
    envelope receive(std::chrono::milliseconds) override {
        if (auto e = try_receive()) return std::move(*e);
        throw mpi_error("serial context: receive() would wait forever: no message is queued");
    }

    std::vector<char> broadcast(std::vector<char> bytes, int root) const override {
        check_root(root, "broadcast");
        return bytes;
    }

    std::vector<std::vector<char>> gather(std::vector<char> bytes, int root) const override {
        check_root(root, "gather");
        return {std::move(bytes)};
    }

    bool any(bool value) const override { return value; }
    std::int64_t sum(std::int64_t value) const override { return value; }

  private:
    static void check_root(int r, const char* what) {
        if (r != 0) {
            throw mpi_error(std::string("serial context: ") + what + " names rank " + std::to_string(r) +
                            ", but the only rank is 0");
        }
    }

    std::deque<envelope> queue_;
};

}  // namespace

std::unique_ptr<context> make_serial_context() {
    return std::make_unique<serial_context>();
}

}  // namespace hetsweep::comm
