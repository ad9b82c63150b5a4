// Ridge readouts and their R^2: hand-solved normal equations, the
// large-penalty limit, exact fits, and the failure on a singular design.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/readout.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace hetsweep {
namespace {

// One state and a bias over four samples: x = 1..4, y = 2, 3, 5, 6.
// X'X = [[30, 10], [10, 4]], X'y = [47, 16], lambda = ridge * 30 / 1.
TEST(Ridge, OneStateByHand) {
    Eigen::MatrixXd design(2, 4);
    design << 1, 2, 3, 4, 1, 1, 1, 1;
    Eigen::MatrixXd y(4, 1);
    y << 2, 3, 5, 6;

    // ridge = 0: det = 120 - 100 = 20, w = (4*47 - 10*16)/20 = 1.4, b = (30*16 - 10*47)/20 = 0.5.
    const ridge_solution plain = fit_ridge(design, y, 0.0);
    ASSERT_EQ(plain.beta.rows(), 2);
    ASSERT_EQ(plain.beta.cols(), 1);
    EXPECT_EQ(plain.lambda, 0.0);
    EXPECT_NEAR(plain.beta(0, 0), 1.4, 1e-12);
    EXPECT_NEAR(plain.beta(1, 0), 0.5, 1e-12);

    // ridge = 0.1: lambda = 3 on the state only: [[33, 10], [10, 4]], det = 32,
    // w = (4*47 - 10*16)/32 = 0.875, b = (33*16 - 10*47)/32 = 1.8125.
    const ridge_solution ridged = fit_ridge(design, y, 0.1);
    EXPECT_NEAR(ridged.lambda, 3.0, 1e-12);
    EXPECT_NEAR(ridged.beta(0, 0), 0.875, 1e-12);
    EXPECT_NEAR(ridged.beta(1, 0), 1.8125, 1e-12);
    EXPECT_GT(ridged.flops, 0.0);
}

double det3(const double m[3][3]) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

// Two states and a bias: the normal equations summed here and solved by
// Cramer's rule, two tasks at once, with and without the penalty.
TEST(Ridge, TwoStatesByCramersRule) {
    const int T = 6;
    const double x1[T] = {1, 0, 2, 1, 3, -1}, x2[T] = {0, 1, 1, 2, 1, 0.5};
    const double ys[2][T] = {{1, 2, 0, 4, 3, 1}, {-1, 0.5, 2, 2, 1, 0}};
    Eigen::MatrixXd design(3, T), y(T, 2);
    for (int t = 0; t < T; ++t) {
        design(0, t) = x1[t];
        design(1, t) = x2[t];
        design(2, t) = 1;
        y(t, 0) = ys[0][t];
        y(t, 1) = ys[1][t];
    }
    for (const double ridge : {0.0, 0.05, 2.0}) {
        const ridge_solution fit = fit_ridge(design, y, ridge);
        double s11 = 0, s12 = 0, s22 = 0, s1 = 0, s2 = 0;
        for (int t = 0; t < T; ++t) {
            s11 += x1[t] * x1[t];
            s12 += x1[t] * x2[t];
            s22 += x2[t] * x2[t];
            s1 += x1[t];
            s2 += x2[t];
        }
        const double lambda = ridge * (s11 + s22) / 2;  // trace of the state block over 2 states
        EXPECT_NEAR(fit.lambda, lambda, 1e-12);
        const double a[3][3] = {{s11 + lambda, s12, s1}, {s12, s22 + lambda, s2}, {s1, s2, double(T)}};
        const double det = det3(a);
        for (int task = 0; task < 2; ++task) {
            double b[3] = {0, 0, 0};
            for (int t = 0; t < T; ++t) {
                b[0] += x1[t] * ys[task][t];
                b[1] += x2[t] * ys[task][t];
                b[2] += ys[task][t];
            }
            for (int c = 0; c < 3; ++c) {
                double m[3][3];
                for (int r = 0; r < 3; ++r)
                    for (int q = 0; q < 3; ++q) m[r][q] = q == c ? b[r] : a[r][q];
                EXPECT_NEAR(fit.beta(c, task), det3(m) / det, 1e-11)
                    << "ridge " << ridge << " task " << task << " coef " << c;
            }
        }
    }
}

Eigen::MatrixXd random_design(Eigen::Index n, Eigen::Index T, std::uint64_t seed) {
    random_stream rng(51, seed, purpose::noise);
    Eigen::MatrixXd design(n + 1, T);
    for (Eigen::Index t = 0; t < T; ++t) {
        for (Eigen::Index i = 0; i < n; ++i) design(i, t) = rng.normal() + 0.3 * double(i);
        design(n, t) = 1;
    }
    return design;
}

// With a huge penalty the state weights vanish and the unpenalised bias is
// the mean of the target.
TEST(Ridge, LargePenaltyLimit) {
    const Eigen::MatrixXd design = random_design(5, 200, 1);
    random_stream rng(51, 2, purpose::noise);
    Eigen::MatrixXd y(200, 2);
    for (Eigen::Index t = 0; t < 200; ++t) {
        y(t, 0) = 3 + rng.normal();
        y(t, 1) = -1 + 2 * design(0, t) + rng.normal();
    }
    const ridge_solution fit = fit_ridge(design, y, 1e10);
    for (int task = 0; task < 2; ++task) {
        EXPECT_LT(fit.beta.col(task).head(5).cwiseAbs().maxCoeff(), 1e-8) << "task " << task;
        EXPECT_NEAR(fit.beta(5, task), y.col(task).mean(), 1e-6) << "task " << task;
    }
}

TEST(Ridge, ExactLinearTargetHasRSquaredOne) {
    const Eigen::Index n = 4;
    const Eigen::MatrixXd train = random_design(n, 300, 3), test = random_design(n, 100, 4);
    Eigen::MatrixXd truth(n + 1, 3);
    truth << 1, -2, 0.5, 0.3, 0, 2, -1, 1, 1, 2, 0.25, -3, 0.7, -0.1, 4;
    const Eigen::MatrixXd y_train = train.transpose() * truth, y_test = test.transpose() * truth;
    const ridge_solution fit = fit_ridge(train, y_train, 0.0);
    EXPECT_LT((fit.beta - truth).cwiseAbs().maxCoeff(), 1e-9);
    const Eigen::ArrayXd ss =
        (y_test.rowwise() - y_test.colwise().mean()).colwise().squaredNorm().transpose().array();
    const r2_result score = r2_scores(test, fit.beta, y_test, ss);
    ASSERT_EQ(score.r2.size(), 3);
    for (int task = 0; task < 3; ++task) EXPECT_NEAR(score.r2[task], 1.0, 1e-9) << "task " << task;
}

// R^2 = 1 - sum (y - y_hat)^2 / ss, written out; a constant prediction at the
// test mean scores 0, a worse one is negative.
TEST(Ridge, RSquaredByTheFormula) {
    const Eigen::Index n = 3, T = 50;
    const Eigen::MatrixXd design = random_design(n, T, 5);
    random_stream rng(51, 6, purpose::noise);
    Eigen::MatrixXd beta(n + 1, 2), y(T, 2);
    for (Eigen::Index i = 0; i < beta.size(); ++i) beta.data()[i] = rng.normal();
    for (Eigen::Index i = 0; i < y.size(); ++i) y.data()[i] = rng.normal();
    Eigen::ArrayXd ss(2);
    for (int task = 0; task < 2; ++task) {
        double mean = 0, s = 0;
        for (Eigen::Index t = 0; t < T; ++t) mean += y(t, task);
        mean /= double(T);
        for (Eigen::Index t = 0; t < T; ++t) s += (y(t, task) - mean) * (y(t, task) - mean);
        ss[task] = s;
    }
    const r2_result score = r2_scores(design, beta, y, ss);
    for (int task = 0; task < 2; ++task) {
        double sse = 0;
        for (Eigen::Index t = 0; t < T; ++t) {
            double pred = 0;
            for (Eigen::Index i = 0; i <= n; ++i) pred += design(i, t) * beta(i, task);
            sse += (y(t, task) - pred) * (y(t, task) - pred);
        }
        EXPECT_NEAR(score.r2[task], 1 - sse / ss[task], 1e-12) << "task " << task;
    }
    EXPECT_GT(score.flops, 0.0);

    // Chance and worse than chance.
    Eigen::MatrixXd mean_only = Eigen::MatrixXd::Zero(n + 1, 2);
    mean_only(n, 0) = y.col(0).mean();
    mean_only(n, 1) = y.col(1).mean() + 1;
    const r2_result chance = r2_scores(design, mean_only, y, ss);
    EXPECT_NEAR(chance.r2[0], 0.0, 1e-12);
    EXPECT_NEAR(chance.r2[1], -double(T) / ss[1], 1e-12);
}

void expect_singular(const Eigen::MatrixXd& design, const char* what) {
    const Eigen::MatrixXd y = Eigen::MatrixXd::Ones(design.cols(), 1);
    try {
        fit_ridge(design, y, 0.0);
        ADD_FAILURE() << what << ": no error for a singular design";
    } catch (const numerical_error& e) {
        EXPECT_NE(std::string(e.what()).find("lambda"), std::string::npos) << e.what();
    }
}

TEST(Ridge, RankDeficientDesignWithoutPenaltyThrows) {
    // A silent neuron: a zero row.
    Eigen::MatrixXd zero_row(3, 4);
    zero_row << 1, 2, 3, 4, 0, 0, 0, 0, 1, 1, 1, 1;
    expect_singular(zero_row, "zero row");
    // A saturated neuron: a state row equal to the bias row.
    Eigen::MatrixXd constant_row(3, 4);
    constant_row << 1, 2, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1;
    expect_singular(constant_row, "constant row");

    // Any penalty makes the state block positive definite: the silent
    // neuron gets weight 0 and the fit is that of the other state.
    Eigen::MatrixXd y(4, 1);
    y << 2, 3, 5, 6;
    const ridge_solution fit = fit_ridge(zero_row, y, 1e-3);
    EXPECT_EQ(fit.beta(1, 0), 0.0);
    const double lambda = 1e-3 * 30 / 2;
    EXPECT_NEAR(fit.lambda, lambda, 1e-15);
    const double det = (30 + lambda) * 4 - 100;
    EXPECT_NEAR(fit.beta(0, 0), (4 * 47 - 10 * 16) / det, 1e-12);
    EXPECT_NEAR(fit.beta(2, 0), ((30 + lambda) * 16 - 10 * 47) / det, 1e-12);
}

// Single precision for the products with the targets: the hand-solved case stays within float's
// rounding, and the R^2 formula in float predictions agrees with double to float accuracy.
TEST(Ridge, SinglePrecisionKeepsTheHandSolvedAnswerToFloatRounding) {
    Eigen::MatrixXd design(2, 4);
    design << 1, 2, 3, 4, 1, 1, 1, 1;
    Eigen::MatrixXd y(4, 1);
    y << 2, 3, 5, 6;
    const ridge_solution single = fit_ridge(design, y, 0.1, true);
    EXPECT_NEAR(single.beta(0, 0), 0.875, 1e-6);
    EXPECT_NEAR(single.beta(1, 0), 1.8125, 1e-6);
    // The same numbers are exact in float here, so the answer is too.
    EXPECT_EQ(single.beta(0, 0), fit_ridge(design, y, 0.1).beta(0, 0));

    // Values that are not exact in float: the predictions differ from double's by float rounding.
    Eigen::MatrixXd d2(3, 5);
    d2 << 0.1, 0.7, -0.3, 0.9, 0.2, 1.0 / 3, -0.6, 0.45, 0.05, -0.2, 1, 1, 1, 1, 1;
    Eigen::MatrixXd y2(5, 2);
    y2 << 0.3, 1.1, -0.2, 0.4, 0.5, -0.7, 0.9, 0.25, 0.1, -0.05;
    const Eigen::MatrixXd beta = fit_ridge(d2, y2, 0.01).beta;
    Eigen::ArrayXd ss(2);
    for (int j = 0; j < 2; ++j) ss[j] = (y2.col(j).array() - y2.col(j).mean()).square().sum();
    const Eigen::ArrayXd r2d = r2_scores(d2, beta, y2, ss).r2, r2s = r2_scores(d2, beta, y2, ss, true).r2;
    for (int j = 0; j < 2; ++j) {
        EXPECT_NEAR(r2s[j], r2d[j], 1e-5) << j;
        EXPECT_NE(r2s[j], r2d[j]) << "the float path was not taken";
    }
}

}  // namespace
}  // namespace hetsweep
