#include <hetsweep/query/paired.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/query/statistic.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>
#include "number.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace hetsweep::query {

namespace {

// One (row, replication): sums over its pairs.
struct replication {
    std::uint64_t pairs = 0;
    double mean = 0, reference = 0;  // sums of the pairs' per-group means
    std::vector<double> task_sum;    // per selected task of the group: sum of differences
    std::vector<std::uint32_t> task_count;
    replicate_factors factors;
};

// A cell's mean difference, and per task its mean difference (NaN where the task was left out).
double cell_diff(const replication& r) {
    return (r.mean - r.reference) / double(r.pairs);
}

// --contrast: each group's cells less the cells of its reference group (the same levels but the
// contrast column's, at its reference value), replicate by replicate; the reference groups give no row.
std::vector<std::map<std::string, replication>> contrast_cells(
    const plan& p, std::vector<std::map<std::string, replication>> cells, const std::string& text,
    std::size_t n_sel) {
    const std::string what = "--contrast " + text;
    const condition c = parse_condition("--contrast", text);
    if (c.kind != condition::op::in || c.values.size() != 1)
        throw config_error(what + ": must be KEY=VALUE, KEY a --by column (--contrast cv=0)");
    std::size_t column = p.by.size();
    for (std::size_t j = 0; j < p.by.size(); ++j)
        if (p.by[j].name == c.key || p.by[j].name == c.key.substr(c.key.rfind('.') + 1)) column = j;
    if (column == p.by.size())
        throw config_error(what + ": " + c.key + " is not a --by column; the contrast is between rows");
    const levels& l = p.by[column];
    std::uint32_t reference = std::uint32_t(l.text.size());
    for (std::uint32_t k = 0; k < l.text.size(); ++k) {
        double x = 0;
        const bool numeric = l.type != value_kind::text && parse_number(c.values[0], x);
        if ((numeric && l.numbers[k] == x) || l.text[k] == c.values[0]) reference = k;
    }
    if (reference == l.text.size())
        throw config_error(what + ": no row has " + l.name + " = " + c.values[0] + " (rows: " + join(l.text) +
                           ")");
    std::map<std::vector<std::uint32_t>, std::size_t> group_of;
    for (std::size_t g = 0; g < p.n_point_groups(); ++g) group_of[p.point_group_levels[g]] = g;
    std::vector<std::map<std::string, replication>> out(cells.size());
    for (std::size_t g = 0; g < cells.size(); ++g) {
        auto levels = p.point_group_levels[g];
        if (levels[column] == reference) continue;
        levels[column] = reference;
        const auto ref = group_of.find(levels);
        if (ref == group_of.end()) continue;
        for (const auto& [unit, r] : cells[g]) {
            const auto other = cells[ref->second].find(unit);
            if (!r.pairs || other == cells[ref->second].end() || !other->second.pairs) continue;
            replication d;
            d.factors = r.factors;
            d.pairs = 1;
            d.mean = cell_diff(r);
            d.reference = cell_diff(other->second);
            d.task_sum.assign(n_sel, 0.0);
            d.task_count.assign(n_sel, 0);
            for (std::size_t k = 0; k < n_sel; ++k)
                if (r.task_count[k] && other->second.task_count[k]) {
                    d.task_sum[k] = r.task_sum[k] / double(r.task_count[k]) -
                                    other->second.task_sum[k] / double(other->second.task_count[k]);
                    d.task_count[k] = 1;
                }
            out[g].emplace(unit, std::move(d));
        }
    }
    return out;
}

}  // namespace

