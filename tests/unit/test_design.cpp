// Designs: several [[grid]] tables whose union is the sweep. Point order, points shared by two
// grids, the hash, overrides into one grid, and the errors that name the grid.

#include <hetsweep/errors.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"

#include <set>
#include <string>

namespace hetsweep {
namespace {

using test::error_of;

// One factor at a time around the defaults (N = 200, noise = 0.1), at two levels and two seeds.
const char* const one_factor_at_a_time = R"(
[sweep]
name = "ofat"
[network]
seed = [1, 2]
[tau]
cv = [0.0, 1.0]

[[grid]]
name = "size"
network.N = [100, 200]

[[grid]]
name = "noise"
description = "noise around the nominal point"
[grid.network]
noise = [0.0, 0.1]
)";

TEST(Design, GridsFollowEachOtherInTheOrderWritten) {
    const grid g(parse_spec(one_factor_at_a_time, "jobs/ofat.toml"));
    ASSERT_EQ(g.size(), 16u);
    ASSERT_EQ(g.sections().size(), 2u);
    EXPECT_EQ(g.sections()[0].name, "size");
    EXPECT_EQ(g.sections()[1].name, "noise");
    EXPECT_EQ(g.sections()[1].first, 8u);
    // Each grid in canonical order: seed, then N (size grid) or noise, then cv; the first slowest.
    EXPECT_EQ(g[0].seed, 1);
    EXPECT_EQ(g[0].N, 100);
    EXPECT_EQ(g[1].cv, 1.0);
    EXPECT_EQ(g[2].N, 200);
    EXPECT_EQ(g[4].seed, 2);
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(g[i].noise, 0.1) << i;  // the nominal noise
    for (std::size_t i = 8; i < 16; ++i) EXPECT_EQ(g[i].N, 200) << i;     // the nominal size
    EXPECT_EQ(g[8].noise, 0.0);
    EXPECT_EQ(g[10].noise, 0.1);
    EXPECT_EQ(g.describe(5), "grid size: seed = 2, N = 100, cv = 1.0");
    EXPECT_EQ(g.describe(9), "grid noise: seed = 1, noise = 0.0, cv = 1.0");
    EXPECT_EQ(g.section_of(9).name, "noise");
    std::set<std::string> varying;
    for (const auto* k : g.varying_keys()) varying.insert(k->name);
    EXPECT_EQ(varying, (std::set<std::string>{"N", "noise", "seed", "cv"}));
}

TEST(Design, APointTwoGridsShareIsComputedOnce) {
    const grid g(parse_spec(one_factor_at_a_time, "jobs/ofat.toml"));
    // The nominal point (N = 200, noise = 0.1) is in both grids, at every seed and level: 4 repeats.
    EXPECT_EQ(g.distinct(), 12u);
    for (std::size_t i : {10u, 11u, 14u, 15u}) {
        ASSERT_EQ(g.same_as(i), i - 8) << i;
        EXPECT_EQ(point_identity(g[i]), point_identity(g[i - 8]));
    }
    std::size_t repeats = 0;
    for (std::size_t i = 0; i < g.size(); ++i) repeats += g.same_as(i) != i;
    EXPECT_EQ(repeats, 4u);
    EXPECT_EQ(g.copies(2), (std::vector<std::size_t>{10}));
}

TEST(Design, TheHashFollowsWhatIsComputedNotHowItIsSpelt) {
    const std::string base = parse_spec(one_factor_at_a_time, "a.toml").hash();
    // Other grid names, keys as a dotted key or in a section: the same sweep.
    std::string renamed = one_factor_at_a_time;
    renamed.replace(renamed.find("\"size\""), 6, "\"N-axis\"");
    EXPECT_EQ(parse_spec(renamed, "b.toml").hash(), base);
    std::string sectioned = one_factor_at_a_time;
    sectioned.replace(sectioned.find("network.N = [100, 200]"), 22, "[grid.network]\nN = [100, 200]");
    EXPECT_EQ(parse_spec(sectioned, "c.toml").hash(), base);
    // Another value, or the grids in the other order (the point ids change): another sweep.
    std::string other = one_factor_at_a_time;
    other.replace(other.find("[100, 200]"), 10, "[100, 300]");
    EXPECT_NE(parse_spec(other, "d.toml").hash(), base);
    const std::string swapped = R"(
[network]
seed = [1, 2]
[tau]
cv = [0.0, 1.0]
[[grid]]
name = "noise"
network.noise = [0.0, 0.1]
[[grid]]
name = "size"
network.N = [100, 200]
)";
    EXPECT_NE(parse_spec(swapped, "e.toml").hash(), base);
    // A single grid in a [[grid]] table is not the same spec text, but the same points.
    const grid one(parse_spec("[[grid]]\nname = \"all\"\nnetwork.N = [100, 200]\n", "f.toml"));
    const grid plain(parse_spec("[network]\nN = [100, 200]\n", "g.toml"));
    ASSERT_EQ(one.size(), plain.size());
    for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(point_identity(one[i]), point_identity(plain[i]));
}

