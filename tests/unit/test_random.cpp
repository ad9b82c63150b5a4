// Counter-based random streams: Philox4x32-10 against the Random123
// known-answer vectors, stream keying, and the distributions against their
// exact moments and CDFs.

#include <hetsweep/vocab/random.hpp>

#include "unit/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace hetsweep {
namespace {

struct kat {
    philox_counter counter;
    philox_key key;
    philox_counter expected;
};

// Random123 1.09, examples/kat_vectors, the "philox4x32 10" lines
// (columns: CTR[4] KEY[2] EXPECTED[4]).
const kat random123_kat[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    // Single-bit counters and keys from Random123's generated test set (gentests.py).
    {{0x00000001, 0x00000000, 0x00000000, 0x00000000},
     {0x00000001, 0x00000000},
     {0xac08141b, 0xdfc5ccbe, 0x79c07a47, 0xa7f66093}},
    {{0x00000000, 0x00000000, 0x00000000, 0x00000001},
     {0x00000000, 0x00000001},
     {0x96b27e8c, 0x28826d0f, 0x66d958ef, 0x081509dc}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0x00000000, 0xffffffff},
     {0x08f7720c, 0x845ee9e0, 0x502ccd3d, 0xa9a00e27}},
    {{0x00000000, 0x00000000, 0x00000000, 0x80000000},
     {0x00000000, 0x80000000},
     {0xf7a0b371, 0xe51dc93d, 0x56ce135d, 0x1d4b5580}},
};

TEST(Philox, MatchesRandom123KnownAnswers) {
    for (const auto& v : random123_kat) {
        const philox_counter out = philox4x32_10(v.counter, v.key);
        for (int w = 0; w < 4; ++w)
            EXPECT_EQ(out[std::size_t(w)], v.expected[std::size_t(w)])
                << "counter " << std::hex << v.counter[0] << ' ' << v.counter[1] << ' ' << v.counter[2] << ' '
                << v.counter[3] << " key " << v.key[0] << ' ' << v.key[1] << " word " << w;
    }
}

TEST(Philox, Mix64IsSplitMix64) {
    // The first outputs of the SplitMix64 reference generator seeded with 0 and 1234567.
    EXPECT_EQ(mix64(0), 0xe220a8397b1dcdafull);
    EXPECT_EQ(mix64(1234567), 6457827717110365317ull);
}

// The stream is Philox on the counter (block lo, block hi, purpose, substream)
// under the key folded from the seeds; the buffered, vectorised refill must
// give the words of the one-block function across many refills.
TEST(RandomStream, WordsArePhiloxBlocksInOrder) {
    const std::uint64_t sweep = 12345, network = 678;
    const std::uint64_t k = mix64(mix64(sweep) ^ network);
    const philox_key key = {std::uint32_t(k), std::uint32_t(k >> 32)};
    random_stream rng(sweep, network, purpose::noise, 3);
    for (std::uint64_t block = 0; block < 100; ++block) {
        const philox_counter expected = philox4x32_10(
            {std::uint32_t(block), std::uint32_t(block >> 32), std::uint32_t(purpose::noise), 3u}, key);
        for (int w = 0; w < 4; ++w) ASSERT_EQ(rng.next_u32(), expected[std::size_t(w)]) << "block " << block;
    }
}

TEST(RandomStream, SameKeyGivesBitIdenticalSequences) {
    random_stream a(7, 11, purpose::weights, 2), b(7, 11, purpose::weights, 2);
    for (int i = 0; i < 5000; ++i) {
        ASSERT_EQ(a.next_u64(), b.next_u64());
        // A mix of distributions consumes the stream identically.
        ASSERT_EQ(a.normal(), b.normal());
        ASSERT_EQ(a.gamma(0.7), b.gamma(0.7));
        ASSERT_EQ(a.below(1000003), b.below(1000003));
        ASSERT_EQ(a.uniform_open(), b.uniform_open());
    }
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    const auto sx = test::stats_of(x), sy = test::stats_of(y);
    double c = 0;
    for (std::size_t i = 0; i < x.size(); ++i) c += (x[i] - sx.mean) * (y[i] - sy.mean);
    return c / double(x.size()) / std::sqrt(sx.var * sy.var);
}

std::vector<double> uniforms(random_stream rng, std::size_t n) {
    std::vector<double> out(n);
    for (auto& v : out) v = rng.uniform();
    return out;
}

