#include "local_worker.hpp"

#include <utility>

namespace hetsweep::engine {

local_worker::local_worker(const grid& g, std::uint64_t sweep_seed, bool trivial, double synthetic_seconds)
    : grid_(g), eval_(sweep_seed), trivial_(trivial), synthetic_seconds_(synthetic_seconds), thread_([this] {
          loop();
      }) {}

local_worker::~local_worker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void local_worker::start(const work_assignment& job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job_ = job;
        busy_ = true;
    }
    wake_.notify_all();
}

std::optional<std::vector<point_outcome>> local_worker::take_result() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<std::vector<point_outcome>> r = std::move(result_);
    result_.reset();
    if (r) busy_ = false;
    return r;
}

void local_worker::loop() {
    for (;;) {
        work_assignment job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return quit_ || job_.has_value(); });
            if (quit_) return;
            job = *job_;
            job_.reset();
        }
        auto o = compute(eval_, grid_, job.points, job.attempts, trivial_, synthetic_seconds_);
        std::lock_guard<std::mutex> lock(mutex_);
        result_ = std::move(o);
    }
}

}  // namespace hetsweep::engine