TEST(Design, AGridKeyOverridesTheSpecsKey) {
    // The spec sweeps cv; the "fixed" grid holds it at 0.5 and is the only one with 3 seeds.
    const grid g(parse_spec(R"(
[tau]
cv = [0.0, 1.0]
[[grid]]
name = "levels"
[[grid]]
name = "fixed"
tau.cv = 0.5
network.seed = [1, 2, 3]
)",
                            "jobs/x.toml"));
    ASSERT_EQ(g.size(), 5u);
    EXPECT_EQ(g[0].cv, 0.0);
    EXPECT_EQ(g[1].cv, 1.0);
    for (std::size_t i = 2; i < 5; ++i) {
        EXPECT_EQ(g[i].cv, 0.5);
        EXPECT_EQ(g[i].seed, std::int64_t(i - 1));
    }
}

TEST(Design, OverridesReachEveryGridOrOne) {
    sweep_spec spec = parse_spec(one_factor_at_a_time, "jobs/ofat.toml");
    apply_override(spec, "grid.size.network.N=[50, 100, 200]");
    EXPECT_EQ(grid(spec).sections()[0].size, 12u);
    apply_override(spec, "grid.noise.noise=[0.0, 0.05, 0.1]");
    EXPECT_EQ(grid(spec).sections()[1].size, 12u);
    // A plain override is the last word for every grid: no grid keeps its own N.
    apply_override(spec, "N=300");
    const grid g(spec);
    EXPECT_EQ(g.sections()[0].size, 4u);
    for (const auto& p : g.points()) EXPECT_EQ(p.N, 300);
    EXPECT_NE(error_of([&] {
                  apply_override(spec, "grid.nope.N=3");
              }).find("no [[grid]] named \"nope\" (its grids: size, noise)"),
              std::string::npos);
    EXPECT_NE(error_of([&] { apply_override(spec, "grid.size=3"); }).find("expected grid.size.KEY=VALUE"),
              std::string::npos);
    EXPECT_NE(
        error_of([&] { apply_override(spec, "grid.size.network.Nn=3"); }).find("did you mean network.N?"),
        std::string::npos);
    sweep_spec plain = parse_spec("[network]\nN = 100\n", "p.toml");
    EXPECT_NE(error_of([&] { apply_override(plain, "grid.a.N=3"); }).find("the spec has no [[grid]] tables"),
              std::string::npos);
}

