// Batches of a sweep: each holds points of one network only (equal in every key but the [tau]
// keys), no copy of another point, every point to compute exactly once, sizes evened out, and no
// batch for a model that does not batch or past the memory bound.

#include <hetsweep/sweep/batching.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace hetsweep {
namespace {

const char* demo = R"(
[network]
N = 50
seed = [1, 2, 3]
g_rec = [0.9, 1.2]
[tau]
profile = ["lognormal", "gamma"]
cv = [0.0, 0.5, 1.0, 2.0]
)";

// Every point of `g` that is the first of its identity is in exactly one batch; a batch's points
// agree in network_identity and come in id order. Returns the batch sizes.
std::vector<std::size_t> check_batches(const grid& g, const std::vector<std::vector<std::size_t>>& batches) {
    std::set<std::size_t> seen;
    std::vector<std::size_t> sizes;
    for (const auto& b : batches) {
        EXPECT_FALSE(b.empty());
        sizes.push_back(b.size());
        for (std::size_t j = 0; j < b.size(); ++j) {
            EXPECT_EQ(g.same_as(b[j]), b[j]) << "point " << b[j] << " repeats another";
            EXPECT_TRUE(seen.insert(b[j]).second) << "point " << b[j] << " twice";
            EXPECT_EQ(network_identity(g[b[j]]), network_identity(g[b.front()]));
            if (j) {
                EXPECT_LT(b[j - 1], b[j]);
            }
        }
    }
    EXPECT_EQ(seen.size(), g.distinct());
    return sizes;
}

TEST(Batching, PointsOfOneNetworkInEvenBatches) {
    sweep_spec spec = parse_spec(demo, "jobs/batch.toml");
    const grid g(spec);
    ASSERT_EQ(g.size(), 3u * 2u * 2u * 4u);
    ASSERT_EQ(g.distinct(), 3u * 2u * 7u);  // cv = 0 once per network
    // 6 networks (seed x g_rec) of 7 points each.
    EXPECT_EQ(check_batches(g, make_batches(g, 8)), std::vector<std::size_t>(6, 7));
    const auto fours = check_batches(g, make_batches(g, 4));
    EXPECT_EQ(fours.size(), 12u);
    for (auto s : fours) EXPECT_TRUE(s == 3 || s == 4) << s;
    EXPECT_EQ(check_batches(g, make_batches(g, 1)), std::vector<std::size_t>(42, 1));
    // 7 points at most 6 to a batch: 3 and 4, not 6 and 1.
    const auto sixes = check_batches(g, make_batches(g, 6));
    for (auto s : sixes) EXPECT_TRUE(s == 3 || s == 4) << s;
}

TEST(Batching, ModelsThatDoNotBatchAndLargeNetworksStayAlone) {
    sweep_spec spec = parse_spec(demo, "jobs/batch.toml");
    apply_override(spec, "network.model=lif");
    const grid lif(spec);
    EXPECT_EQ(check_batches(lif, make_batches(lif, 8)), std::vector<std::size_t>(lif.distinct(), 1));

    // N = 3000 over 150 TU at dt = 0.01: 360 MB of states a point, so 2 fit in batch_state_bytes.
    sweep_spec big = parse_spec(demo, "jobs/batch.toml");
    apply_override(big, "network.N=3000");
    const grid g(big);
    for (auto s : check_batches(g, make_batches(g, 8))) EXPECT_LE(s, 2u);
}

}  // namespace
}  // namespace hetsweep