TEST(RandomStream, DifferentKeysGiveUncorrelatedStreams) {
    const std::size_t n = 100000;
    const double bound = 4 / std::sqrt(double(n));
    const auto base = uniforms(random_stream(1, 2, purpose::tau), n);
    const struct {
        const char* what;
        random_stream rng;
    } others[] = {
        {"another purpose", random_stream(1, 2, purpose::weights)},
        {"the input series purpose", random_stream(1, 2, purpose::input_series)},
        {"another sweep seed", random_stream(0, 2, purpose::tau)},
        {"another network seed", random_stream(1, 3, purpose::tau)},
        {"swapped seeds", random_stream(2, 1, purpose::tau)},
        {"another substream", random_stream(1, 2, purpose::tau, 1)},
    };
    for (const auto& other : others) {
        const auto x = uniforms(other.rng, n);
        EXPECT_LT(std::fabs(correlation(base, x)), bound) << other.what;
        // Also against the shifted sequence: a stream must not be another one offset by a word.
        std::vector<double> shifted(x.begin() + 1, x.end()), head(base.begin(), base.end() - 1);
        EXPECT_LT(std::fabs(correlation(head, shifted)), bound) << other.what << ", lag 1";
        EXPECT_NE(base[0], x[0]) << other.what;
    }
}

TEST(RandomStream, UniformMoments) {
    random_stream rng(3, 4, purpose::input_mask);
    const std::size_t n = 1000000;
    std::vector<double> x(n);
    for (auto& v : x) {
        v = rng.uniform();
        ASSERT_GE(v, 0.0);
        ASSERT_LT(v, 1.0);
        ASSERT_EQ(std::ldexp(v, 53), std::floor(std::ldexp(v, 53)));  // 53-bit resolution
    }
    const auto s = test::stats_of(x);
    EXPECT_NEAR(s.mean, 0.5, 5 * std::sqrt(1.0 / 12 / double(n)));
    // Var of the sample variance of U(0,1): (mu4 - sigma^4)/n = (1/80 - 1/144)/n.
    EXPECT_NEAR(s.var, 1.0 / 12, 5 * std::sqrt((1.0 / 80 - 1.0 / 144) / double(n)));
    EXPECT_NEAR(s.skew, 0.0, 5 * std::sqrt(6.0 / double(n)));
    EXPECT_LT(test::ks_statistic(x, [](double v) { return v; }), test::ks_critical_1pct(n));

    for (int i = 0; i < 100000; ++i) {
        const double v = rng.uniform_open();
        ASSERT_GT(v, 0.0);
        ASSERT_LT(v, 1.0);
        const double w = rng.uniform(-3.0, 5.0);
        ASSERT_GE(w, -3.0);
        ASSERT_LT(w, 5.0);
    }
}

TEST(RandomStream, NormalMomentsAndCdf) {
    random_stream rng(5, 6, purpose::noise);
    const std::size_t n = 1000000;
    std::vector<double> x(n);
    for (auto& v : x) v = rng.normal();
    const auto s = test::stats_of(x);
    const double dn = double(n);
    EXPECT_NEAR(s.mean, 0.0, 5 / std::sqrt(dn));
    EXPECT_NEAR(s.var, 1.0, 5 * std::sqrt(2 / dn));
    EXPECT_NEAR(s.skew, 0.0, 5 * std::sqrt(6 / dn));
    EXPECT_NEAR(s.excess_kurtosis, 0.0, 5 * std::sqrt(24 / dn));
    EXPECT_LT(test::ks_statistic(x, test::normal_cdf), test::ks_critical_1pct(n));

    // The tails: beyond the base layer's edge r the ziggurat switches to
    // Marsaglia's tail algorithm; the count beyond r on each side, and beyond 4,
    // against the exact probabilities (binomial, 5 standard errors).
    const double r = 3.442619855899;
    for (const double edge : {r, 4.0}) {
        const double p = 0.5 * std::erfc(edge / std::sqrt(2.0));
        std::size_t upper = 0, lower = 0;
        for (double v : x) {
            upper += v > edge;
            lower += v < -edge;
        }
        const double expected = p * dn, se = std::sqrt(dn * p * (1 - p));
        EXPECT_NEAR(double(upper), expected, 5 * se) << "beyond +" << edge;
        EXPECT_NEAR(double(lower), expected, 5 * se) << "beyond -" << edge;
    }
    // The shape of the tail beyond r: KS against the conditional normal CDF.
    std::vector<double> tail;
    for (double v : x)
        if (std::fabs(v) > r) tail.push_back(std::fabs(v));
    const double q = test::normal_cdf(-r);
    const double d = test::ks_statistic(tail, [&](double v) { return (test::normal_cdf(v) - (1 - q)) / q; });
    EXPECT_LT(d, test::ks_critical_1pct(tail.size())) << tail.size() << " tail samples";
}

TEST(RandomStream, NormalWithMeanAndSdAndLognormal) {
    random_stream rng(8, 9, purpose::tau);
    const std::size_t n = 200000;
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = rng.normal(2.0, 3.0);
        y[i] = std::log(rng.lognormal(-1.0, 0.5));
    }
    const auto sx = test::stats_of(x), sy = test::stats_of(y);
    EXPECT_NEAR(sx.mean, 2.0, 5 * 3 / std::sqrt(double(n)));
    EXPECT_NEAR(std::sqrt(sx.var), 3.0, 5 * 3 / std::sqrt(2.0 * double(n)));
    EXPECT_NEAR(sy.mean, -1.0, 5 * 0.5 / std::sqrt(double(n)));
    EXPECT_NEAR(std::sqrt(sy.var), 0.5, 5 * 0.5 / std::sqrt(2.0 * double(n)));
    EXPECT_LT(test::ks_statistic(y, [](double v) { return test::normal_cdf((v + 1) / 0.5); }),
              test::ks_critical_1pct(n));
}