paired_result summarise_paired(const table& t, const plan& p, const condition& reference,
                               const row_reader& read, const paired_request& how) {
    const std::string what = "--paired " + reference.text;
    if (reference.kind != condition::op::in || reference.values.size() != 1)
        throw config_error(what + ": must be KEY=VALUE with one value (the partners' value of KEY)");
    const column_ref key = find_column(t, reference.key, what);
    if (key.per_task)
        throw config_error(what + ": " + key.col->name + " is a task column; pairs differ in a grid column");
    auto is_reference = evaluate(reference, *key.col);
    // Tuned: the partners are the reference level's own choices too.
    if (!t.kept.empty())
        for (std::uint64_t j = 0; j < t.n_points; ++j) is_reference[j] &= t.kept[j];
    if (std::find(is_reference.begin(), is_reference.end(), 1) == is_reference.end())
        throw config_error(what + ": no point has " + key.col->name + " = " + reference.values[0] + " (" +
                           key.col->name + " takes " + describe_values(*key.col) + ")");
    for (const auto& l : p.by)
        if (l.per_task)
            throw config_error(what + ": task columns in --by do not apply to a paired comparison");

    paired_result out;
    out.key = key.col->name;
    const column* tuned = nullptr;
    for (const auto& c : t.grid)
        if (!t.tuned.empty() && c.name == t.tuned) tuned = &c;
    if (tuned == key.col)
        throw config_error(what + ": " + key.col->name + " is tuned (--tuned); pairs differ in another key");
    const std::vector<std::uint64_t> partner_of = partners(t.grid, *key.col, is_reference, tuned);
    for (std::uint64_t j = 0; j < t.n_points && out.reference.empty(); ++j)
        if (is_reference[j]) out.reference = key.col->display(j);

    const std::size_t n_sel = p.tasks.size();
    std::vector<std::map<std::string, replication>> cells(p.n_point_groups());
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        const std::uint64_t point = p.points[i];
        if (is_reference[point]) {
            ++out.reference_points;
            continue;
        }
        if (!p.done[i]) continue;
        const std::uint64_t partner = partner_of[point];
        if (partner == no_partner) {
            ++out.no_partner;
            continue;
        }
        if (t.status[partner] != 1) {
            ++out.partner_not_done;
            continue;
        }
        if (!t.same_as.empty() && t.same_as[point] == t.same_as[partner]) {
            ++out.same_network;
            continue;
        }
        const std::vector<double> a = read(point, 1), b = read(partner, 1);
        const replicate_factors f = factors_of(t.grid, point);
        replication& r = cells[p.point_group[i]][f.network + '\x1e' + f.input];
        r.factors = f;
        if (r.task_sum.empty()) {
            r.task_sum.assign(n_sel, 0.0);
            r.task_count.assign(n_sel, 0);
        }
        double sa = 0, sb = 0;
        std::size_t used = 0;
        for (std::size_t k = 0; k < n_sel; ++k) {
            double x = a[p.tasks[k]], y = b[p.tasks[k]];
            if (!std::isfinite(x) || !std::isfinite(y)) {
                ++out.non_finite;
                continue;
            }
            if (p.req.clip) {
                x = std::max(x, 0.0);
                y = std::max(y, 0.0);
            }
            sa += x;
            sb += y;
            ++used;
            r.task_sum[k] += x - y;
            ++r.task_count[k];
        }
        if (!used) continue;
        ++r.pairs;
        r.mean += sa / double(used);
        r.reference += sb / double(used);
    }

    if (!how.contrast.empty()) cells = contrast_cells(p, std::move(cells), how.contrast, n_sel);
    out.adjust = how.adjust;
    out.resamples = how.bootstrap.resamples;
    out.contrast = how.contrast;
    for (std::size_t g = 0; g < cells.size(); ++g) {
        if (cells[g].empty()) continue;
        paired_row row;
        row.level = p.point_group_levels[g];
        moments m, ref;
        std::vector<replicate_cell> diffs;
        std::vector<double> task_mean(n_sel, 0.0);
        std::vector<double> task_n(n_sel, 0.0);  // replicates with the task
        for (const auto& [unit, r] : cells[g]) {
            if (!r.pairs) continue;
            row.pairs += r.pairs;
            m.add(r.mean / double(r.pairs));
            ref.add(r.reference / double(r.pairs));
            diffs.push_back({r.factors.network, r.factors.input, (r.mean - r.reference) / double(r.pairs)});
            for (std::size_t k = 0; k < n_sel; ++k)
                if (r.task_count[k]) {
                    task_mean[k] += r.task_sum[k] / double(r.task_count[k]);
                    ++task_n[k];
                }
        }
        if (diffs.empty()) continue;
        row.mean = m.mean;
        row.reference = ref.mean;
        row.cells = infer_replicates(diffs, how.bootstrap, g);
        row.values = std::move(diffs);
        for (std::size_t k = 0; k < n_sel; ++k) {
            if (!task_n[k]) continue;
            const double x = task_mean[k] / double(task_n[k]);
            ++row.tasks;
            row.improved += x > 0;
            row.worse += x < 0;
        }
        out.rows.push_back(std::move(row));
    }
    adjust_rows(out.rows, how.adjust);
    return out;
}

}  // namespace hetsweep::query
