#include "paired_progress.hpp"

#include <hetsweep/query/replicates.hpp>
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
    // Replicates of different models are different networks under the same seeds: the headline
    // follows the first model of the grid alone and names it.
    const auto model =
        std::find_if(columns.begin(), columns.end(), [](const column& c) { return c.name == "model"; });
    if (model != columns.end() && model->is_text()) model_ = model->text.front();
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (homogeneous[i] || g.same_as(i) != i || partner[i] == no_partner) continue;
        if (!model_.empty() && model->text[i] != model_) continue;
        partner_[i] = g.same_as(std::size_t(partner[i]));
        replicate_[i] = factors_of(columns, i);
    }
}

void paired_progress::done(std::size_t point, double score) {
    score_[grid_.same_as(point)] = score;
}

std::string paired_progress::text() const {
    // Per replicate cell (network seed, input realisation): the sum and count of its pairs' differences.
    std::map<std::string, std::pair<replicate_factors, std::pair<double, int>>> by_replicate;
    for (std::size_t i = 0; i < partner_.size(); ++i) {
        if (partner_[i] == none) continue;
        const double d = score_[i] - score_[partner_[i]];
        if (std::isnan(d)) continue;
        auto& [factors, sum_count] = by_replicate[replicate_[i].network + '\x1e' + replicate_[i].input];
        factors = replicate_[i];
        sum_count.first += d;
        ++sum_count.second;
    }
    if (by_replicate.size() < 2) return {};
    std::vector<query::replicate_cell> cells;
    for (const auto& [key, entry] : by_replicate)
        cells.push_back({entry.first.network, entry.first.input, entry.second.first / entry.second.second});
    // No bootstrap: the line is redrawn every second.
    const auto r = query::infer_replicates(cells, {0, 1}, 0);
    const auto count = [](std::uint64_t n, const char* what) {
        return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
    };
    const std::string level = heterogeneity_key, head = " | " + (model_.empty() ? "" : model_ + ", ") +
                                                        level + " > 0 vs " + level + " = 0: ";
    char mean[32], half[32];
    std::snprintf(mean, sizeof mean, "%+.4f", r.mean);
    std::snprintf(half, sizeof half, "%.4f", r.ci95);
    const std::string design = count(r.levels_a, "network") + " x " + count(r.levels_b, "input");
    if (std::isnan(r.ci95))
        return head + mean + " (" + std::to_string(r.cells) + " of " + design + " so far)";
    return head + mean + " +- " + half + " (95% CI, " + design + ")";
}

}  // namespace hetsweep::engine
