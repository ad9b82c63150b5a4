#include <hetsweep/query/summary.hpp>

#include <hetsweep/vocab/identity.hpp>

#include <map>
#include <string>

#include "row_blocks.hpp"

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hetsweep::query {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

point_values per_point_scores(const plan& p, const row_reader& read) {
    const std::size_t groups = p.n_task_groups();
    point_values out;
    out.values.assign(p.points.size() * groups, nan);
    const bool whole = whole_rows(p);
    std::vector<double> sum(groups);
    std::vector<std::uint64_t> count(groups);
    for_each_done_row(p, read, [&](std::size_t i, const double* row) {
        double total = 0;
        if (whole && row_sum(row, p.n_tasks, p.req.clip, total)) {
            out.values[i] = total / double(p.n_tasks);
            return;
        }
        out.non_finite += group_sums(p, row, sum, count);
        for (std::size_t g = 0; g < groups; ++g)
            if (count[g]) out.values[i * groups + g] = sum[g] / double(count[g]);
    });
    return out;
}

point_values per_point_given(const plan& p, const std::vector<double>& per_store_point) {
    if (p.n_task_groups() != 1) throw error("per_point_given: the plan groups tasks");
    if (per_store_point.size() != p.n_points)
        throw error("per_point_given: one value per point of the store expected");
    point_values out;
    out.values.assign(p.points.size(), nan);
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        if (!p.done[i]) continue;
        const double v = per_store_point[p.points[i]];
        if (std::isfinite(v))
            out.values[i] = v;
        else
            ++out.non_finite;
    }
    return out;
}

namespace {

std::vector<std::uint32_t> row_levels(const plan& p, std::size_t point_group, std::size_t task_group) {
    std::vector<std::uint32_t> out;
    std::size_t gi = 0, ti = 0;
    for (const auto& l : p.by)
        out.push_back(l.per_task ? p.task_group_levels[task_group][ti++]
                                 : p.point_group_levels[point_group][gi++]);
    return out;
}

// The accumulators of an answer: one cell per (point group, task group), row-major.
struct cells {
    std::vector<moments> acc;
    std::vector<std::vector<double>> values;  // kept only for the median
    std::vector<std::uint64_t> points_in;
    std::vector<replicate_inference> replicates;  // --components only

    explicit cells(std::size_t n) : acc(n), values(n), points_in(n, 0) {}
};

result finish(const plan& p, cells& c, std::uint64_t non_finite) {
    const std::size_t tg = p.n_task_groups();
    std::vector<std::uint64_t> total(p.n_point_groups(), 0);
    for (auto g : p.point_group) ++total[g];
    result out;
    out.non_finite = non_finite;
    for (std::size_t g = 0; g < p.n_point_groups(); ++g)
        for (std::size_t k = 0; k < tg; ++k) {
            const std::size_t cell = g * tg + k;
            row r;
            r.level = row_levels(p, g, k);
            r.stats = statistics(p.req.stats, c.acc[cell], c.values[cell]);
            r.points = c.points_in[cell];
            r.points_total = total[g];
            r.tasks = p.task_group_size[k];
            r.n = c.acc[cell].n;
            if (!c.replicates.empty()) r.replicates = c.replicates[cell];
            out.rows.push_back(std::move(r));
        }
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const row& a, const row& b) { return a.level < b.level; });
    return out;
}

}  // namespace

result summarise_points(const plan& p, const point_values& v, const components_request* components) {
    const std::size_t tg = p.n_task_groups();
    cells c(p.n_point_groups() * tg);
    if (components) {
        // Per cell of the answer, per replicate: the mean of its points' values.
        std::vector<std::map<std::string, std::pair<replicate_factors, moments>>> by_replicate(c.acc.size());
        for (std::size_t i = 0; i < p.points.size(); ++i) {
            const replicate_factors f = factors_of(components->t->grid, p.points[i]);
            for (std::size_t k = 0; k < tg; ++k) {
                const double x = v.values[i * tg + k];
                if (std::isnan(x)) continue;
                auto& [factors, m] = by_replicate[p.point_group[i] * tg + k][f.network + '\x1e' + f.input];
                factors = f;
                m.add(x);
            }
        }
        for (std::size_t cell = 0; cell < by_replicate.size(); ++cell) {
            std::vector<replicate_cell> replicates;
            for (const auto& [key, fm] : by_replicate[cell])
                replicates.push_back({fm.first.network, fm.first.input, fm.second.mean});
            c.replicates.push_back(infer_replicates(replicates, components->bootstrap, cell));
        }
    }
    for (std::size_t i = 0; i < p.points.size(); ++i)
        for (std::size_t k = 0; k < tg; ++k) {
            const double x = v.values[i * tg + k];
            if (std::isnan(x)) continue;
            const std::size_t cell = p.point_group[i] * tg + k;
            c.acc[cell].add(x);
            c.values[cell].push_back(x);
            ++c.points_in[cell];
        }
    return finish(p, c, v.non_finite);
}

result summarise_tasks(const plan& p, const row_reader& read) {
    const std::size_t tg = p.n_task_groups();
    const bool keep =
        std::find(p.req.stats.begin(), p.req.stats.end(), statistic::median) != p.req.stats.end();
    const bool clip = p.req.clip, whole = whole_rows(p);
    cells c(p.n_point_groups() * tg);
    std::uint64_t non_finite = 0;
    std::vector<moments> local(tg);
    std::vector<double> sum(tg);
    std::vector<std::uint64_t> count(tg);
    for_each_done_row(p, read, [&](std::size_t i, const double* row) {
        double total = 0;
        if (whole && row_sum(row, p.n_tasks, clip, total)) {
            const double mean = total / double(p.n_tasks);
            c.acc[p.point_group[i]].merge(clip ? row_moments<true>(row, p.n_tasks, mean)
                                               : row_moments<false>(row, p.n_tasks, mean));
            ++c.points_in[p.point_group[i]];
            if (keep)
                for (std::size_t j = 0; j < p.n_tasks; ++j)
                    c.values[p.point_group[i]].push_back(clip ? std::max(row[j], 0.0) : row[j]);
            return;
        }
        // Two passes over the row: its mean per task group, then the squared deviations.
        non_finite += group_sums(p, row, sum, count);
        for (std::size_t g = 0; g < tg; ++g)
            local[g] = moments{count[g], count[g] ? sum[g] / double(count[g]) : 0};
        for (std::size_t k = 0; k < p.tasks.size(); ++k) {
            double v = row[p.tasks[k]];
            if (!std::isfinite(v)) continue;
            if (clip) v = std::max(v, 0.0);
            moments& m = local[p.task_group[k]];
            m.m2 += (v - m.mean) * (v - m.mean);
            m.min = std::min(m.min, v);
            m.max = std::max(m.max, v);
            if (keep) c.values[p.point_group[i] * tg + p.task_group[k]].push_back(v);
        }
        for (std::size_t g = 0; g < tg; ++g) {
            if (!local[g].n) continue;
            const std::size_t cell = p.point_group[i] * tg + g;
            c.acc[cell].merge(local[g]);
            ++c.points_in[cell];
        }
    });
    return finish(p, c, non_finite);
}

}  // namespace hetsweep::query