TEST(RandomStream, GammaMomentsAndCdf) {
    const std::size_t n = 200000;
    const double dn = double(n);
    std::uint32_t substream = 0;
    for (const double shape : {0.25, 1.0, 4.0}) {
        random_stream rng(10, 11, purpose::tau, substream++);
        std::vector<double> x(n);
        for (auto& v : x) {
            v = rng.gamma(shape);
            ASSERT_GT(v, 0.0);
        }
        const auto s = test::stats_of(x);
        // Gamma(k, 1): mean k, variance k, central fourth moment 3k^2 + 6k.
        EXPECT_NEAR(s.mean, shape, 5 * std::sqrt(shape / dn)) << "shape " << shape;
        EXPECT_NEAR(s.var, shape, 5 * std::sqrt((2 * shape * shape + 6 * shape) / dn)) << "shape " << shape;
        EXPECT_LT(test::ks_statistic(x, [&](double v) { return test::gamma_p(shape, v); }),
                  test::ks_critical_1pct(n))
            << "shape " << shape;
    }
}

TEST(RandomStream, BelowIsUniform) {
    // Chi-square over the 7 values of below(7): 6 degrees of freedom,
    // 22.46 is the 0.1% critical value.
    random_stream rng(12, 13, purpose::prune);
    const int n = 7, draws = 70000;
    std::vector<int> count(n, 0);
    for (int i = 0; i < draws; ++i) {
        const auto v = rng.below(n);
        ASSERT_LT(v, std::uint64_t(n));
        ++count[v];
    }
    double chi2 = 0;
    for (int c : count) chi2 += (c - draws / n) * double(c - draws / n) / (draws / n);
    EXPECT_LT(chi2, 22.46);

    for (int i = 0; i < 1000; ++i) ASSERT_EQ(rng.below(1), 0u);

    // n close to 2/3 of 2^64: multiply-shift without rejection would give even
    // results twice the probability of odd ones (2/3 instead of 1/2).
    const std::uint64_t big = 0xAAAAAAAAAAAAAAABull;
    const int big_draws = 100000;
    int even = 0;
    for (int i = 0; i < big_draws; ++i) {
        const auto v = rng.below(big);
        ASSERT_LT(v, big);
        even += (v % 2 == 0);
    }
    EXPECT_NEAR(even / double(big_draws), 0.5, 5 * 0.5 / std::sqrt(double(big_draws)));
}

// fill_normal (batched: a different sequence from repeated normal(), see
// random.hpp) in calls of any size is a standard normal sequence too, and the
// same stream gives the same values.
TEST(RandomStream, FillNormalIsStandardNormal) {
    random_stream rng(16, 17, purpose::noise), twin(16, 17, purpose::noise);
    const std::size_t n = 1000000;
    std::vector<double> x(n), y(n);
    const std::int64_t batches[] = {1, 7, 200, 1001, 64};
    std::size_t at = 0;
    for (int b = 0; at < n; ++b) {
        const auto size = std::min<std::int64_t>(batches[b % 5], std::int64_t(n - at));
        rng.fill_normal(&x[at], size);
        twin.fill_normal(&y[at], size);
        at += std::size_t(size);
    }
    EXPECT_EQ(x, y);
    const auto s = test::stats_of(x);
    const double dn = double(n);
    EXPECT_NEAR(s.mean, 0.0, 5 / std::sqrt(dn));
    EXPECT_NEAR(s.var, 1.0, 5 * std::sqrt(2 / dn));
    EXPECT_NEAR(s.skew, 0.0, 5 * std::sqrt(6 / dn));
    EXPECT_NEAR(s.excess_kurtosis, 0.0, 5 * std::sqrt(24 / dn));
    EXPECT_LT(test::ks_statistic(x, test::normal_cdf), test::ks_critical_1pct(n));
    const double r = 3.442619855899, p = 0.5 * std::erfc(r / std::sqrt(2.0));
    std::size_t upper = 0, lower = 0;
    for (double v : x) {
        upper += v > r;
        lower += v < -r;
    }
    EXPECT_NEAR(double(upper), p * dn, 5 * std::sqrt(dn * p));
    EXPECT_NEAR(double(lower), p * dn, 5 * std::sqrt(dn * p));
    // Values filled in after a batch's fast path land at their own places:
    // no correlation between neighbours.
    std::vector<double> head(x.begin(), x.end() - 1), next(x.begin() + 1, x.end());
    EXPECT_LT(std::fabs(correlation(head, next)), 4 / std::sqrt(dn));
    // Both streams are left at the same position.
    for (int i = 0; i < 100; ++i) ASSERT_EQ(rng.next_u64(), twin.next_u64());
}

}  // namespace
}  // namespace hetsweep
