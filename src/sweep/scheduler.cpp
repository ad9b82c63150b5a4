#include <hetsweep/sweep/scheduler.hpp>

#include <algorithm>
#include <cstdio>

namespace hetsweep {

scheduler::scheduler(std::vector<std::uint64_t> todo, const std::vector<double>& cost) : total_(todo.size()) {
    std::stable_sort(todo.begin(), todo.end(), [&](std::uint64_t a, std::uint64_t b) {
        return cost[a] != cost[b] ? cost[a] > cost[b] : a < b;
    });
    queue_.assign(todo.begin(), todo.end());
}

std::optional<std::uint64_t> scheduler::next() {
    if (draining_ || queue_.empty()) return std::nullopt;
    const auto id = queue_.front();
    queue_.pop_front();
    ++in_flight_;
    return id;
}

void scheduler::finished(std::uint64_t, bool ok) {
    --in_flight_;
    ++(ok ? done_ : failed_);
}

progress_meter::progress_meter(std::size_t already_done, std::size_t total)
    : already_done_(already_done), total_(total) {}

std::string progress_meter::line(const scheduler& s) const {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::size_t completed = s.done() + s.failed();
    const double rate = elapsed > 0 ? double(completed) / elapsed : 0.0;
    char buf[256];
    int n = std::snprintf(buf, sizeof buf, "%zu/%zu done, %zu failed, %zu running | %.2f points/s",
                          already_done_ + s.done(), total_, s.failed(), s.in_flight(), rate);
    const std::size_t left = s.waiting() + s.in_flight();
    if (s.draining())
        std::snprintf(buf + n, sizeof buf - std::size_t(n), " | draining");
    else if (rate > 0 && left > 0)
        std::snprintf(buf + n, sizeof buf - std::size_t(n), " | ETA %.0f s", double(left) / rate);
    return buf;
}

}  // namespace hetsweep
