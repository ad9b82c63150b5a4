// The task family y(t) = u_k(t + Delta)^d: order, shifts, targets and their
// scaling, complexity and tiers, against values computed here from u.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/model/tasks.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

namespace hetsweep {
namespace {

// A smooth, non-periodic-looking input of `steps` x 3 samples.
Eigen::MatrixXd synthetic_input(std::int64_t steps) {
    Eigen::MatrixXd u(steps, 3);
    for (std::int64_t t = 0; t < steps; ++t)
        for (int k = 0; k < 3; ++k)
            u(t, k) = std::sin(0.037 * double(t) * (k + 1) + k) + 0.4 * std::cos(0.0051 * double(t) + 2 * k) +
                      0.1 * k;
    return u;
}

struct layout {
    double dt;
    std::int64_t margin, train, test;
    std::int64_t train_from() const { return margin; }
    std::int64_t total() const { return 2 * margin + train + test; }
};

// The target of task (k, d, shift) at window row t, with training statistics, written out.
struct reference_target {
    std::vector<double> train, test;
};
reference_target target_of(const Eigen::MatrixXd& u, const layout& l, int k, int d, std::int64_t shift) {
    reference_target out;
    std::vector<double> raw;
    for (std::int64_t t = 0; t < l.train + l.test; ++t)
        raw.push_back(std::pow(u(l.train_from() + t + shift, k - 1), d));
    double mean = 0, var = 0;
    for (std::int64_t t = 0; t < l.train; ++t) mean += raw[std::size_t(t)];
    mean /= double(l.train);
    for (std::int64_t t = 0; t < l.train; ++t)
        var += (raw[std::size_t(t)] - mean) * (raw[std::size_t(t)] - mean);
    const double sd = std::sqrt(var / double(l.train));
    for (std::int64_t t = 0; t < l.train + l.test; ++t)
        (t < l.train ? out.train : out.test).push_back((raw[std::size_t(t)] - mean) / sd);
    return out;
}

TEST(Tasks, FamilyOrderAndNominalShifts) {
    const task_family family;
    ASSERT_EQ(family.size(), 882);
    const layout l{0.01, 200, 600, 300};
    const task_set tasks =
        make_tasks(family, synthetic_input(l.total()), l.train_from(), l.train, l.test, l.dt);
    ASSERT_EQ(tasks.size(), 882);
    ASSERT_EQ(tasks.y_train.rows(), l.train);
    ASSERT_EQ(tasks.y_train.cols(), 882);
    ASSERT_EQ(tasks.y_test.rows(), l.test);
    ASSERT_EQ(tasks.y_test.cols(), 882);
    ASSERT_EQ(tasks.ss_test.size(), 882);
    int t = 0;
    for (int k = 1; k <= 3; ++k)
        for (int d = 1; d <= 6; ++d)
            for (int j = 0; j < 49; ++j, ++t) {
                const task_info& info = tasks.info[std::size_t(t)];
                EXPECT_EQ(info.k, k) << "task " << t;
                EXPECT_EQ(info.d, d) << "task " << t;
                // linspace(-2, 2, 49) has step 1/12.
                EXPECT_NEAR(info.delta, (j - 24) / 12.0, 1e-14) << "task " << t;
                EXPECT_NEAR(family.nominal_delta(j), (j - 24) / 12.0, 1e-14);
            }
}

TEST(Tasks, RealisedShiftIsTheRoundedStep) {
    // dt = 0.03 does not divide the Delta grid, so the shifts are rounded.
    const task_family family;
    const layout l{0.03, 70, 400, 200};
    const task_set tasks =
        make_tasks(family, synthetic_input(l.total()), l.train_from(), l.train, l.test, l.dt);
    for (const auto& info : tasks.info) {
        EXPECT_EQ(info.shift, std::int64_t(std::round(info.delta / l.dt))) << info.delta;
        EXPECT_DOUBLE_EQ(info.delta_realised, double(info.shift) * l.dt);
        EXPECT_LE(std::fabs(info.delta_realised - info.delta), l.dt / 2 + 1e-12);
    }
    EXPECT_EQ(tasks.info.front().shift, -67);  // round(-2 / 0.03) = round(-66.67)
    EXPECT_EQ(tasks.info[48].shift, 67);
}

TEST(Tasks, TargetsAreShiftedPowersScaledWithTrainingStatistics) {
    const task_family family;
    const layout l{0.01, 200, 600, 300};
    const Eigen::MatrixXd u = synthetic_input(l.total());
    const task_set tasks = make_tasks(family, u, l.train_from(), l.train, l.test, l.dt);
    for (int t = 0; t < tasks.size(); ++t) {
        const auto y = tasks.y_train.col(t).array();
        EXPECT_NEAR(y.mean(), 0.0, 1e-12) << "task " << t;
        EXPECT_NEAR(std::sqrt((y - y.mean()).square().mean()), 1.0, 1e-12) << "task " << t;
        const auto yt = tasks.y_test.col(t).array();
        EXPECT_NEAR(tasks.ss_test[t], (yt - yt.mean()).square().sum(), 1e-9 * tasks.ss_test[t])
            << "task " << t;
    }
    // A sample of tasks against targets written out from u.
    for (const int t : {0, 24, 48, 49 * 3 + 10, 294 + 49 * 5 + 40, 588 + 24, 881}) {
        const task_info& info = tasks.info[std::size_t(t)];
        const auto ref = target_of(u, l, info.k, info.d, info.shift);
        for (std::int64_t i = 0; i < l.train; ++i)
            ASSERT_NEAR(tasks.y_train(i, t), ref.train[std::size_t(i)], 1e-10)
                << "task " << t << " row " << i;
        for (std::int64_t i = 0; i < l.test; ++i)
            ASSERT_NEAR(tasks.y_test(i, t), ref.test[std::size_t(i)], 1e-10) << "task " << t << " row " << i;
    }
}

double centred_cosine(const std::vector<double>& a, const std::vector<double>& b) {
    double ma = 0, mb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= double(a.size());
    mb /= double(b.size());
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) * (a[i] - ma);
        bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / std::sqrt(aa * bb);
}

// Complexity = 1 - |cos(y, u_k)| over the test window, with the cosine taken
// between the centred series (the Pearson correlation): the only reading under
// which the relay, whose target is an affine image of u_k, has complexity 0.
TEST(Tasks, ComplexityAndTheRelay) {
    const task_family family;
    const layout l{0.01, 200, 1000, 500};
    input_spec in;
    in.transient = 5;
    in.steps = l.total();
    const Eigen::MatrixXd u = lorenz_series(in);
    const task_set tasks = make_tasks(family, u, l.train_from(), l.train, l.test, l.dt);
    for (int k = 1; k <= 3; ++k) {
        const int relay = ((k - 1) * 6 + 0) * 49 + 24;
        const task_info& info = tasks.info[std::size_t(relay)];
        ASSERT_EQ(info.k, k);
        ASSERT_EQ(info.d, 1);
        EXPECT_EQ(info.shift, 0);
        EXPECT_EQ(info.delta_realised, 0.0);
        EXPECT_NEAR(info.complexity, 0.0, 1e-12) << "relay of u_" << k;
    }
    for (int t = 0; t < tasks.size(); t += 7) {
        const task_info& info = tasks.info[std::size_t(t)];
        std::vector<double> y(std::size_t(l.test)), uk(std::size_t(l.test));
        for (std::int64_t i = 0; i < l.test; ++i) {
            y[std::size_t(i)] = tasks.y_test(i, t);
            uk[std::size_t(i)] = u(l.train_from() + l.train + i, info.k - 1);
        }
        EXPECT_NEAR(info.complexity, 1 - std::fabs(centred_cosine(y, uk)), 1e-10) << "task " << t;
        EXPECT_GE(info.complexity, 0.0);
        EXPECT_LE(info.complexity, 1.0);
    }
    // Tiers are the complexity tertiles: 294 tasks each, ordered by complexity.
    std::vector<int> count(3, 0);
    std::vector<double> lo(3, 2.0), hi(3, -1.0);
    for (const auto& info : tasks.info) {
        ASSERT_GE(info.tier, 0);
        ASSERT_LE(info.tier, 2);
        ++count[std::size_t(info.tier)];
        lo[std::size_t(info.tier)] = std::min(lo[std::size_t(info.tier)], info.complexity);
        hi[std::size_t(info.tier)] = std::max(hi[std::size_t(info.tier)], info.complexity);
    }
    EXPECT_EQ(count, (std::vector<int>{294, 294, 294}));
    EXPECT_LE(hi[0], lo[1]);
    EXPECT_LE(hi[1], lo[2]);
    // The relays are the simplest tasks.
    for (int k = 1; k <= 3; ++k) EXPECT_EQ(tasks.info[std::size_t(((k - 1) * 6) * 49 + 24)].tier, 0);
}

TEST(Tasks, TertileTiersByHand) {
    // Ranks 0..5 of {5, 1, 4, 2, 3, 6} are 4, 0, 3, 1, 2, 5: two values per tier.
    EXPECT_EQ(tertile_tiers({5, 1, 4, 2, 3, 6}), (std::vector<int>{2, 0, 1, 0, 1, 2}));
    // Ties are ranked by index.
    EXPECT_EQ(tertile_tiers({1, 1, 1}), (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(tertile_tiers({0.3, 0.1, 0.2, 0.3, 0.1, 0.2}), (std::vector<int>{2, 0, 1, 2, 0, 1}));
    // Nine values: three per tier.
    EXPECT_EQ(tertile_tiers({9, 8, 7, 6, 5, 4, 3, 2, 1}), (std::vector<int>{2, 2, 2, 1, 1, 1, 0, 0, 0}));
    EXPECT_TRUE(tertile_tiers({}).empty());
}

TEST(Tasks, AShortMarginIsAnError) {
    const task_family family;
    const Eigen::MatrixXd u = synthetic_input(1000);
    // The shift of Delta = -2 at dt = 0.01 needs 200 rows before the training window.
    EXPECT_THROW(make_tasks(family, u, 150, 400, 200, 0.01), numerical_error);
    // ... and Delta = +2 needs 200 rows after the test window.
    EXPECT_THROW(make_tasks(family, u, 200, 400, 250, 0.01), numerical_error);
    EXPECT_NO_THROW(make_tasks(family, u, 200, 400, 200, 0.01));
}

TEST(Tasks, TaskColumnsAreUniqueAndReadTheirFields) {
    std::set<std::string> columns;
    for (const auto& c : task_columns()) EXPECT_TRUE(columns.insert(c.name).second) << c.name;
    task_info t;
    t.k = 2;
    t.d = 3;
    t.delta = -0.5;
    t.shift = -50;
    t.delta_realised = -0.5;
    t.complexity = 0.25;
    t.tier = 1;
    std::map<std::string, double> got;
    for (const auto& c : task_columns()) got[c.name] = c.get(t);
    EXPECT_EQ(got.at("k"), 2);
    EXPECT_EQ(got.at("d"), 3);
    EXPECT_EQ(got.at("delta"), -0.5);
    EXPECT_EQ(got.at("shift"), -50);
    EXPECT_EQ(got.at("delta_realised"), -0.5);
    EXPECT_EQ(got.at("complexity"), 0.25);
    EXPECT_EQ(got.at("tier"), 1);
}

}  // namespace
}  // namespace hetsweep
