#pragma once

// The messages of a run. Rank 0 reads the spec and looks at the store for
// everyone (setup_message, broadcast); then each worker rank asks rank 0 for a
// batch of points (request), gets one (assign) or is told that none is left (stop), and
// reports how it went (report) before asking again.

#include <hetsweep/comm/context.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hetsweep::engine {

// Point-to-point message kinds. They travel as MPI tags between the ranks of
// one run, so they need only be stable within one build.
enum class tag : int {
    request = 1,  // a worker asks rank 0 for work
    assign,       // rank 0 hands a worker a batch of grid points
    report,       // a worker reports the outcome of its batch
    stop,         // rank 0 tells a worker that no work is left
};

inline void send(comm::context& ctx, int dest, tag t, std::vector<char> bytes) {
    ctx.send(dest, static_cast<int>(t), std::move(bytes));
}

inline tag tag_of(const comm::envelope& e) {
    return static_cast<tag>(e.tag);
}

struct work_request {
    bool interrupted = false;  // this rank was asked to stop (SIGTERM/SIGUSR1)
    template <class A>
    void serialize(A& a, unsigned) {
        a& interrupted;
    }
};

// A batch of points (sweep/batching.hpp), evaluated together.
struct work_assignment {
    std::vector<std::uint64_t> points;
    std::vector<std::int32_t> attempts;  // of each point: every computation of it, this one included
    template <class A>
    void serialize(A& a, unsigned) {
        a& points& attempts;
    }
};

struct point_report {
    std::uint64_t point = 0;
    bool ok = false;
    std::string message;  // why the point failed
    double score = 0;     // when ok: the mean clipped R^2, for the progress line
    template <class A>
    void serialize(A& a, unsigned) {
        a& point& ok& message& score;
    }
};

// The outcome of an assignment's points, once all are in the store.
struct work_report {
    std::vector<point_report> points;
    bool interrupted = false;  // as in work_request
    template <class A>
    void serialize(A& a, unsigned) {
        a& points& interrupted;
    }
};

// Rank 0's verdict on the input, broadcast so that every rank stops alike.
struct setup_message {
    bool ok = true;
    std::string text;  // the error if not ok, else the spec text (when a spec was read)
    bool store_exists = false;
    template <class A>
    void serialize(A& a, unsigned) {
        a& ok& text& store_exists;
    }
};

}  // namespace hetsweep::engine
