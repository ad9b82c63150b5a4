#pragma once

// The task family y(t) = u_k(t + Delta)^d: k in 1..3, d in 1..6, Delta in
// linspace(-2, 2, 49), 882 tasks. Task index = ((k-1)*6 + (d-1))*49 + j.

#include <hetsweep/vocab/task_family.hpp>

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace hetsweep {

struct task_info {
    int k = 1;                  // input component, 1-based
    int d = 1;                  // degree
    double delta = 0;           // nominal shift [TU]
    std::int64_t shift = 0;     // round(delta / dt) steps
    double delta_realised = 0;  // shift * dt [TU]
    double complexity = 0;      // 1 - |corr(y, u_k)| on the test window
    int tier = 0;               // 0, 1, 2: complexity tertiles (by rank, ties by task index)
};

// A property of each task, the same for every point of a sweep: a column of /tasks.
struct task_column {
    const char* name;
    bool integer;  // stored as int64, else float64
    const char* unit;
    const char* doc;
    double (*get)(const task_info&);
};

// In the order queries list them. A new property is a field of task_info, set in make_tasks, and
// its line in this table (tasks.cpp).
const std::vector<task_column>& task_columns();

struct task_set {
    std::vector<task_info> info;
    Eigen::MatrixXd y_train;  // n_train x tasks, z-scored with training statistics
    Eigen::MatrixXd y_test;   // n_test x tasks, scaled with the same statistics
    Eigen::ArrayXd ss_test;   // sum of squares of each test target around its test mean
    // The same targets rounded to float, for the readout's products in single precision
    // (readout.precision): rounded once per rank here, not at every point.
    Eigen::MatrixXf y_train_single;

    int size() const { return int(info.size()); }
};

// The windows are rows [train_from, train_from + n_train) and the n_test rows
// after them of u (steps x dims); every shifted sample must lie inside u.
task_set make_tasks(const task_family& family, const Eigen::MatrixXd& u, std::int64_t train_from,
                    std::int64_t n_train, std::int64_t n_test, double dt);

// The tertile tier of each value: the lowest third by rank is 0.
std::vector<int> tertile_tiers(const std::vector<double>& values);

}  // namespace hetsweep
