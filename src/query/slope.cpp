#include <hetsweep/query/slope.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace hetsweep::query {

namespace {

// One point of a replicate cell: its value of KEY and its mean score over the row's tasks.
struct observation {
    double x = 0, y = 0;
    std::uint64_t point = 0;
};

struct cell {
    replicate_factors factors;
    std::vector<observation> points;
};

// The least-squares slope of y on x; x holds at least two distinct values.
double least_squares_slope(const std::vector<observation>& o) {
    double mx = 0, my = 0;
    for (const auto& p : o) {
        mx += p.x;
        my += p.y;
    }
    mx /= double(o.size());
    my /= double(o.size());
    double sxy = 0, sxx = 0;
    for (const auto& p : o) {
        sxy += (p.x - mx) * (p.y - my);
        sxx += (p.x - mx) * (p.x - mx);
    }
    return sxy / sxx;
}

// The first grid column other than `key` and the seed columns in which points a and b differ.
std::string differing_column(const table& t, const column& key, std::uint64_t a, std::uint64_t b) {
    for (const auto& c : t.grid)
        if (&c != &key && !c.seed && c.display(a) != c.display(b)) return c.name;
    return "?";
}

// The replicate of a point as a reader names it: "seed = 1, input_seed = 2".
std::string replicate_label(const table& t, std::uint64_t point) {
    std::string out;
    for (const auto& c : t.grid)
        if (c.seed) out += (out.empty() ? "" : ", ") + c.name + " = " + c.display(point);
    return out;
}

}  // namespace

slope_result summarise_slope(const table& t, const plan& p, const std::string& key, const row_reader& read,
                             const paired_request& how) {
    const std::string what = "--slope " + key;
    const column_ref ref = find_column(t, key, what);
    if (ref.per_task)
        throw config_error(what + ": " + ref.col->name +
                           " is a task column; the slope is along a grid column");
    const column& x = *ref.col;
    if (x.is_text() || x.kind == value_kind::boolean)
        throw config_error(what + ": " + x.name + " takes " + describe_values(x) +
                           "; a slope needs a numeric column");
    if (x.seed)
        throw config_error(what + ": " + x.name + " is a seed column: its values are replicates, not levels");
    for (const auto& l : p.by) {
        if (l.per_task)
            throw config_error(what + ": task columns in --by do not apply to a slope over points");
        if (l.name == x.name)
            throw config_error(what + ": " + x.name +
                               " is a --by column; the slope is taken across its values within each row");
    }

    slope_result out;
    out.key = x.name;
    out.adjust = how.adjust;
    out.resamples = how.bootstrap.resamples;
    const std::size_t n_sel = p.tasks.size();
    std::vector<std::map<std::string, cell>> groups(p.n_point_groups());
    for (std::size_t i = 0; i < p.points.size(); ++i) {
        const std::uint64_t point = p.points[i];
        if (!p.done[i] || (!t.kept.empty() && !t.kept[point])) continue;
        const replicate_factors f = factors_of(t.grid, point);
        cell& c = groups[p.point_group[i]][f.network + '\x1e' + f.input];
        c.factors = f;
        const std::vector<double> scores = read(point, 1);
        double sum = 0;
        std::size_t used = 0;
        for (std::size_t k = 0; k < n_sel; ++k) {
            double s = scores[p.tasks[k]];
            if (!std::isfinite(s)) {
                ++out.non_finite;
                continue;
            }
            sum += p.req.clip ? std::max(s, 0.0) : s;
            ++used;
        }
        if (!used) continue;
        for (const auto& o : c.points)
            if (o.x == x.numbers[point])
                throw config_error(what + ": two points of one replicate (" + replicate_label(t, point) +
                                   ") have " + x.name + " = " + x.display(point) + " and differ in " +
                                   differing_column(t, x, o.point, point) +
                                   ": put it in --by or select one value with --where");
        c.points.push_back({x.numbers[point], sum / double(used), point});
    }

    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].empty()) continue;
        slope_row row;
        row.level = p.point_group_levels[g];
        for (const auto& [unit, c] : groups[g])
            for (const auto& o : c.points) row.x.push_back(o.x);
        std::sort(row.x.begin(), row.x.end());
        row.x.erase(std::unique(row.x.begin(), row.x.end()), row.x.end());
        double score_sum = 0;
        for (const auto& [unit, c] : groups[g]) {
            if (row.x.size() < 2 || c.points.size() != row.x.size()) {
                ++row.incomplete;
                continue;
            }
            row.values.push_back({c.factors.network, c.factors.input, least_squares_slope(c.points)});
            for (const auto& o : c.points) score_sum += o.y;
            row.points += c.points.size();
        }
        if (row.points) row.mean = score_sum / double(row.points);
        row.cells = row.values.empty() ? replicate_inference{}
                                       : infer_replicates(row.values, how.bootstrap, std::uint64_t(g));
        if (row.values.empty())
            row.cells.method = row.x.size() < 2 ? "one value of " + x.name : "no complete replicate";
        out.rows.push_back(std::move(row));
    }
    adjust_rows(out.rows, how.adjust);
    return out;
}

}  // namespace hetsweep::query
