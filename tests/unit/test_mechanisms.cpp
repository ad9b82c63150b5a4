// Mechanism analyses against constructions with a known answer: a state with
// a prescribed covariance spectrum (participation ratio in closed form), and
// targets inside, outside and half inside the span of its top components.

#include <hetsweep/model/mechanisms.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>
#include <Eigen/Eigenvalues>

#include <cmath>
#include <vector>

namespace hetsweep {
namespace {

constexpr std::uint64_t sweep_seed = 91;

Eigen::MatrixXd gaussian(Eigen::Index rows, Eigen::Index cols, std::uint32_t substream) {
    random_stream rng(sweep_seed, 1, purpose::noise, substream);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = rng.normal();
    return m;
}

// k time courses, columns of a T x k matrix, centred and orthonormal.
Eigen::MatrixXd orthonormal_signals(Eigen::Index T, Eigen::Index k) {
    Eigen::MatrixXd g = gaussian(T, k, 1);
    g.rowwise() -= g.colwise().mean();
    return Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ() * Eigen::MatrixXd::Identity(T, k);
}

struct known_state {
    Eigen::MatrixXd states;   // n x T
    Eigen::MatrixXd signals;  // T x (n + extra): orthonormal, centred; the first n make the state
};

// states = R diag(sqrt(lambda)) sqrt(T) S' + offsets, with R a random rotation:
// the covariance (1/T) Xc Xc' is R diag(lambda) R' exactly, and principal
// component j follows signal j.
known_state make_state(const std::vector<double>& lambda, Eigen::Index T, Eigen::Index extra) {
    const auto n = Eigen::Index(lambda.size());
    known_state s;
    s.signals = orthonormal_signals(T, n + extra);
    const Eigen::MatrixXd rotation = Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian(n, n, 2)).householderQ();
    const Eigen::VectorXd scale =
        Eigen::Map<const Eigen::VectorXd>(lambda.data(), n).cwiseSqrt() * std::sqrt(double(T));
    s.states = rotation * scale.asDiagonal() * s.signals.leftCols(n).transpose();
    s.states.colwise() += Eigen::VectorXd::LinSpaced(n, -3, 5);  // offsets the analysis must remove
    return s;
}

TEST(Mechanisms, ParticipationRatioOfASpectrum) {
    EXPECT_DOUBLE_EQ(participation_ratio(Eigen::Vector4d(2, 2, 2, 2)), 4.0);
    EXPECT_DOUBLE_EQ(participation_ratio(Eigen::Vector4d(0, 0, 5, 0)), 1.0);
    EXPECT_DOUBLE_EQ(participation_ratio(Eigen::Vector4d(0, 0, 0, 0)), 0.0);
    EXPECT_DOUBLE_EQ(participation_ratio(Eigen::Vector3d(3, 1, -1e-18)), 16.0 / 10.0);
}

TEST(Mechanisms, ParticipationRatioOfAStateWithKnownCovariance) {
    const std::vector<double> lambda = {4, 2, 1, 1, 0.5, 0.0};
    const known_state s = make_state(lambda, 400, 0);
    const Eigen::MatrixXd target = s.signals.col(0);
    const state_analysis a = analyse_state(s.states, target, 1);
    // (4 + 2 + 1 + 1 + 0.5)^2 / (16 + 4 + 1 + 1 + 0.25)
    EXPECT_NEAR(a.participation_ratio, 72.25 / 22.25, 1e-9);
    EXPECT_EQ(a.components, 3);
    EXPECT_GT(a.flops, 0.0);
}

// Standardised, the participation ratio counts neurons, not their amplitudes: uncorrelated neurons of
// very different swings have PR (sum a^2)^2 / sum a^4 but standardised PR n; a neuron without variance
// is left out; two neurons that are one signal at two amplitudes and a third independent one have the
// correlation matrix [[1, 1, 0], [1, 1, 0], [0, 0, 1]]: (tr R)^2 / tr(R^2) = 9 / 5.
TEST(Mechanisms, StandardisedParticipationRatioCountsNeuronsNotAmplitudes) {
    const Eigen::Index T = 400;
    const Eigen::MatrixXd signals = orthonormal_signals(T, 4) * std::sqrt(double(T));  // unit variance each
    const Eigen::MatrixXd targets = signals.leftCols(1);
    const std::vector<double> amplitude{0.1, 1.0, 3.0, 10.0};
    Eigen::MatrixXd states(5, T);
    for (Eigen::Index i = 0; i < 4; ++i)
        states.row(i) = amplitude[std::size_t(i)] * signals.col(i).transpose();
    states.row(4).setConstant(0.7);  // a silent neuron
    const state_analysis a = analyse_state(states, targets, 2);
    double s2 = 0, s4 = 0;
    for (double x : amplitude) {
        s2 += x * x;
        s4 += x * x * x * x;
    }
    EXPECT_NEAR(a.participation_ratio, s2 * s2 / s4, 1e-9);
    EXPECT_NEAR(a.participation_ratio_standardised, 4.0, 1e-9);

    Eigen::MatrixXd pair(3, T);
    pair.row(0) = 0.2 * signals.col(0).transpose();
    pair.row(1) = -5.0 * signals.col(0).transpose();
    pair.row(2) = 2.0 * signals.col(1).transpose();
    EXPECT_NEAR(analyse_state(pair, targets, 1).participation_ratio_standardised, 9.0 / 5.0, 1e-9);
}

TEST(Mechanisms, AlignmentInsideOutsideAndHalfway) {
    // PR = 14^2 / 98 = 2.0: the top two components span the aligned subspace.
    const std::vector<double> lambda = {9, 4, 1, 0, 0};
    const Eigen::Index T = 300;
    const known_state s = make_state(lambda, T, 1);
    Eigen::MatrixXd targets(T, 5);
    targets.col(0) =
        3 * s.signals.col(0) - 2 * s.signals.col(1) + Eigen::VectorXd::Constant(T, 7);  // in the span
    targets.col(1) = s.signals.col(5);                     // orthogonal to every state row
    targets.col(2) = s.signals.col(2);                     // in the state, not in the top two components
    targets.col(3) = s.signals.col(1) + s.signals.col(5);  // half its variance in the span
    targets.col(4) = gaussian(T, 1, 3);                    // unrelated noise: about k / T
    const state_analysis a = analyse_state(s.states, targets, 1);
    EXPECT_NEAR(a.participation_ratio, 196.0 / 98.0, 1e-9);
    ASSERT_EQ(a.components, 2);
    ASSERT_EQ(a.alignment.size(), 5);
    EXPECT_NEAR(a.alignment[0], 1.0, 1e-10);
    EXPECT_NEAR(a.alignment[1], 0.0, 1e-10);
    EXPECT_NEAR(a.alignment[2], 0.0, 1e-10);
    EXPECT_NEAR(a.alignment[3], 0.5, 1e-10);
    EXPECT_LT(a.alignment[4], 0.05);
}

// On a fixed number of components the subspace does not follow the participation ratio: the same
// targets, k = 3 components of a rank-3 state (PR 2), and k = 10 clamped to the 3 with variance.
TEST(Mechanisms, AlignmentOnAFixedNumberOfComponents) {
    const std::vector<double> lambda = {9, 4, 1, 0, 0};
    const Eigen::Index T = 300;
    const known_state s = make_state(lambda, T, 1);
    Eigen::MatrixXd targets(T, 3);
    targets.col(0) = s.signals.col(2);                     // the third component: outside the top two
    targets.col(1) = s.signals.col(1) + s.signals.col(5);  // half its variance in the state
    targets.col(2) = s.signals.col(5);                     // outside the state
    for (int k : {3, 10}) {
        const state_analysis a = analyse_state(s.states, targets, k);
        EXPECT_EQ(a.components, 2) << "round(PR) is unchanged";
        EXPECT_EQ(a.fixed_components, 3) << "k = " << k;
        EXPECT_NEAR(a.alignment[0], 0.0, 1e-10);
        EXPECT_NEAR(a.alignment_fixed[0], 1.0, 1e-10);
        EXPECT_NEAR(a.alignment_fixed[1], 0.5, 1e-10);
        EXPECT_NEAR(a.alignment_fixed[2], 0.0, 1e-10);
    }
    const state_analysis one = analyse_state(s.states, targets, 1);
    EXPECT_EQ(one.fixed_components, 1);
    EXPECT_NEAR(one.alignment_fixed[1], 0.0, 1e-10) << "signal 1 is the second component";
}

TEST(Mechanisms, ConstantStateAndConstantTarget) {
    const Eigen::MatrixXd states = Eigen::MatrixXd::Constant(4, 50, 0.7);
    Eigen::MatrixXd targets = gaussian(50, 2, 4);
    const state_analysis flat = analyse_state(states, targets, 1);
    EXPECT_EQ(flat.participation_ratio, 0.0);
    EXPECT_EQ(flat.components, 0);
    EXPECT_TRUE((flat.alignment == 0).all());

    const known_state s = make_state({1, 1}, 50, 0);
    targets.col(1).setConstant(2.0);
    const state_analysis a = analyse_state(s.states, targets, 1);
    EXPECT_NEAR(a.participation_ratio, 2.0, 1e-9);
    EXPECT_TRUE(std::isnan(a.alignment[1])) << "a constant target has no variance to align";
}

// Large enough for the Lanczos path (n >= 64, k < n / 3): the known spectrum, the participation
// ratio by trace identities, and alignments of 1 and 0 for signals inside and outside the top 10.
TEST(Mechanisms, LanczosPathOnAKnownSpectrum) {
    const Eigen::Index n = 120, T = 600;
    std::vector<double> lambda;
    for (Eigen::Index j = 0; j < n; ++j) lambda.push_back(1.0 / std::pow(double(j + 1), 1.5));
    const known_state s = make_state(lambda, T, 2);
    double sum = 0, sum_sq = 0;
    for (double l : lambda) {
        sum += l;
        sum_sq += l * l;
    }
    Eigen::MatrixXd targets(T, 3);
    targets.col(0) = s.signals.col(0);  // the top component
    targets.col(1) = s.signals.col(9);  // the 10th
    targets.col(2) = s.signals.col(n);  // no component of the state
    const state_analysis a = analyse_state(s.states, targets, 10);
    EXPECT_NEAR(a.participation_ratio, sum * sum / sum_sq, 1e-9);
    EXPECT_EQ(a.fixed_components, 10);
    EXPECT_NEAR(a.alignment_fixed[0], 1.0, 1e-9);
    EXPECT_NEAR(a.alignment_fixed[1], 1.0, 1e-9);
    EXPECT_NEAR(a.alignment_fixed[2], 0.0, 1e-9);

    // The top 10 against Eigen's own whole decomposition of the same matrix.
    const Eigen::MatrixXd c = (s.states.colwise() - s.states.rowwise().mean()) *
                              (s.states.colwise() - s.states.rowwise().mean()).transpose() / double(T);
    Eigen::VectorXd values;
    Eigen::MatrixXd vectors;
    const double flops = top_eigenpairs(c, 10, values, vectors);
    EXPECT_LT(flops, 9.0 * double(n) * double(n) * double(n)) << "the whole decomposition was taken";
    ASSERT_EQ(values.size(), 10);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> full(c);
    for (Eigen::Index j = 0; j < 10; ++j) {
        EXPECT_NEAR(values[j], full.eigenvalues()[n - 10 + j], 1e-12) << j;
        EXPECT_NEAR(std::abs(vectors.col(j).dot(full.eigenvectors().col(n - 10 + j))), 1.0, 1e-9) << j;
    }
}

}  // namespace
}  // namespace hetsweep
