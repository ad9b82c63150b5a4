// The validated readout: its eigen path against direct ridge fits on each fold, the ridge it chooses
// on a linear-Gaussian problem whose best ridge is known in closed form, and that the test window
// cannot move it.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/model/readout.hpp>
#include <hetsweep/model/ridge_selection.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hetsweep {
namespace {

// Correlated states (so that the penalty matters), a bias row, and targets linear in the states.
struct problem {
    Eigen::MatrixXd design;  // (n + 1) x T
    Eigen::MatrixXd y;       // T x m
};

problem correlated_problem(Eigen::Index n, Eigen::Index T, Eigen::Index m, std::uint64_t seed) {
    random_stream rng(seed, 1, purpose::noise);
    problem p;
    p.design.resize(n + 1, T);
    Eigen::VectorXd state = Eigen::VectorXd::Zero(n);
    for (Eigen::Index t = 0; t < T; ++t) {
        for (Eigen::Index i = 0; i < n; ++i)
            state[i] = 0.6 * state[i] + rng.normal() + 0.2 * state[(i + 1) % n];
        p.design.col(t).head(n) = state;
    }
    p.design.row(n).setOnes();
    Eigen::MatrixXd beta(n + 1, m);
    for (Eigen::Index i = 0; i < beta.size(); ++i) beta.data()[i] = rng.normal();
    p.y = p.design.transpose() * beta;
    for (Eigen::Index i = 0; i < p.y.size(); ++i) p.y.data()[i] += 5 * rng.normal();
    return p;
}

// What the eigen path claims, computed by fitting each fold directly with fit_ridge.
Eigen::MatrixXd direct_validation_r2(const problem& p, const ridge_selection_spec& s) {
    const Eigen::Index T = p.design.cols(), m = p.y.cols();
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(Eigen::Index(s.factors.size()), m);
    for (const auto& [first, last] : fold_blocks(T, s.folds)) {
        std::vector<Eigen::Index> train;
        for (Eigen::Index t = 0; t < T; ++t)
            if (t < first - s.gap || t >= last + s.gap) train.push_back(t);
        Eigen::MatrixXd d(p.design.rows(), Eigen::Index(train.size()));
        Eigen::MatrixXd y(Eigen::Index(train.size()), m);
        for (std::size_t j = 0; j < train.size(); ++j) {
            d.col(Eigen::Index(j)) = p.design.col(train[j]);
            y.row(Eigen::Index(j)) = p.y.row(train[j]);
        }
        const auto held_d = p.design.middleCols(first, last - first);
        const auto held_y = p.y.middleRows(first, last - first);
        const Eigen::ArrayXd ss =
            (held_y.rowwise() - held_y.colwise().mean()).colwise().squaredNorm().transpose();
        for (std::size_t l = 0; l < s.factors.size(); ++l) {
            const ridge_solution fit = fit_ridge(d, y, s.factors[l]);
            out.row(Eigen::Index(l)) +=
                r2_scores(held_d, fit.beta, held_y, ss).r2.matrix().transpose() / s.folds;
        }
    }
    return out;
}

TEST(RidgeSelection, EigenPathAgreesWithDirectSolvesForEveryFactor) {
    const problem p = correlated_problem(8, 400, 6, 3);
    for (std::int64_t gap : {0, 7}) {
        ridge_selection_spec s{log_grid(1e-6, 1e2, 9), 4, gap, ridge_rule::per_task};
        const Eigen::MatrixXd want = direct_validation_r2(p, s);
        const ridge_selection got = select_ridge(p.design, p.y, s);
        ASSERT_EQ(got.validation_r2.rows(), want.rows());
        for (Eigen::Index l = 0; l < want.rows(); ++l)
            for (Eigen::Index t = 0; t < want.cols(); ++t)
                EXPECT_NEAR(got.validation_r2(l, t), want(l, t), 1e-10) << "factor " << l << " task " << t;
        s.rule = ridge_rule::per_point;
        const ridge_selection mean = select_ridge(p.design, p.y, s);
        for (Eigen::Index l = 0; l < want.rows(); ++l)
            EXPECT_NEAR(mean.mean_validation_r2[l], want.row(l).mean(), 1e-10) << "factor " << l;
        EXPECT_EQ(mean.validation_r2.size(), 0) << "per point, the per-task table is not computed";
    }
}

// The partial fractions (ridge_selection_spec::fractions) score every factor as the direct solves do,
// also where eigenvalues repeat: a state row that is a copy of another and one that is always zero
// make a fold's covariance rank-deficient (a cluster of zero eigenvalues), and two states with the
// same independent noise scale make nearly equal ones.
TEST(RidgeSelection, PartialFractionsAgreeWithDirectSolves) {
    problem plain = correlated_problem(8, 400, 6, 3);
    problem degenerate = correlated_problem(10, 400, 6, 5);
    degenerate.design.row(8) = degenerate.design.row(2);
    degenerate.design.row(9).setZero();
    for (const problem* p : {&plain, &degenerate}) {
        for (std::int64_t gap : {0, 7}) {
            ridge_selection_spec s{log_grid(1e-8, 1e2, 11), 4, gap, ridge_rule::per_task};
            s.fractions = true;
            const Eigen::MatrixXd want = direct_validation_r2(*p, s);
            const ridge_selection got = select_ridge(p->design, p->y, s);
            ASSERT_EQ(got.validation_r2.rows(), want.rows());
            for (Eigen::Index l = 0; l < want.rows(); ++l)
                for (Eigen::Index t = 0; t < want.cols(); ++t)
                    EXPECT_NEAR(got.validation_r2(l, t), want(l, t), 1e-9)
                        << (p == &plain ? "plain" : "degenerate") << ", gap " << gap << ", factor " << l
                        << ", task " << t;
            s.fractions = false;
            const ridge_selection direct = select_ridge(p->design, p->y, s);
            EXPECT_TRUE((direct.factor == got.factor).all()) << "the same choice as one product per factor";
            EXPECT_LT((direct.beta - got.beta).cwiseAbs().maxCoeff(), 1e-12);
        }
    }
}

TEST(RidgeSelection, RefitIsFitRidgeWithTheChosenFactor) {
    const problem p = correlated_problem(8, 400, 6, 4);
    for (auto rule : {ridge_rule::per_point, ridge_rule::per_task}) {
        const ridge_selection got = select_ridge(p.design, p.y, {log_grid(1e-6, 1e2, 9), 5, 3, rule});
        for (Eigen::Index t = 0; t < p.y.cols(); ++t) {
            const ridge_solution direct = fit_ridge(p.design, p.y.col(t), got.factor[t]);
            EXPECT_LT((got.beta.col(t) - direct.beta).cwiseAbs().maxCoeff(),
                      1e-9 * direct.beta.cwiseAbs().maxCoeff());
            if (rule == ridge_rule::per_point) {
                EXPECT_NEAR(got.lambda, direct.lambda, 1e-9 * direct.lambda);
            }
        }
        if (rule == ridge_rule::per_task) {
            EXPECT_TRUE(std::isnan(got.lambda));
        }
    }
}

// x ~ N(0, I), beta ~ N(0, tau^2 I), y = x'beta + N(0, sigma^2): the posterior mean, and so the ridge
// of least expected error, has lambda = sigma^2 / tau^2. Here trace(X'X)/n is about T, so the best
// factor is sigma^2 / (tau^2 T).
problem linear_gaussian(Eigen::Index n, Eigen::Index T, const std::vector<double>& tau, std::uint64_t seed) {
    random_stream rng(seed, 2, purpose::noise);
    const Eigen::Index m = Eigen::Index(tau.size());
    problem p;
    p.design.resize(n + 1, T);
    for (Eigen::Index i = 0; i < n * T; ++i) p.design(i % n, i / n) = rng.normal();
    p.design.row(n).setOnes();
    Eigen::MatrixXd beta = Eigen::MatrixXd::Zero(n + 1, m);
    for (Eigen::Index t = 0; t < m; ++t)
        for (Eigen::Index i = 0; i < n; ++i) beta(i, t) = tau[std::size_t(t)] * rng.normal();
    p.y = p.design.transpose() * beta;
    for (Eigen::Index i = 0; i < p.y.size(); ++i) p.y.data()[i] += rng.normal();
    return p;
}

TEST(RidgeSelection, ChoosesTheBayesRidgeOfALinearGaussianModel) {
    const Eigen::Index n = 20, T = 4000;
    const problem p = linear_gaussian(n, T, std::vector<double>(200, 0.1), 5);
    const double best = 1.0 / (0.01 * double(T));  // 0.025
    const ridge_selection got =
        select_ridge(p.design, p.y, {log_grid(1e-5, 1e0, 41), 5, 0, ridge_rule::per_point});
    EXPECT_GT(got.factor[0], best / 2) << "chose " << got.factor[0] << ", expected about " << best;
    EXPECT_LT(got.factor[0], best * 2) << "chose " << got.factor[0] << ", expected about " << best;

    // Half the tasks with strong weights (best factor 1/T) and half with weak ones (100/T).
    std::vector<double> tau(100, 1.0);
    tau.resize(200, 0.1);
    const problem mixed = linear_gaussian(n, T, tau, 6);
    const ridge_selection per_task =
        select_ridge(mixed.design, mixed.y, {log_grid(1e-6, 1e0, 25), 5, 0, ridge_rule::per_task});
    const double strong = per_task.factor.head(100).log().mean(),
                 weak = per_task.factor.tail(100).log().mean();
    EXPECT_NEAR(std::exp(strong), 1.0 / double(T), 3.0 / double(T));
    EXPECT_GT(std::exp(weak), 10 * std::exp(strong)) << "weak weights call for a stronger penalty";
}

TEST(RidgeSelection, FoldsTooShortAreAnError) {
    const problem p = correlated_problem(4, 10, 2, 7);
    EXPECT_THROW(select_ridge(p.design, p.y, {log_grid(1e-3, 1, 3), 5, 4, ridge_rule::per_point}),
                 numerical_error);
}

// Long enough a training window for 5 folds with a gap of 2 TU on each side.
point_params small_validated_point() {
    point_params p = test::small_point();
    p.train = 20;
    p.readout_mode = "validated";
    return p;
}

// The selection sees the training window only: a design and targets whose test window is replaced
// by other data give the same choice, per point and per task.
TEST(RidgeSelection, TheTestWindowDoesNotMoveTheChoice) {
    problem p = correlated_problem(10, 600, 8, 11);
    const Eigen::Index train = 450;
    const ridge_selection_spec s{log_grid(1e-6, 1e2, 17), 5, 5, ridge_rule::per_task};
    const ridge_selection before = select_ridge(p.design.leftCols(train), p.y.topRows(train), s);
    const problem other = correlated_problem(10, 600, 8, 12);
    p.design.rightCols(600 - train) = other.design.rightCols(600 - train);
    p.y.bottomRows(600 - train) = 100 * other.y.bottomRows(600 - train);
    const ridge_selection after = select_ridge(p.design.leftCols(train), p.y.topRows(train), s);
    EXPECT_TRUE((before.factor == after.factor).all());
    EXPECT_TRUE(before.validation_r2 == after.validation_r2);
    // The same selection sees the whole window differently: the test is not vacuous.
    const ridge_selection whole = select_ridge(p.design, p.y, s);
    EXPECT_FALSE(whole.validation_r2 == before.validation_r2);
}

TEST(RidgeSelection, ValidatedPointStoresItsChoice) {
    point_params p = small_validated_point();
    p.select = "point";
    const point_result r = evaluator(9).run(p);
    ASSERT_EQ(r.ridge_factor.size(), r.r2.size());
    EXPECT_TRUE((r.ridge_factor == r.ridge_factor[0]).all()) << "one factor per point";
    EXPECT_GE(r.ridge_factor[0], p.ridge_min);
    EXPECT_LE(r.ridge_factor[0], p.ridge_max);
    EXPECT_TRUE(std::isfinite(r.lambda));
}

TEST(RidgeSelection, PerTaskChoicesStayOnTheGrid) {
    point_params p = small_validated_point();
    p.select = "task";
    const point_result r = evaluator(9).run(p);
    ASSERT_EQ(r.ridge_factor.size(), r.r2.size());
    const std::vector<double> grid = log_grid(p.ridge_min, p.ridge_max, int(p.ridge_steps));
    for (Eigen::Index t = 0; t < r.ridge_factor.size(); ++t)
        ASSERT_NE(std::find(grid.begin(), grid.end(), r.ridge_factor[t]), grid.end()) << "task " << t;
    EXPECT_TRUE(std::isnan(r.lambda)) << "no single lambda when each task has its own";
}

TEST(RidgeSelection, FixedReadoutReportsItsFactor) {
    point_params p = small_validated_point();
    p.readout_mode = "fixed";
    const point_result r = evaluator(9).run(p);
    EXPECT_TRUE((r.ridge_factor == p.ridge).all());
}

}  // namespace
}  // namespace hetsweep
