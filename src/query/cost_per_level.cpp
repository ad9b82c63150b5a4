#include <hetsweep/query/cost_per_level.hpp>

#include "number.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace hetsweep::query {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The level axis and the averaged axes of a request, checked against the plan's --by.
struct cost_axes {
    const column* level = nullptr;
    std::vector<const column*> averaged;
};

cost_axes resolve_axes(const plan& p, const table& t, const cost_request& c) {
    if (p.n_task_groups() != 1)
        throw config_error("--cost: --by names a task column; group costs by grid axes only");
    cost_axes out;
    const column_ref level = find_column(t, c.level_axis, "--level-axis " + c.level_axis);
    if (level.per_task)
        throw config_error("--level-axis " + c.level_axis + ": a task column, not a grid axis");
    out.level = level.col;
    for (const auto& name : c.average) {
        const column_ref f = find_column(t, name, "--average " + name);
        if (f.per_task) throw config_error("--average " + name + ": a task column, not a grid axis");
        if (f.col == out.level)
            throw config_error("--average " + name + ": " + name + " is the level axis (--level-axis)");
        out.averaged.push_back(f.col);
    }
    for (const auto& l : p.by) {
        if (l.name == out.level->name)
            throw config_error("--by " + l.name + ": " + l.name +
                               " is the level axis, a column of the answer already");
        for (const column* a : out.averaged)
            if (a->name == l.name)
                throw config_error("--by " + l.name + ": " + l.name +
                                   " is averaged over (--average); a configuration mixes its values");
    }
    return out;
}

// The level named by --reference: by its spelling, or for a numeric axis by its value ("0.50").
std::uint32_t reference_level(const levels& l, const std::string& reference) {
    if (reference.empty()) return 0;
    auto it = std::find(l.text.begin(), l.text.end(), reference);
    double x = 0;
    if (it == l.text.end() && l.type != value_kind::text && parse_number(reference, x))
        for (std::size_t i = 0; i < l.text.size(); ++i)
            if (same_number(l.numbers[i], x)) it = l.text.begin() + std::ptrdiff_t(i);
    if (it == l.text.end())
        throw config_error("--reference " + reference + ": not a level of " + l.name +
                           " (levels: " + join(l.text) + ")");
    return std::uint32_t(it - l.text.begin());
}

// At most about ten round thresholds from the lowest to the highest configuration score: the finest
// step of 1/200, 1/100, ..., 1 that needs no more than ten steps.
std::vector<double> round_bins(double lowest, double highest) {
    std::vector<double> bins;
    for (int per_unit : {200, 100, 50, 40, 20, 10, 5, 2, 1}) {
        const double first = std::floor(lowest * per_unit);
        if ((highest * per_unit - first) <= 10 || per_unit == 1) {
            for (double k = first; k / per_unit <= highest; ++k) bins.push_back(k / per_unit);
            break;
        }
    }
    return bins;
}

}  // namespace

cost_result cost_per_level(const plan& p, const table& t, const point_values& score,
                           const std::vector<double>& cost, const cost_request& c) {
    const cost_axes axes = resolve_axes(p, t, c);
    cost_result out;
    std::vector<std::uint32_t> level_of;
    out.level_values = distinct(*axes.level, p.points, &level_of);
    out.reference = reference_level(out.level_values, c.reference);

    // A configuration: the selected points equal in every varying grid column but the averaged ones.
    std::vector<std::vector<std::uint32_t>> keys(p.points.size());
    std::vector<const column*> named_columns;  // out.configuration_columns
    for (const auto& col : t.grid) {
        const bool is_averaged =
            std::find(axes.averaged.begin(), axes.averaged.end(), &col) != axes.averaged.end();
        std::vector<std::uint32_t> l;
        const levels values = distinct(col, p.points, &l);
        if (is_averaged || values.text.size() < 2) continue;
        for (std::size_t i = 0; i < keys.size(); ++i) keys[i].push_back(l[i]);
        const bool named = &col != axes.level && std::none_of(p.by.begin(), p.by.end(), [&](const levels& b) {
            return !b.per_task && b.name == col.name;
        });
        if (named) {
            out.configuration_columns.push_back(col.name);
            named_columns.push_back(&col);
        }
    }
    struct configuration {
        double score = 0, cost = 0;
        std::uint64_t n = 0;
        std::size_t first = 0;  // a selected point of it, for its description
    };
    std::map<std::vector<std::uint32_t>, configuration> configs;
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        auto [it, fresh] = configs.try_emplace(keys[i]);
        if (fresh) it->second.first = i;
        const double s = score.values[i], k = cost[p.points[i]];
        if (!p.done[i] || !std::isfinite(s) || !std::isfinite(k)) continue;
        it->second.score += s;
        it->second.cost += k;
        ++it->second.n;
    }
    out.configurations = configs.size();
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (auto& [key, conf] : configs) {
        if (!conf.n) continue;
        conf.score /= double(conf.n);
        conf.cost /= double(conf.n);
        lowest = std::min(lowest, conf.score);
        highest = std::max(highest, conf.score);
    }
    if (!std::isfinite(lowest)) {
        if (std::find(p.done.begin(), p.done.end(), 1) == p.done.end())
            throw config_error("--cost " + c.metric + ": no point of the selection is done yet");
        throw config_error("--cost " + c.metric + ": no done point of the selection has a value of " +
                           c.metric + " (NaN: not computed for this model)");
    }

    out.bins = c.bins.empty() ? round_bins(lowest, highest) : c.bins;

    const std::size_t n_levels = out.level_values.text.size(), n_bins = out.bins.size();
    // Rows by group, then bin, then level: the levels of one bin side by side.
    auto cell = [&](std::size_t g, std::size_t l, std::size_t b) { return (g * n_bins + b) * n_levels + l; };
    std::vector<cost_row> best(p.n_point_groups() * n_levels * n_bins);
    for (std::size_t g = 0; g < p.n_point_groups(); ++g)
        for (std::uint32_t l = 0; l < n_levels; ++l)
            for (std::size_t b = 0; b < n_bins; ++b) {
                cost_row& r = best[cell(g, l, b)];
                r.group = std::uint32_t(g);
                r.level = l;
                r.bin = b;
            }
    for (const auto& [key, conf] : configs) {
        if (!conf.n) continue;
        const std::size_t i = conf.first;
        for (std::size_t b = 0; b < n_bins; ++b) {
            if (conf.score < out.bins[b]) continue;
            cost_row& r = best[cell(p.point_group[i], level_of[i], b)];
            if (r.reached && (conf.cost > r.cost || (conf.cost == r.cost && conf.score <= r.score))) continue;
            r.reached = true;
            r.cost = conf.cost;
            r.score = conf.score;
            r.points = conf.n;
            std::vector<std::string> parts;
            for (const column* col : named_columns)
                parts.push_back(col->name + "=" + col->display(p.points[i]));
            r.configuration = parts.empty() ? "-" : join(parts);
        }
    }
    for (auto& r : best) {
        const cost_row& ref = best[cell(r.group, out.reference, r.bin)];
        r.saving = r.reached && ref.reached ? ref.cost / r.cost : nan;
    }
    out.rows = std::move(best);
    return out;
}

}  // namespace hetsweep::query
