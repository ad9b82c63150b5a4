#include <hetsweep/model/tasks.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/memory.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hetsweep {

std::vector<int> tertile_tiers(const std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
    std::vector<int> tier(n);
    for (std::size_t rank = 0; rank < n; ++rank) tier[order[rank]] = int(3 * rank / n);
    return tier;
}

// The correlation of a with b, given b centred (cb) and its sum of squares (once per input component).
static double correlation(const Eigen::Ref<const Eigen::ArrayXd>& a, const Eigen::ArrayXd& cb, double cb_ss,
                          Eigen::ArrayXd& ca) {
    ca = a - a.mean();
    const double denom = std::sqrt(ca.square().sum() * cb_ss);
    return denom > 0 ? (ca * cb).sum() / denom : 0.0;
}

task_set make_tasks(const task_family& family, const Eigen::MatrixXd& u, std::int64_t train_from,
                    std::int64_t n_train, std::int64_t n_test, double dt) {
    const int n_tasks = family.size();
    task_set tasks;
    tasks.info.resize(n_tasks);
    tasks.y_train.resize(n_train, n_tasks);
    tasks.y_test.resize(n_test, n_tasks);
    prefer_huge_pages(tasks.y_train);
    prefer_huge_pages(tasks.y_test);
    tasks.ss_test.resize(n_tasks);
    const std::int64_t test_from = train_from + n_train;

    std::vector<double> complexity(n_tasks);
    // Buffers reused by every task (allocated once: aligned as before, so every sum runs in the same order).
    Eigen::ArrayXd base(n_train + n_test), power(n_train + n_test), centred(n_test), cb;
    for (int k = 1; k <= family.dims; ++k) {
        const auto component = u.col(k - 1).segment(test_from, n_test).array();
        cb = component - component.mean();
        const double cb_ss = cb.square().sum();
        for (int j = 0; j < family.n_delta; ++j) {
            const double delta = family.nominal_delta(j);
            const auto shift = static_cast<std::int64_t>(std::llround(delta / dt));
            if (train_from + shift < 0 || test_from + n_test + shift > u.rows())
                throw numerical_error("task shift of " + std::to_string(shift) +
                                      " steps leaves the input series: margin too short");
            base = u.col(k - 1).segment(train_from + shift, n_train + n_test).array();
            for (int d = 1; d <= family.max_degree; ++d) {
                if (d == 1)
                    power = base;  // 1 * base, exactly
                else
                    power *= base;
                const int t = ((k - 1) * family.max_degree + (d - 1)) * family.n_delta + j;
                const double mean = power.head(n_train).mean();
                const double sd = std::sqrt((power.head(n_train) - mean).square().mean());
                if (!(sd > 0)) throw numerical_error("task " + std::to_string(t) + " has a constant target");
                tasks.y_train.col(t) = (power.head(n_train) - mean) / sd;
                tasks.y_test.col(t) = (power.tail(n_test) - mean) / sd;
                const auto y = tasks.y_test.col(t).array();
                tasks.ss_test[t] = (y - y.mean()).square().sum();
                complexity[t] = 1 - std::min(1.0, std::fabs(correlation(y, cb, cb_ss, centred)));
                tasks.info[t] = {k, d, delta, shift, double(shift) * dt, complexity[t], 0};
            }
        }
    }
    tasks.y_train_single.resize(n_train, n_tasks);
    prefer_huge_pages(tasks.y_train_single);
    tasks.y_train_single = tasks.y_train.cast<float>();
    const auto tiers = tertile_tiers(complexity);
    for (int t = 0; t < n_tasks; ++t) tasks.info[t].tier = tiers[t];
    return tasks;
}

const std::vector<task_column>& task_columns() {
    using T = const task_info&;
    static const std::vector<task_column> table = {
        {"k", true, "", "input component, 1-based", [](T t) { return double(t.k); }},
        {"d", true, "", "degree of the target", [](T t) { return double(t.d); }},
        {"delta", false, "TU", "nominal shift", [](T t) { return t.delta; }},
        {"delta_realised", false, "TU", "shift in whole steps times dt",
         [](T t) { return t.delta_realised; }},
        {"shift", true, "steps", "shift in steps", [](T t) { return double(t.shift); }},
        {"tier", true, "", "complexity tertile: 0 low, 1 medium, 2 high", [](T t) { return double(t.tier); }},
        {"complexity", false, "", "1 - |corr(target, input component)| on the test window",
         [](T t) { return t.complexity; }},
    };
    return table;
}

}  // namespace hetsweep
