// Recurrent and input weights: structure, edge density and weight variance
// against their targets, balancing, pruning and the input mask.

#include <hetsweep/model/connectivity.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace hetsweep {
namespace {

connectivity_spec spec_of(std::int64_t n, double p, std::uint64_t network_seed = 1) {
    connectivity_spec s;
    s.n = n;
    s.p = p;
    s.sweep_seed = 31;
    s.network_seed = network_seed;
    return s;
}

// (row, col) -> value of every stored edge.
std::map<std::pair<std::int64_t, std::int32_t>, double> edges_of(const sparse_weights& w) {
    std::map<std::pair<std::int64_t, std::int32_t>, double> out;
    for (std::int64_t i = 0; i < w.n; ++i)
        for (std::int64_t e = w.row_start[std::size_t(i)]; e < w.row_start[std::size_t(i) + 1]; ++e)
            out[{i, w.col[std::size_t(e)]}] = w.value[std::size_t(e)];
    return out;
}

void expect_valid_csr(const sparse_weights& w) {
    ASSERT_EQ(w.row_start.size(), std::size_t(w.n + 1));
    EXPECT_EQ(w.row_start.front(), 0);
    EXPECT_EQ(w.row_start.back(), std::int64_t(w.nnz()));
    EXPECT_EQ(w.col.size(), w.value.size());
    for (std::int64_t i = 0; i < w.n; ++i) {
        ASSERT_LE(w.row_start[std::size_t(i)], w.row_start[std::size_t(i) + 1]);
        std::set<std::int32_t> seen;
        for (std::int64_t e = w.row_start[std::size_t(i)]; e < w.row_start[std::size_t(i) + 1]; ++e) {
            const auto j = w.col[std::size_t(e)];
            ASSERT_GE(j, 0);
            ASSERT_LT(j, w.n);
            ASSERT_NE(j, i) << "self loop at neuron " << i;
            ASSERT_TRUE(seen.insert(j).second) << "edge " << i << " <- " << j << " stored twice";
        }
    }
}

TEST(Connectivity, StructureDensityAndWeightVariance) {
    const std::int64_t n = 400;
    const double p = 0.1;
    const sparse_weights w = recurrent_weights(spec_of(n, p));
    expect_valid_csr(w);
    // Edge density: nnz ~ Binomial(n (n - 1), p).
    const double pairs = double(n) * double(n - 1);
    const double density = double(w.nnz()) / pairs;
    EXPECT_NEAR(density, p, 5 * std::sqrt(p * (1 - p) / pairs));
    // Weights N(0, 1/(p n)): mean 0, variance 1/(p n), fourth moment 3/(p n)^2.
    double sum = 0, sum2 = 0;
    for (double v : w.value) {
        sum += v;
        sum2 += v * v;
    }
    const double m = double(w.nnz()), target = 1 / (p * double(n));
    EXPECT_NEAR(sum / m, 0.0, 5 * std::sqrt(target / m));
    EXPECT_NEAR(sum2 / m, target, 5 * target * std::sqrt(2 / m));
    // Every row has edges, with the binomial spread of n - 1 trials.
    for (std::int64_t i = 0; i < n; ++i) {
        const double k = double(w.row_start[std::size_t(i) + 1] - w.row_start[std::size_t(i)]);
        EXPECT_NEAR(k, p * double(n - 1), 6 * std::sqrt(p * (1 - p) * double(n - 1))) << "row " << i;
    }
}

// At n = 10 the variance 1/(p n) differs from 1/(p (n - 1)) by 11%: pooled
// over 200 networks the sample variance resolves it (5 standard errors ~5%).
TEST(Connectivity, WeightVarianceIsOneOverPNAtSmallN) {
    for (const double p : {1.0, 0.5}) {
        double sum2 = 0, m = 0;
        for (std::uint64_t seed = 1; seed <= 200; ++seed) {
            const sparse_weights w = recurrent_weights(spec_of(10, p, seed));
            for (double v : w.value) sum2 += v * v;
            m += double(w.nnz());
        }
        const double target = 1 / (p * 10);
        EXPECT_NEAR(sum2 / m, target, 5 * target * std::sqrt(2 / m)) << "p = " << p;
    }
}

TEST(Connectivity, MultiplyAndDenseAgree) {
    const sparse_weights w = recurrent_weights(spec_of(60, 0.2));
    const Eigen::MatrixXd dense = w.dense();
    ASSERT_EQ(dense.rows(), 60);
    EXPECT_TRUE((dense.diagonal().array() == 0).all());
    EXPECT_EQ((dense.array() != 0).count(), Eigen::Index(w.nnz()));
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(60, -1.0, 2.0);
    Eigen::VectorXd y(60);
    w.multiply(x.data(), y.data());
    for (Eigen::Index i = 0; i < 60; ++i) {
        double expected = 0;
        for (Eigen::Index j = 0; j < 60; ++j) expected += dense(i, j) * x[j];
        EXPECT_NEAR(y[i], expected, 1e-12);
    }
}

TEST(Connectivity, SeedsSelectTheNetwork) {
    const auto a = recurrent_weights(spec_of(100, 0.1, 1)), b = recurrent_weights(spec_of(100, 0.1, 1));
    EXPECT_EQ(a.col, b.col);
    EXPECT_EQ(a.value, b.value);
    const auto c = recurrent_weights(spec_of(100, 0.1, 2));
    EXPECT_NE(a.col, c.col);
    connectivity_spec other_sweep = spec_of(100, 0.1, 1);
    other_sweep.sweep_seed = 32;
    EXPECT_NE(a.col, recurrent_weights(other_sweep).col);
}

TEST(Connectivity, BalancedRowsSumToZero) {
    connectivity_spec s = spec_of(200, 0.1);
    const auto plain = recurrent_weights(s);
    s.balanced = true;
    const auto balanced = recurrent_weights(s);
    expect_valid_csr(balanced);
    // Same edges; each row's weights shifted by minus the row's mean.
    ASSERT_EQ(balanced.col, plain.col);
    ASSERT_EQ(balanced.row_start, plain.row_start);
    for (std::int64_t i = 0; i < s.n; ++i) {
        const auto b = std::size_t(plain.row_start[std::size_t(i)]),
                   e = std::size_t(plain.row_start[std::size_t(i) + 1]);
        double mean = 0, row_sum = 0;
        for (auto k = b; k < e; ++k) mean += plain.value[k];
        mean /= double(e - b);
        for (auto k = b; k < e; ++k) {
            EXPECT_NEAR(balanced.value[k], plain.value[k] - mean, 1e-15);
            row_sum += balanced.value[k];
        }
        EXPECT_NEAR(row_sum, 0.0, 1e-13) << "row " << i;
    }
}

TEST(Connectivity, PruneRemovesAnExactFractionAndKeepsTheRest) {
    connectivity_spec s = spec_of(300, 0.1);
    const auto full = recurrent_weights(s);
    const auto all = edges_of(full);
    for (const double prune : {0.1, 0.3, 0.5, 0.9}) {
        s.prune = prune;
        const auto pruned = recurrent_weights(s);
        expect_valid_csr(pruned);
        const auto removed = std::llround(prune * double(full.nnz()));
        EXPECT_EQ(std::int64_t(pruned.nnz()), std::int64_t(full.nnz()) - removed) << "prune " << prune;
        // Survivors keep their exact weights.
        std::int64_t first_half_removed = 0, first_half = 0;
        const auto kept = edges_of(pruned);
        for (const auto& [edge, value] : all) {
            const auto it = kept.find(edge);
            if (it != kept.end()) {
                ASSERT_EQ(it->second, value) << "prune " << prune;
            }
            if (edge.first < s.n / 2) {
                ++first_half;
                first_half_removed += (it == kept.end());
            }
        }
        for (const auto& [edge, value] : kept) ASSERT_TRUE(all.count(edge)) << "pruning added an edge";
        // The removed edges are spread over the network, not taken from its first rows.
        EXPECT_NEAR(double(first_half_removed) / double(first_half), prune, 0.03) << "prune " << prune;
    }
    s.prune = 1.0;
    EXPECT_EQ(recurrent_weights(s).nnz(), 0u);
    // Balancing after pruning: rows still sum to zero.
    s.prune = 0.5;
    s.balanced = true;
    const auto pb = recurrent_weights(s);
    for (std::int64_t i = 0; i < s.n; ++i) {
        double row_sum = 0;
        for (auto e = pb.row_start[std::size_t(i)]; e < pb.row_start[std::size_t(i) + 1]; ++e)
            row_sum += pb.value[std::size_t(e)];
        EXPECT_NEAR(row_sum, 0.0, 1e-13) << "row " << i;
    }
}

TEST(Connectivity, InputWeightsVarianceAndMask) {
    const std::int64_t n = 1000;
    const int d = 3;
    const Eigen::MatrixXd full = input_weights(n, d, 1.0, 31, 1);
    ASSERT_EQ(full.rows(), n);
    ASSERT_EQ(full.cols(), d);
    // Entries N(0, 1/d).
    const double m = double(full.size()), target = 1.0 / d;
    EXPECT_NEAR(full.mean(), 0.0, 5 * std::sqrt(target / m));
    EXPECT_NEAR(full.array().square().mean(), target, 5 * target * std::sqrt(2 / m));
    EXPECT_EQ((full.array() == 0).count(), 0);
    EXPECT_TRUE((input_weights(n, d, 1.0, 31, 1).array() == full.array()).all());
    EXPECT_FALSE((input_weights(n, d, 1.0, 31, 2).array() == full.array()).all());

    for (const double fraction : {0.0, 0.3, 0.55, 0.9}) {
        const Eigen::MatrixXd w = input_weights(n, d, fraction, 31, 1);
        const auto silent = std::llround((1 - fraction) * double(n));
        std::int64_t zero_rows = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            if ((w.row(i).array() == 0).all()) {
                ++zero_rows;
            } else {
                ASSERT_TRUE((w.row(i).array() == full.row(i).array()).all()) << "row " << i << " changed";
            }
        }
        EXPECT_EQ(zero_rows, silent) << "fraction " << fraction;
    }
}

}  // namespace
}  // namespace hetsweep
