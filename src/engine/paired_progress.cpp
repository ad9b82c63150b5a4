#include "paired_progress.hpp"

#include <hetsweep/model/param_table.hpp>
#include <hetsweep/query/statistic.hpp>
#include <hetsweep/text.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <unordered_map>

namespace hetsweep::engine {

namespace {

constexpr auto none = std::numeric_limits<std::size_t>::max();

std::string homogeneous_key(const point_params& p) {
    return network_identity(p) + "tau.tau_mean = " + format_value(param_value(p.tau_mean));
}

}  // namespace

paired_progress::paired_progress(const grid& g)
    : grid_(g), partner_(g.size(), none), score_(g.size(), std::numeric_limits<double>::quiet_NaN()) {
    std::unordered_map<std::string, std::size_t> homogeneous;
    for (std::size_t i = 0; i < g.size(); ++i)
        if (g[i].cv == 0 && g.same_as(i) == i) homogeneous.emplace(homogeneous_key(g[i]), i);
    if (homogeneous.empty()) return;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (g[i].cv == 0 || g.same_as(i) != i) continue;
        const auto it = homogeneous.find(homogeneous_key(g[i]));
        if (it != homogeneous.end()) partner_[i] = it->second;
    }
}

void paired_progress::done(std::size_t point, double score) {
    score_[grid_.same_as(point)] = score;
}

std::string paired_progress::text() const {
    std::map<std::int64_t, std::pair<double, int>> by_seed;  // seed -> (sum of differences, count)
    for (std::size_t i = 0; i < partner_.size(); ++i) {
        if (partner_[i] == none) continue;
        const double d = score_[i] - score_[partner_[i]];
        if (std::isnan(d)) continue;
        auto& [sum, count] = by_seed[grid_[i].seed];
        sum += d;
        ++count;
    }
    const double n = double(by_seed.size());
    if (n < 2) return {};
    double mean = 0, square = 0;
    for (const auto& [seed, s] : by_seed) mean += s.first / s.second / n;
    for (const auto& [seed, s] : by_seed) square += std::pow(s.first / s.second - mean, 2);
    const double half = query::t_quantile(0.975, n - 1) * std::sqrt(square / (n - 1) / n);
    char buf[128];
    std::snprintf(buf, sizeof buf, " | cv > 0 vs cv = 0: %+.4f +- %.4f (95%% CI, %d seeds)", mean, half,
                  int(n));
    return buf;
}

}  // namespace hetsweep::engine
