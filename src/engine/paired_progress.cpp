#include "paired_progress.hpp"

#include <hetsweep/query/statistic.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <unordered_map>

namespace hetsweep::engine {

namespace {

constexpr auto none = std::numeric_limits<std::size_t>::max();

}  // namespace

paired_progress::paired_progress(const grid& g)
    : grid_(g),
      partner_(g.size(), none),
      replicate_(g.size()),
      score_(g.size(), std::numeric_limits<double>::quiet_NaN()) {
    // Keys that take one value in the whole grid cannot tell points apart: the varying ones suffice.
    const auto columns = grid_columns(g.points(), g.varying_keys());
    const auto level = std::find_if(columns.begin(), columns.end(),
                                    [](const column& c) { return c.name == heterogeneity_key; });
    if (level == columns.end()) return;
    std::vector<char> homogeneous(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) homogeneous[i] = level->numbers[i] == 0;
    const auto partner = partners(columns, *level, homogeneous);
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (homogeneous[i] || g.same_as(i) != i || partner[i] == no_partner) continue;
        partner_[i] = g.same_as(std::size_t(partner[i]));
        replicate_[i] = replicate_of(columns, i);
    }
}

void paired_progress::done(std::size_t point, double score) {
    score_[grid_.same_as(point)] = score;
}

std::string paired_progress::text() const {
    std::map<std::string, std::pair<double, int>> by_replicate;  // replicate -> (sum of differences, count)
    for (std::size_t i = 0; i < partner_.size(); ++i) {
        if (partner_[i] == none) continue;
        const double d = score_[i] - score_[partner_[i]];
        if (std::isnan(d)) continue;
        auto& [sum, count] = by_replicate[replicate_[i]];
        sum += d;
        ++count;
    }
    const double n = double(by_replicate.size());
    if (n < 2) return {};
    double mean = 0, square = 0;
    for (const auto& [replicate, s] : by_replicate) mean += s.first / s.second / n;
    for (const auto& [replicate, s] : by_replicate) square += std::pow(s.first / s.second - mean, 2);
    const double half = query::t_quantile(0.975, n - 1) * std::sqrt(square / (n - 1) / n);
    char buf[128];
    std::snprintf(buf, sizeof buf, " | %s > 0 vs %s = 0: %+.4f +- %.4f (95%% CI, %d seeds)",
                  heterogeneity_key, heterogeneity_key, mean, half, int(n));
    return buf;
}

}  // namespace hetsweep::engine
