#include <hetsweep/sweep/scheduler.hpp>

#include <algorithm>
#include <cstdio>

namespace hetsweep {

scheduler::scheduler(std::vector<std::vector<std::uint64_t>> todo, const std::vector<double>& cost,
                     const std::vector<std::uint64_t>& benchmark) {
    std::vector<std::pair<double, std::size_t>> order;  // (cost of the batch, its index)
    for (std::size_t b = 0; b < todo.size(); ++b) {
        double sum = 0;
        for (const auto point : todo[b]) sum += cost[point];
        order.emplace_back(sum, b);
        total_ += todo[b].size();
    }
    const auto benchmark_of = [&](std::size_t b) {
        return benchmark.empty() || todo[b].empty() ? 0 : benchmark[todo[b].front()];
    };
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        if (benchmark_of(a.second) != benchmark_of(b.second))
            return benchmark_of(a.second) < benchmark_of(b.second);
        return todo[a.second].front() < todo[b.second].front();
    });
    for (const auto& [sum, b] : order)
        if (!todo[b].empty()) queue_.push_back(std::move(todo[b]));
    waiting_ = total_;
}

std::optional<std::vector<std::uint64_t>> scheduler::next() {
    if (draining_ || queue_.empty()) return std::nullopt;
    auto batch = std::move(queue_.front());
    queue_.pop_front();
    in_flight_ += batch.size();
    waiting_ -= batch.size();
    return batch;
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
