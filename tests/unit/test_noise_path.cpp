// The noise path: independent by default; shared, the same Brownian path at every dt. Checked against
// the path's definition built here by hand from the streams, and against the Brownian path's
// statistics (a base step's sub-step values sum to its value; each is a standard normal, independent
// of its neighbours).

#include <hetsweep/errors.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/vocab/noise_rules.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hetsweep {
namespace {

constexpr std::uint64_t sweep_seed = 17, seed = 4;
constexpr std::int64_t n = 5;
constexpr double base = 0.01;

random_stream stream() {
    return random_stream(sweep_seed, seed, purpose::noise);
}

std::vector<double> next(noise_path& path) {
    std::vector<double> z(n);
    path.fill_normal(z.data(), n);
    return z;
}

TEST(NoisePath, IndependentAndSharedAtTheBaseStepAreTheStream) {
    noise_path independent{stream()}, shared{stream(), sweep_seed, seed, base, base};
    random_stream reference = stream();
    for (int t = 0; t < 50; ++t) {
        std::vector<double> want(n);
        reference.fill_normal(want.data(), n);
        EXPECT_EQ(next(independent), want) << t;
        EXPECT_EQ(next(shared), want) << t;
    }
}

// dt = 3 base: each step's value is the sum of three base values over sqrt(3).
TEST(NoisePath, ACoarseStepSumsItsBaseSteps) {
    noise_path coarse{stream(), sweep_seed, seed, 3 * base, base};
    EXPECT_EQ(coarse.base_steps_per_step(), 3);
    random_stream reference = stream();
    for (int t = 0; t < 20; ++t) {
        std::vector<double> sum(n, 0.0), z(n);
        for (int k = 0; k < 3; ++k) {
            reference.fill_normal(z.data(), n);
            for (std::int64_t i = 0; i < n; ++i) sum[std::size_t(i)] += z[std::size_t(i)];
        }
        const auto got = next(coarse);
        for (std::int64_t i = 0; i < n; ++i)
            EXPECT_NEAR(got[std::size_t(i)], sum[std::size_t(i)] / std::sqrt(3.0), 1e-14) << t << " " << i;
    }
}

// dt = base / 4: the four sub-step values of a base step, each over a quarter of it, add up to its
// increment: sum_k sqrt(1/4) z_k = z_base. At dt = base / 2 they are the same path's coarser
// sampling: two quarter steps sum to the half step.
TEST(NoisePath, FineStepsRefineTheSamePath) {
    noise_path quarter{stream(), sweep_seed, seed, base / 4, base};
    noise_path half{stream(), sweep_seed, seed, base / 2, base};
    EXPECT_EQ(quarter.bridge_levels(), 2);
    random_stream reference = stream();
    for (int t = 0; t < 30; ++t) {
        std::vector<double> whole(n);
        reference.fill_normal(whole.data(), n);
        std::vector<std::vector<double>> q(4), h(2);
        for (auto& x : q) x = next(quarter);
        for (auto& x : h) x = next(half);
        for (std::int64_t i = 0; i < n; ++i) {
            const auto k = std::size_t(i);
            EXPECT_NEAR(0.5 * (q[0][k] + q[1][k] + q[2][k] + q[3][k]), whole[k], 1e-13);
            EXPECT_NEAR(std::sqrt(0.5) * (q[0][k] + q[1][k]), h[0][k], 1e-13);
            EXPECT_NEAR(std::sqrt(0.5) * (q[2][k] + q[3][k]), h[1][k], 1e-13);
        }
    }
}

// The refined values are standard normals, uncorrelated at lag one: a Brownian path's increments.
TEST(NoisePath, RefinedValuesAreIndependentStandardNormals) {
    noise_path eighth{stream(), sweep_seed, seed, base / 8, base};
    const int steps = 40000;
    double sum = 0, sq = 0, lag = 0, previous = 0;
    for (int t = 0; t < steps; ++t) {
        const double z = next(eighth)[0];
        sum += z;
        sq += z * z;
        if (t) lag += z * previous;
        previous = z;
    }
    const double mean = sum / steps, var = sq / steps - mean * mean;
    EXPECT_NEAR(mean, 0, 5 / std::sqrt(double(steps)));
    EXPECT_NEAR(var, 1, 5 * std::sqrt(2.0 / steps));
    EXPECT_NEAR(lag / (steps - 1), 0, 5 / std::sqrt(double(steps)));
}

TEST(NoisePath, TheRuleNamesTheKeys) {
    EXPECT_EQ(shared_noise_violation(0.0025, 0.01), "");
    EXPECT_EQ(shared_noise_violation(0.02, 0.01), "");
    EXPECT_EQ(shared_noise_steps(0.005, 0.01).levels, 1);
    const std::string rule = shared_noise_violation(0.003, 0.01);
    EXPECT_NE(rule.find("network.dt = 0.003"), std::string::npos) << rule;
    EXPECT_NE(rule.find("noise_window / 2^j"), std::string::npos) << rule;
    EXPECT_THROW(noise_path(stream(), sweep_seed, seed, 0.003, base), config_error);
}

}  // namespace
}  // namespace hetsweep
