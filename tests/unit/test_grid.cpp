// The grid of a sweep: cartesian size and canonical order, zip groups,
// cross-key rules naming the point, and describe().

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/error_of.hpp"

#include "unit/small_point.hpp"

#include <string>
#include <tuple>
#include <vector>

namespace hetsweep {
namespace {

grid grid_of(const std::string& text) {
    return grid(parse_spec(text, "jobs/grid.toml"));
}

TEST(Grid, CartesianProductInCanonicalOrder) {
    // Axes given in the file as cv, g_rec, N: the grid takes them in table
    // order (N, g_rec, cv), the first slowest.
    const grid g = grid_of(R"(
[tau]
cv = [0, 0.5]
[network]
g_rec = [0.5, 0.9, 1.2]
N = [10, 20]
p = 0.2
)");
    ASSERT_EQ(g.size(), 2u * 3u * 2u);
    ASSERT_EQ(g.sections().front().dims.size(), 3u);
    EXPECT_EQ(g.sections().front().dims[0].front().key->name, "N");
    EXPECT_EQ(g.sections().front().dims[1].front().key->name, "g_rec");
    EXPECT_EQ(g.sections().front().dims[2].front().key->name, "cv");
    std::size_t id = 0;
    for (const std::int64_t n : {10, 20})
        for (const double g_rec : {0.5, 0.9, 1.2})
            for (const double cv : {0.0, 0.5}) {
                const point_params& p = g[id];
                EXPECT_EQ(std::make_tuple(p.N, p.g_rec, p.cv), std::make_tuple(n, g_rec, cv))
                    << "point " << id;
                EXPECT_EQ(p.p, 0.2) << "a scalar key reaches every point";
                EXPECT_EQ(p.profile, "lognormal") << "a default reaches every point";
                ++id;
            }
    EXPECT_EQ(g.points().size(), g.size());
}

TEST(Grid, NoAxesIsOnePoint) {
    const grid g = grid_of("[network]\nN = 30\n");
    ASSERT_EQ(g.size(), 1u);
    EXPECT_EQ(g[0].N, 30);
    EXPECT_TRUE(g.sections().front().dims.empty());
    EXPECT_EQ(g.describe(0), "the only point");
}

TEST(Grid, ZipGroupsVaryTogetherAtTheirFirstMembersPlace) {
    // N, g_rec and cv in table order; cv zipped with N puts the pair first.
    const grid a = grid_of(R"(
[sweep]
zip = ["cv", "N"]
[network]
N = [10, 20]
g_rec = [0.5, 0.9, 1.2]
[tau]
cv = [0.5, 1.0]
)");
    ASSERT_EQ(a.size(), 6u);
    ASSERT_EQ(a.sections().front().dims.size(), 2u);
    ASSERT_EQ(a.sections().front().dims[0].size(), 2u);
    EXPECT_EQ(a.sections().front().dims[0][0].key->name, "N");
    EXPECT_EQ(a.sections().front().dims[0][1].key->name, "cv");
    std::size_t id = 0;
    for (const auto& [n, cv] : {std::pair<std::int64_t, double>{10, 0.5}, {20, 1.0}})
        for (const double g_rec : {0.5, 0.9, 1.2}) {
            EXPECT_EQ(std::make_tuple(a[id].N, a[id].cv, a[id].g_rec), std::make_tuple(n, cv, g_rec))
                << "point " << id;
            ++id;
        }

    // g_rec zipped with cv: the pair takes g_rec's place, after N.
    const grid b = grid_of(R"(
[sweep]
zip = [["tau.cv", "g_rec"]]
[network]
N = [10, 20, 30]
g_rec = [0.5, 0.9]
[tau]
cv = [0.5, 1.0]
)");
    ASSERT_EQ(b.size(), 6u);
    id = 0;
    for (const std::int64_t n : {10, 20, 30})
        for (const auto& [g_rec, cv] : {std::pair<double, double>{0.5, 0.5}, {0.9, 1.0}}) {
            EXPECT_EQ(std::make_tuple(b[id].N, b[id].g_rec, b[id].cv), std::make_tuple(n, g_rec, cv))
                << "point " << id;
            ++id;
        }
}

// The order of the names in a zip group does not change the grid (see
// SpecCanonical.ZipGroupOrderDoesNotChangeTheHash for the hash).
TEST(Grid, ZipNameOrderDoesNotChangeTheGrid) {
    const std::string axes = "[network]\nN = [10, 20]\ng_rec = [0.5, 0.9]\n[tau]\ncv = [0, 0.5]\n";
    const grid a = grid_of("[sweep]\nzip = [\"cv\", \"g_rec\"]\n" + axes);
    const grid b = grid_of("[sweep]\nzip = [\"g_rec\", \"cv\"]\n" + axes);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(std::make_tuple(a[i].N, a[i].g_rec, a[i].cv), std::make_tuple(b[i].N, b[i].g_rec, b[i].cv));
        EXPECT_EQ(a.describe(i), b.describe(i));
    }
}

TEST(Grid, DescribeNamesTheAxisValues) {
    const grid g = grid_of(R"(
[network]
N = [10, 20]
[tau]
profile = ["lognormal", "gamma"]
cv = [0.5, 1]
)");
    ASSERT_EQ(g.size(), 8u);
    EXPECT_EQ(g.describe(0), "N = 10, profile = \"lognormal\", cv = 0.5");
    EXPECT_EQ(g.describe(7), "N = 20, profile = \"gamma\", cv = 1.0");
    EXPECT_EQ(g.describe(5), "N = 20, profile = \"lognormal\", cv = 1.0");
}

std::string grid_error(const std::string& text) {
    return test::error_of([&] { grid_of(text); });
}

void expect_message(const std::string& message, const std::vector<std::string>& pieces) {
    for (const auto& piece : pieces)
        EXPECT_NE(message.find(piece), std::string::npos) << "\"" << piece << "\" missing from: " << message;
}

TEST(Grid, InfeasiblePointNamesThePointAndTheRule) {
    // Point 3 is (uniform, cv = 1.0): beyond uniform's 1/sqrt(3).
    expect_message(grid_error(R"(
[tau]
profile = ["lognormal", "uniform"]
cv = [0.5, 1.0]
)"),
                   {"jobs/grid.toml", "point 3", "profile = \"uniform\", cv = 1.0", "uniform", "1/sqrt(3)"});
    // A normal profile beyond cv = 1/3, as a scalar pair: the only point.
    expect_message(grid_error("[tau]\nprofile = \"normal\"\ncv = 0.5\n"), {"point 0", "normal", "1/3"});
    // Both feasible at their edges.
    EXPECT_NO_THROW(
        grid_of("[sweep]\nzip = [\"profile\", \"cv\"]\n"
                "[tau]\nprofile = [\"normal\", \"uniform\"]\ncv = [0.3333333333333333, 0.577]\n"));
    // Other cross-key rules.
    expect_message(grid_error("[network]\ndt = [0.01, 0.5]\n"), {"point 1", "dt = 0.5", "tau.tau_mean"});
    expect_message(grid_error("[network]\ndt = 0.1\n[timeline]\ntrain = 0.1\n"), {"timeline.train"});
    // The floor: at least dt for the rate model's Euler step, below the mean.
    expect_message(grid_error("[network]\ndt = 0.02\n"), {"tau.floor = 0.01", "network.dt = 0.02", ">= dt"});
    EXPECT_NO_THROW(grid_of("[network]\ndt = 0.02\n[tau]\nfloor = 0.02\n"));
    EXPECT_NO_THROW(grid_of("[network]\nmodel = \"lif\"\ndt = 0.02\n")) << "exact integration: no rule";
    expect_message(grid_error("[tau]\nfloor = 0.5\n"), {"tau.floor = 0.5", "tau.tau_mean"});
    // Truncated matching realises what empirical matching refuses.
    EXPECT_NO_THROW(grid_of("[tau]\nprofile = \"uniform\"\ncv = 2.0\nmatch = \"truncated\"\n"));
    expect_message(grid_error("[tau]\nprofile = \"uniform\"\ncv = 2.0\n"), {"match = \"truncated\""});
}

// Every bad point is named, a line each, up to 20 and how many more.
TEST(Grid, EveryBadPointAtOnce) {
    const std::string two = grid_error("[tau]\nprofile = \"uniform\"\ncv = [0.5, 1.0, 2.0]\n");
    expect_message(two, {"point 1 (cv = 1.0)", "point 2 (cv = 2.0)"});
    EXPECT_EQ(std::count(two.begin(), two.end(), '\n'), 1) << two;
    const std::string many = grid_error(
        "[network]\nseed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n[tau]\nprofile = \"uniform\"\n"
        "cv = [0.5, 1.0, 2.0]\n");
    EXPECT_EQ(std::count(many.begin(), many.end(), '\n'), 20) << many;
    expect_message(many, {"... and 2 more bad points"});
}

TEST(Grid, PointRuleViolation) {
    point_params p;
    EXPECT_EQ(point_rule_violation(p), "");
    p.profile = "uniform";
    p.cv = 0.6;
    EXPECT_NE(point_rule_violation(p).find("uniform"), std::string::npos);
    p.profile = "gamma";
    EXPECT_EQ(point_rule_violation(p), "");
    p.dt = 0.3;
    EXPECT_NE(point_rule_violation(p), "");
}

// A Pearson III profile may put at most 1% of its draws below the floor: at cv = 0.25 a skew of -1
// puts 0.28% there (allowed; scipy.stats.pearson3(-1, 0.3, 0.075).cdf(0.01) = 0.0028), at cv = 0.5 it
// puts 4.6% (refused, naming the keys, the share and the rule); truncated matching lifts the rule, and the
// skew does not apply to other profiles.
TEST(Grid, Pearson3FloorShareRule) {
    point_params p;
    p.profile = "pearson3";
    p.cv = 0.25;
    p.skew = -1;
    EXPECT_EQ(point_rule_violation(p), "");
    p.cv = 0.5;
    const std::string rule = point_rule_violation(p);
    for (const char* part : {"tau.skew = -1", "tau.cv = 0.5", "4.6% of its draws", "at most 1%", "truncated"})
        EXPECT_NE(rule.find(part), std::string::npos) << part << " in: " << rule;
    p.match = "truncated";
    EXPECT_EQ(point_rule_violation(p), "");
    point_params a, b;
    a.cv = b.cv = 0.5;
    b.skew = 1;
    EXPECT_EQ(point_identity(a), point_identity(b)) << "tau.skew applies to pearson3 only";
    a.profile = b.profile = "pearson3";
    EXPECT_NE(point_identity(a), point_identity(b));
}

// Two points are the same computation when every key that applies to them agrees: at cv = 0 the
// profile and the matching do not apply, nor the [lif] keys to a rate network, nor the candidate
// factors to a fixed readout.
TEST(Grid, PointIdentityLeavesOutKeysThatCannotChangeTheResult) {
    point_params a, b;
    a.profile = "lognormal";
    b.profile = "uniform";
    b.match = "none";
    EXPECT_EQ(point_identity(a), point_identity(b)) << "homogeneous: the profile does not apply";
    a.cv = b.cv = 0.5;
    EXPECT_NE(point_identity(a), point_identity(b));
    point_params c, d;
    d.tau_syn = 0.07;
    d.folds = 3;
    EXPECT_EQ(point_identity(c), point_identity(d)) << "a rate point with a fixed readout";
    c.model = d.model = "lif";
    EXPECT_NE(point_identity(c), point_identity(d)) << "a lif point reads tau_syn";
    point_params e, f;
    e.readout_mode = f.readout_mode = "validated";
    f.ridge = 0.5;
    EXPECT_EQ(point_identity(e), point_identity(f)) << "a validated readout ignores the fixed factor";
    f.folds = 4;
    EXPECT_NE(point_identity(e), point_identity(f));
    for (const auto& k : param_table()) {
        if (k.applies_to(point_params{})) {
            EXPECT_NE(point_identity(point_params{}).find(k.path() + " = "), std::string::npos) << k.path();
        }
    }
}

TEST(Grid, TheHomogeneousNetworkIsOneComputationUnderEveryProfile) {
    const sweep_spec spec = parse_spec(
        "[network]\nseed = [1, 2, 3]\n[tau]\nprofile = [\"lognormal\", \"gamma\"]\ncv = [0.0, 0.5, 1.0, "
        "2.0]\n",
        "demo.toml");
    const grid g(spec);
    ASSERT_EQ(g.size(), 24u);
    EXPECT_EQ(g.distinct(), 21u) << "3 seeds x (1 homogeneous + 2 profiles x 3 levels)";
    for (std::size_t i = 0; i < g.size(); ++i) {
        const point_params& p = g[i];
        const std::size_t first = g.same_as(i);
        EXPECT_LE(first, i);
        if (p.cv == 0 && p.profile == "gamma") {
            EXPECT_LT(first, i) << g.describe(i);
            EXPECT_EQ(g[first].profile, "lognormal");
            EXPECT_EQ(g[first].seed, p.seed);
            EXPECT_EQ(g[first].cv, 0.0);
        } else {
            EXPECT_EQ(first, i) << g.describe(i);
        }
    }
}

// What the identity promises: the same results. A gamma and a lognormal homogeneous network are
// bit-identical.
TEST(Grid, PointsOfOneIdentityHaveIdenticalResults) {
    const point_params a = test::small_point(0.0);
    point_params b = a;
    b.profile = "gamma";
    b.match = "none";
    ASSERT_EQ(point_identity(a), point_identity(b));
    const point_result ra = evaluator(4).run(a), rb = evaluator(4).run(b);
    EXPECT_TRUE((ra.r2 == rb.r2).all());
    EXPECT_TRUE((ra.alignment == rb.alignment).all());
}

}  // namespace
}  // namespace hetsweep