TEST(Design, ErrorsNameTheGridTheKeyAndTheRule) {
    auto error = [](const std::string& text) { return error_of([&] { parse_spec(text, "s.toml"); }); };
    EXPECT_NE(error("[[grid]]\nnetwork.N = [1, 2]\n").find("[[grid]] number 1: name = (missing)"),
              std::string::npos);
    EXPECT_NE(error("[[grid]]\nname = \"a b\"\n").find("name = \"a b\": each [[grid]] needs a name of 1-64"),
              std::string::npos);
    EXPECT_NE(error("[[grid]]\nname = \"a\"\n[[grid]]\nname = \"a\"\n").find("two grids have this name"),
              std::string::npos);
    EXPECT_NE(
        error("[[grid]]\nname = \"a\"\nnetwork.Nx = 3\n").find("s.toml: grid a: network.Nx: unknown key"),
        std::string::npos);
    EXPECT_NE(
        error("[[grid]]\nname = \"a\"\nnetwork.N = -3\n").find("s.toml: grid a: network.N = -3: must be"),
        std::string::npos);
    EXPECT_NE(
        error("[[grid]]\nname = \"a\"\nfoo = 3\n").find("grid a: foo: unknown key (a [[grid]] takes name"),
        std::string::npos);
    EXPECT_NE(error("grid = 3\n").find("grid: a design is one or more [[grid]] tables"), std::string::npos);
    EXPECT_NE(error("grid = []\n").find("grid: a design is one or more [[grid]] tables"), std::string::npos);
    // A zip group is checked against each grid's own axes.
    EXPECT_NE(error("[network]\nN = [1, 2]\n[tau]\ncv = [0.0, 1.0]\n[sweep]\nzip = [\"N\", \"cv\"]\n"
                    "[[grid]]\nname = \"fixed\"\ntau.cv = 0.5\n")
                  .find("s.toml: grid fixed: sweep.zip: \"cv\" is not an axis"),
              std::string::npos);
    EXPECT_NE(
        error("[[grid]]\nname = \"z\"\nzip = [\"N\", \"cv\"]\nnetwork.N = [1, 2]\ntau.cv = [0.0, 1.0, 2.0]\n")
            .find("grid z: sweep.zip: axes N and cv vary together but have 2 and 3 values"),
        std::string::npos);
    // A point rule names the grid and the point.
    const std::string rule = error_of([] {
        grid(
            parse_spec("[[grid]]\nname = \"a\"\n[[grid]]\nname = \"b\"\ntau.profile = \"uniform\"\n"
                       "tau.cv = [0.5, 1.0]\n",
                       "s.toml"));
    });
    EXPECT_NE(rule.find("s.toml: point 2 (grid b: cv = 1.0): tau.profile = \"uniform\""), std::string::npos)
        << rule;
}

TEST(Design, TooManyPointsIsAnErrorNotAnOverflow) {
    // 16 axes of 16 values: 2^64 points, which wraps to 0 in 64-bit arithmetic.
    std::string text = "[network]\n";
    const char* keys[] = {"N", "p", "g_rec", "g_in", "input_fraction", "prune", "noise", "seed"};
    for (const char* k : keys) {
        text += std::string(k) + " = [";
        for (int v = 0; v < 16; ++v)
            text += (v ? ", " : "") + (std::string(k) == "N" || std::string(k) == "seed"
                                           ? std::to_string(v + 1)
                                           : std::to_string(0.05 * (v + 1)));
        text += "]\n";
    }
    text += "[timeline]\n";
    for (const char* k : {"washout", "train", "test", "margin"}) {
        text += std::string(k) + " = [";
        for (int v = 0; v < 16; ++v) text += (v ? ", " : "") + std::to_string(10 + v);
        text += "]\n";
    }
    const std::string e = error_of([&] { grid(parse_spec(text, "big.toml")); });
    EXPECT_NE(e.find("big.toml: the grid = seed (16) x N (16) x "), std::string::npos) << e;
    EXPECT_NE(e.find("makes more than 1000000 points, the most a sweep may have"), std::string::npos) << e;
    // Two grids each under the limit, together over it: refused before a point is made.
    std::string seeds, levels;
    for (int v = 0; v < 600; ++v) seeds += (v ? ", " : "") + std::to_string(v);
    for (int v = 0; v < 1000; ++v) levels += (v ? ", " : "") + std::to_string(0.001 * v);
    const std::string two =
        "[network]\nseed = [" + seeds + "]\n[tau]\ncv = [" + levels +
        "]\n[[grid]]\nname = \"a\"\nnetwork.N = 100\n[[grid]]\nname = \"b\"\nnetwork.N = 200\n";
    const std::string e2 = error_of([&] { grid(parse_spec(two, "two.toml")); });
    EXPECT_NE(e2.find("two.toml: grid b = seed (600) x cv (1000) makes more than 1000000 points with the "
                      "grids before it"),
              std::string::npos)
        << e2;
}

}  // namespace
}  // namespace hetsweep
