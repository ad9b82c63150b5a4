#include "query_format.hpp"

#include "answer.hpp"
#include "common.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/query/column.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>

namespace hetsweep::cli {

namespace {

using query::statistic;

bool has(const std::vector<statistic>& stats, statistic s) {
    return std::find(stats.begin(), stats.end(), s) != stats.end();
}

std::vector<std::string> header_lines(const query_info& info, const query::plan& p, bool fixed_columns,
                                      std::uint64_t non_finite) {
    std::vector<std::string> lines;
    lines.push_back("store " + info.store + " (sweep " + info.sweep + "): " + std::to_string(p.n_points) +
                    " points, " + std::to_string(p.counts[1]) + " done, " + std::to_string(p.counts[0]) +
                    " pending, " + std::to_string(p.counts[2]) + " failed");
    const std::string repeats =
        p.repeats ? "; " + std::to_string(p.repeats) +
                        " repeat a network of their row (the homogeneous network under another profile) and "
                        "count once"
                  : "";
    if (p.point_filters.empty())
        lines.push_back("points: all " + std::to_string(p.n_points) + repeats);
    else
        lines.push_back("points: " + std::to_string(p.points.size() + p.repeats) + " of " +
                        std::to_string(p.n_points) + " (" + join(p.point_filters) + ")" + repeats);
    if (info.metric.empty()) {
        if (p.task_filters.empty())
            lines.push_back("tasks: all " + std::to_string(p.n_tasks));
        else
            lines.push_back("tasks: " + std::to_string(p.tasks.size()) + " of " + std::to_string(p.n_tasks) +
                            " (" + join(p.task_filters) + ")");
        if (info.per_task != "scores")
            lines.push_back("value: the per-task matrix /" + info.per_task + ", as stored (not clipped)");
        else
            lines.push_back(
                p.req.clip
                    ? "score: R^2 on the test window, each task's R^2 clipped at 0 first (--raw: raw R^2)"
                    : "score: raw R^2 on the test window (not clipped; can be negative)");
    } else {
        lines.push_back("value: the per-point metric " + info.metric);
    }
    if (!fixed_columns) {  // --cost and --paired say what their columns are themselves
        std::string stats;
        for (statistic s : p.req.stats) stats += std::string(stats.empty() ? "" : ", ") + query::to_string(s);
        if (!info.metric.empty())
            lines.push_back("statistics across the row's points: " + stats);
        else if (p.req.over == query::over::points)
            lines.push_back("statistics across the row's points of each point's mean over the row's tasks: " +
                            stats);
        else
            lines.push_back("statistics across every (point, task) value of the row: " + stats);
        if (has(p.req.stats, statistic::ci95))
            lines.push_back(
                "ci95: half-width of the 95% confidence interval of the mean, t(0.975, n-1) * sd / sqrt(n)");
        lines.push_back("column points: the row's done points (done/all when some are pending or failed)");
    }
    lines.push_back("read from " + info.source);
    if (non_finite)
        lines.push_back(std::to_string(non_finite) + " non-finite values of done points left out");
    return lines;
}

std::string json_header(const query_info& info, const query::plan& p) {
    std::ostringstream out;
    out << "  \"store\": " << json_string(info.store) << ",\n  \"sweep\": " << json_string(info.sweep)
        << ",\n";
    out << "  \"points\": {\"total\": " << p.n_points << ", \"done\": " << p.counts[1]
        << ", \"pending\": " << p.counts[0] << ", \"failed\": " << p.counts[2]
        << ", \"selected\": " << p.points.size() + p.repeats << ", \"repeats\": " << p.repeats << "},\n";
    out << "  \"tasks\": {\"total\": " << p.n_tasks << ", \"selected\": " << p.tasks.size() << "},\n";
    out << "  \"filters\": {\"points\": " << json_strings(p.point_filters)
        << ", \"tasks\": " << json_strings(p.task_filters) << "},\n";
    if (!info.metric.empty() || info.per_task != "scores")
        out << "  \"value\": " << json_string(info.metric.empty() ? info.per_task : info.metric) << ",\n";
    else
        out << "  \"value\": \"score\",\n  \"score\": " << (p.req.clip ? "\"clipped\"" : "\"raw\"") << ",\n";
    out << "  \"source\": " << json_string(info.source) << ",\n";
    std::vector<std::string> by;
    for (const auto& l : p.by) by.push_back(l.name);
    out << "  \"by\": " << json_strings(by) << ",\n";
    return out.str();
}

answer_column column_of(std::string name, cell_style style, int digits = 4) {
    answer_column c;
    c.name = std::move(name);
    c.style = style;
    c.digits = digits;
    return c;
}

// The --by columns of an answer: a level column each.
void add_level_columns(answer& a, const query::plan& p) {
    for (const auto& l : p.by) {
        answer_column c = column_of(l.name, cell_style::level);
        c.levels = &l;
        c.right = l.type != value_kind::text;
        a.columns.push_back(c);
    }
}

answer_cell level_cell(std::uint32_t level) {
    answer_cell c;
    c.level = level;
    return c;
}

answer_cell number_cell(double x) {
    answer_cell c;
    c.number = x;
    return c;
}

answer_cell text_cell(std::string text) {
    answer_cell c;
    c.text = std::move(text);
    return c;
}

}  // namespace

std::string render_result(const query_info& info, const query::plan& p, const query::result& r,
                          output_format f) {
    const auto& stats = p.req.stats;
    const bool with_tasks = info.metric.empty();
    answer a;
    a.comments = header_lines(info, p, false, r.non_finite);
    std::ostringstream json;
    json << json_header(info, p);
    json << "  \"over\": " << (p.req.over == query::over::points ? "\"points\"" : "\"tasks\"") << ",\n";
    std::vector<std::string> names;
    for (statistic s : stats) names.push_back(query::to_string(s));
    json << "  \"statistics\": " << json_strings(names) << ",\n";
    json << "  \"non_finite\": " << r.non_finite << ",\n";
    a.json_header = json.str();

    add_level_columns(a, p);
    for (statistic s : stats) {
        if (s == statistic::n)
            a.columns.push_back(column_of(query::to_string(s), cell_style::integer));
        else if (info.metric.empty())
            a.columns.push_back(column_of(query::to_string(s), cell_style::fixed, 4));
        else
            a.columns.push_back(column_of(query::to_string(s), cell_style::general, 6));
    }
    answer_column shown = column_of("points", cell_style::done_of);
    shown.in_csv = shown.in_json = false;
    answer_column done = column_of("points", cell_style::integer),
                  total = column_of("points_total", cell_style::integer);
    done.in_table = total.in_table = false;
    a.columns.insert(a.columns.end(), {shown, done, total});
    if (with_tasks) a.columns.push_back(column_of("tasks", cell_style::integer));
    const bool components = info.components;
    if (components) {
        a.comments.push_back(
            "components: the row's points as replicates, a cell per network seed and input "
            "realisation (its points averaged): var_network, var_input, var_residual by moments "
            "(crossed), or one factor's variance (it holds the residual); ci95_cells: the 95% "
            "t interval of the cells' mean (Satterthwaite df when crossed)");
        for (const char* name : {"networks", "inputs"})
            a.columns.push_back(column_of(name, cell_style::integer));
        for (const char* name : {"var_network", "var_input", "var_residual"})
            a.columns.push_back(column_of(name, cell_style::general, 2));
        a.columns.push_back(column_of("ci95_cells", cell_style::fixed, 4));
        answer_column test = column_of("test", cell_style::text);
        test.right = false;
        a.columns.push_back(test);
    }
    for (const auto& row : r.rows) {
        std::vector<answer_cell> cells;
        for (std::size_t j = 0; j < p.by.size(); ++j) cells.push_back(level_cell(row.level[j]));
        for (std::size_t j = 0; j < stats.size(); ++j) cells.push_back(number_cell(row.stats[j]));
        answer_cell points = number_cell(double(row.points));
        points.total = row.points_total;
        cells.insert(cells.end(),
                     {points, number_cell(double(row.points)), number_cell(double(row.points_total))});
        if (with_tasks) cells.push_back(number_cell(double(row.tasks)));
        if (components) {
            const auto& c = row.replicates;
            for (double x :
                 {double(c.levels_a), double(c.levels_b), c.var_a, c.var_b, c.var_residual, c.ci95})
                cells.push_back(number_cell(x));
            cells.push_back(text_cell(c.method));
        }
        a.rows.push_back(std::move(cells));
    }
    return write_answer(a, f);
}

namespace {

// What the columns of an inference over replicate cells mean (paired differences, slopes).
void inference_comments(answer& a, const std::string& stat, std::uint64_t resamples, query::adjustment adjust,
                        std::size_t rows, const std::string& family) {
    a.comments.push_back(
        "test: crossed = network seeds x input realisations as crossed random factors (variance components "
        "by moments, Satterthwaite t); t or sign-flip (exact, 2^n patterns, for n <= 16) = the cells as "
        "independent replicates, when one factor varies");
    a.comments.push_back("ci95: half-width of the 95% t interval of " + stat +
                         " (df: its degrees of freedom); boot_lo, boot_hi: pigeonhole bootstrap (rows and "
                         "columns resampled, " +
                         std::to_string(resamples) + " resamples, seeded) 95% percentile interval");
    a.comments.push_back("p: two-sided, " + stat + " = 0; p_adj: " +
                         std::string(adjust == query::adjustment::holm ? "Holm"
                                     : adjust == query::adjustment::bh ? "Benjamini-Hochberg"
                                                                       : "no") +
                         " correction over the " + std::to_string(rows) + " rows of family " +
                         (family.empty() ? "(this query)" : family));
}

// The columns an inference over replicate cells adds to a row, and its cells in that order: the
// test, df, the factors' levels, the variance components and the bootstrap interval.
void add_inference_columns(answer& a) {
    answer_column test = column_of("test", cell_style::text);
    test.right = false;
    a.columns.push_back(test);
    a.columns.push_back(column_of("df", cell_style::general, 3));
    for (const char* name : {"networks", "inputs"}) a.columns.push_back(column_of(name, cell_style::integer));
    for (const char* name : {"var_network", "var_input", "var_residual"})
        a.columns.push_back(column_of(name, cell_style::general, 2));
    for (const char* name : {"boot_lo", "boot_hi"})
        a.columns.push_back(column_of(name, cell_style::fixed, 4));
}
void add_inference_cells(std::vector<answer_cell>& cells, const query::replicate_inference& c) {
    cells.push_back(text_cell(c.method));
    for (double x : {c.df, double(c.levels_a), double(c.levels_b), c.var_a, c.var_b, c.var_residual,
                     c.boot_lo, c.boot_hi})
        cells.push_back(number_cell(x));
}

}  // namespace

std::string render_paired(const query_info& info, const query::plan& p, const query::paired_result& r,
                          output_format f) {
    const std::string partner = r.key + "=" + r.reference;
    answer a;
    std::ostringstream json;
    json << json_header(info, p);
    json << "  \"paired\": {\"key\": " << json_string(r.key)
         << ", \"reference\": " << json_string(r.reference)
         << ", \"reference_points\": " << r.reference_points << ", \"no_partner\": " << r.no_partner
         << ", \"partner_not_done\": " << r.partner_not_done << ", \"same_network\": " << r.same_network
         << ", \"resamples\": " << r.resamples << "},\n";
    json << "  \"family\": " << json_string(info.family)
         << ",\n  \"adjust\": " << json_string(name_of(query::adjustment_names, r.adjust, "?")) << ",\n";
    json << "  \"non_finite\": " << r.non_finite << ",\n";
    a.json_header = json.str();

    a.comments = header_lines(info, p, true, r.non_finite);
    a.comments.push_back("paired: each point against its partner with " + partner +
                         " and every other grid column equal; diff = mean - reference over the row's cells "
                         "(a cell: one network seed and one input realisation, its pairs averaged)");
    inference_comments(a, "diff", r.resamples, r.adjust, r.rows.size(), info.family);
    a.comments.push_back(
        "var_network, var_input, var_residual: variance components of a cell's diff (with one "
        "factor, its variance holds the residual); improved, worse: fraction of tasks whose "
        "mean difference is > 0, < 0 (descriptive: tasks are not independent)");
    std::string left_out;
    using reason = std::pair<std::uint64_t, std::string>;
    for (const auto& [count, why] : {reason{r.reference_points, "are partners (" + partner + ")"},
                                     reason{r.same_network, "are the same network as their partner"},
                                     reason{r.no_partner, "have no partner in the store"},
                                     reason{r.partner_not_done, "have a partner not done"}})
        if (count) left_out += (left_out.empty() ? "" : "; ") + std::to_string(count) + " " + why;
    if (!left_out.empty()) a.comments.push_back("selected points not compared: " + left_out);
    if (!r.contrast.empty())
        a.comments.push_back("contrast " + r.contrast +
                             ": each row's cells minus the cells of its row with " + r.contrast +
                             ", replicate by replicate; mean and reference are the two rows' differences, "
                             "diff their difference");
    if (r.rows.empty()) a.comments.push_back("no pairs: no selected done point has a done partner");

    add_level_columns(a, p);
    for (const char* name : {"mean", "reference", "diff", "ci95"})
        a.columns.push_back(column_of(name, cell_style::fixed, 4));
    for (const char* name : {"p", "p_adj"}) a.columns.push_back(column_of(name, cell_style::general, 2));
    add_inference_columns(a);
    for (const char* name : {"pairs", "tasks"}) a.columns.push_back(column_of(name, cell_style::integer));
    for (const char* name : {"improved", "worse"}) a.columns.push_back(column_of(name, cell_style::fixed, 3));
    for (const auto& row : r.rows) {
        std::vector<answer_cell> cells;
        for (std::size_t j = 0; j < p.by.size(); ++j) cells.push_back(level_cell(row.level[j]));
        const auto& c = row.cells;
        for (double x : {row.mean, row.reference, c.mean, c.ci95, c.p, row.p_adjusted})
            cells.push_back(number_cell(x));
        add_inference_cells(cells, c);
        cells.push_back(number_cell(double(row.pairs)));
        const double tasks = double(row.tasks);
        for (double x : {tasks, row.tasks ? double(row.improved) / tasks : NAN,
                         row.tasks ? double(row.worse) / tasks : NAN})
            cells.push_back(number_cell(x));
        a.rows.push_back(std::move(cells));
    }
    return write_answer(a, f);
}

std::string render_slope(const query_info& info, const query::plan& p, const query::slope_result& r,
                         output_format f) {
    answer a;
    std::ostringstream json;
    json << json_header(info, p);
    json << "  \"slope\": {\"key\": " << json_string(r.key) << ", \"resamples\": " << r.resamples << "},\n";
    json << "  \"family\": " << json_string(info.family)
         << ",\n  \"adjust\": " << json_string(name_of(query::adjustment_names, r.adjust, "?")) << ",\n";
    json << "  \"non_finite\": " << r.non_finite << ",\n";
    a.json_header = json.str();
    a.comments = header_lines(info, p, true, r.non_finite);
    a.comments.push_back(
        "slope: per replicate cell (one network seed and one input realisation), the "
        "least-squares slope of each point's mean score over the row's tasks against " +
        r.key + "; slope = the cells' mean, in R^2 per unit of " + r.key);
    inference_comments(a, "slope", r.resamples, r.adjust, r.rows.size(), info.family);
    a.comments.push_back(
        "var_network, var_input, var_residual: variance components of a cell's slope; values: the row's "
        "values of " +
        r.key + " (a cell counts only with all of them: incomplete says how many did not)");
    if (r.rows.empty()) a.comments.push_back("no slope: no selected point is done");

    add_level_columns(a, p);
    a.columns.push_back(column_of("mean", cell_style::fixed, 4));
    for (const char* name : {"slope", "ci95"}) a.columns.push_back(column_of(name, cell_style::general, 4));
    for (const char* name : {"p", "p_adj"}) a.columns.push_back(column_of(name, cell_style::general, 2));
    add_inference_columns(a);
    for (const char* name : {"points", "incomplete"})
        a.columns.push_back(column_of(name, cell_style::integer));
    answer_column values = column_of("values", cell_style::text);
    values.right = false;
    a.columns.push_back(values);
    for (const auto& row : r.rows) {
        std::vector<answer_cell> cells;
        for (std::size_t j = 0; j < p.by.size(); ++j) cells.push_back(level_cell(row.level[j]));
        const auto& c = row.cells;
        for (double x : {row.mean, c.mean, c.ci95, c.p, row.p_adjusted}) cells.push_back(number_cell(x));
        add_inference_cells(cells, c);
        for (double x : {double(row.points), double(row.incomplete)}) cells.push_back(number_cell(x));
        std::vector<std::string> xs;
        for (double x : row.x) xs.push_back(shortest(x));
        cells.push_back(text_cell(join(xs, " ")));
        a.rows.push_back(std::move(cells));
    }
    return write_answer(a, f);
}

std::string render_cost(const query_info& info, const query::plan& p, const query::cost_result& r,
                        const std::string& cost_metric, const query::cost_request& c, output_format f) {
    const auto& lv = r.level_values;
    const std::string reference = lv.name + "=" + lv.text[r.reference];
    answer a;
    std::ostringstream json;
    json << json_header(info, p);
    json << "  \"cost\": " << json_string(cost_metric) << ",\n  \"level_axis\": " << json_string(lv.name)
         << ",\n  \"reference\": ";
    json << level_json(lv, r.reference) << ",\n  \"average\": " << json_strings(c.average)
         << ",\n  \"bins\": [";
    for (std::size_t b = 0; b < r.bins.size(); ++b) json << (b ? ", " : "") << json_number(r.bins[b]);
    json << "],\n  \"configurations\": " << r.configurations
         << ",\n  \"configuration_columns\": " << json_strings(r.configuration_columns) << ",\n";
    a.json_header = json.str();

    a.comments = header_lines(info, p, true, 0);
    const std::string averaged = join(c.average);
    a.comments.insert(a.comments.begin() + 1, "cheapest configuration per " + lv.name +
                                                  " level whose mean score reaches each bin; a configuration"
                                                  " is the points equal in all grid columns but " +
                                                  averaged +
                                                  ", its score and cost are means over"
                                                  " its done points (" +
                                                  std::to_string(r.configurations) + " configurations)");
    a.comments.insert(a.comments.begin() + 2,
                      "cost: " + cost_metric + "; saving = cost at " + reference +
                          " / cost at this level for the same bin ('-': this level, or " + reference +
                          ", reaches no score as high with any configuration)");

    add_level_columns(a, p);
    const std::size_t by = a.columns.size();
    answer_column level = column_of(lv.name, cell_style::level);
    level.levels = &lv;
    level.right = lv.type != value_kind::text;
    answer_column reached = column_of("reached", cell_style::text);
    reached.in_table = reached.in_csv = false;
    a.columns.insert(
        a.columns.end(),
        {column_of("bin", cell_style::exact), level, column_of(cost_metric, cell_style::general, 6),
         column_of("saving", cell_style::fixed, 2), column_of("score", cell_style::fixed, 4),
         column_of("points", cell_style::integer), column_of("configuration", cell_style::text), reached});
    a.columns[by + 6].right = false;
    a.columns[by + 2].json_name = "cost";
    // In JSON: the level, the bin, whether it was reached, then cost, score, points, configuration
    // and saving.
    for (std::size_t j = 0; j < by; ++j) a.json_order.push_back(j);
    for (std::size_t j : {by + 1, by, by + 7, by + 2, by + 4, by + 5, by + 6, by + 3})
        a.json_order.push_back(j);
    for (const auto& row : r.rows) {
        std::vector<answer_cell> cells;
        std::size_t gi = 0;
        for (std::size_t j = 0; j < p.by.size(); ++j)
            cells.push_back(level_cell(p.point_group_levels[row.group][gi++]));
        cells.push_back(number_cell(r.bins[row.bin]));
        cells.push_back(level_cell(row.level));
        answer_cell was_reached;
        was_reached.missing = true;
        was_reached.json = row.reached ? "true" : "false";
        if (row.reached) {
            cells.insert(cells.end(),
                         {number_cell(row.cost), number_cell(row.saving), number_cell(row.score),
                          number_cell(double(row.points)), text_cell(row.configuration), was_reached});
        } else {
            answer_cell none;
            none.missing = true;
            answer_cell no_points = none, no_configuration = none;
            no_points.json = "0";
            no_configuration.table = "(not reached)";
            answer_cell saving = none;
            saving.json = json_number(row.saving);
            cells.insert(cells.end(), {none, saving, none, no_points, no_configuration, was_reached});
        }
        a.rows.push_back(std::move(cells));
    }
    return write_answer(a, f);
}

std::string render_design(const query_info& info, const query::plan& p, const std::vector<design_row>& rows,
                          double half_width, output_format f) {
    answer a;
    a.comments = header_lines(info, p, true, 0);
    a.comments.push_back(
        "designs: per row, the fewest replicate cells (network seeds x input realisations) whose 95% "
        "interval of the mean has a half-width of at most " +
        shortest(half_width) + ", from the row's variance components in this store:");
    a.comments.push_back(
        "  half_width = t(0.975, df) sqrt(var_network / networks + var_input / inputs + "
        "var_residual / (networks inputs)), df by Satterthwaite; the 3 cheapest, at most 1000 "
        "cells");
    std::ostringstream json;
    json << json_header(info, p) << "  \"half_width\": " << json_number(half_width) << ",\n";
    a.json_header = json.str();
    add_level_columns(a, p);
    for (const char* name : {"networks", "inputs", "cells"})
        a.columns.push_back(column_of(name, cell_style::integer));
    a.columns.push_back(column_of("half_width", cell_style::fixed, 4));
    answer_column note = column_of("note", cell_style::text);
    note.right = false;
    a.columns.push_back(note);
    for (const auto& row : rows) {
        std::vector<answer_cell> level;
        for (auto l : row.level) level.push_back(level_cell(l));
        if (row.designs.empty()) {
            auto cells = level;
            answer_cell none;
            none.missing = true;
            cells.insert(cells.end(), {none, none, none, none, text_cell(row.why_none)});
            a.rows.push_back(std::move(cells));
            continue;
        }
        for (std::size_t k = 0; k < row.designs.size() && k < 3; ++k) {
            const auto& d = row.designs[k];
            auto cells = level;
            cells.insert(cells.end(),
                         {number_cell(double(d.a)), number_cell(double(d.b)), number_cell(double(d.a * d.b)),
                          number_cell(d.half_width), text_cell(k == 0 ? "cheapest" : "")});
            a.rows.push_back(std::move(cells));
        }
    }
    return write_answer(a, f);
}

std::string render_hypotheses(const query_info& info, const query::plan& p,
                              const std::vector<query::hypothesis_verdict>& verdicts, output_format f) {
    answer a;
    a.comments = header_lines(info, p, true, 0);
    a.comments.push_back(
        "hypotheses: written in the store's spec before its run ([[hypothesis]]); each a paired "
        "comparison (query --paired) or a slope (query --slope) of its selection over the replicates, "
        "diff the difference or the slope, decided by its rule:");
    std::vector<std::string> tests;
    for (const auto& v : verdicts)
        if (std::find(tests.begin(), tests.end(), v.h.test) == tests.end()) tests.push_back(v.h.test);
    for (const auto& t : tests) a.comments.push_back("  " + query::hypothesis_rule(t));
    a.comments.push_back(
        "verdict: supported when p_adj (Holm within the family) < alpha; contradicted when the "
        "contradicting p < alpha / m (m: the family's hypotheses); undecided otherwise");
    std::ostringstream json;
    json << json_header(info, p);
    std::vector<std::string> rules;
    for (const auto& t : tests) rules.push_back(query::hypothesis_rule(t));
    json << "  \"rules\": " << json_strings(rules) << ",\n";
    a.json_header = json.str();
    answer_column name = column_of("hypothesis", cell_style::text),
                  family = column_of("family", cell_style::text), test = column_of("test", cell_style::text),
                  verdict = column_of("verdict", cell_style::text),
                  claim = column_of("claim", cell_style::text), why = column_of("why", cell_style::text),
                  method = column_of("method", cell_style::text),
                  compares = column_of("compare", cell_style::text);
    for (auto* c : {&name, &family, &compares, &test, &verdict, &claim, &method, &why}) c->right = false;
    claim.in_table = false;
    // The reason a hypothesis could not be computed: a column of the table only when one could not.
    why.in_table =
        std::any_of(verdicts.begin(), verdicts.end(), [](const auto& v) { return !v.why.empty(); });
    a.columns = {name,
                 family,
                 compares,
                 test,
                 column_of("margin", cell_style::general, 3),
                 column_of("diff", cell_style::fixed, 4),
                 column_of("ci95", cell_style::fixed, 4),
                 method,
                 column_of("networks", cell_style::integer),
                 column_of("inputs", cell_style::integer),
                 column_of("p", cell_style::general, 2),
                 column_of("p_adj", cell_style::general, 2),
                 column_of("p_contrary", cell_style::general, 2),
                 column_of("alpha", cell_style::general, 3),
                 verdict,
                 claim,
                 why};
    for (const auto& v : verdicts) {
        const auto& c = v.cells;
        answer_cell margin = number_cell(v.h.margin);
        margin.missing = !(v.h.margin > 0);
        a.rows.push_back({text_cell(v.h.name), text_cell(v.h.family),
                          text_cell(!v.h.slope.empty()     ? "slope " + v.h.slope
                                    : v.h.contrast.empty() ? v.h.compare.text
                                                           : v.h.compare.text + " less " + v.h.contrast),
                          text_cell(v.h.test), margin, number_cell(c.mean), number_cell(c.ci95),
                          text_cell(c.method.empty() ? "-" : c.method), number_cell(double(c.levels_a)),
                          number_cell(double(c.levels_b)), number_cell(v.p), number_cell(v.p_adjusted),
                          number_cell(v.p_contrary), number_cell(v.h.alpha), text_cell(v.verdict),
                          text_cell(v.h.claim), text_cell(v.why)});
    }
    if (verdicts.empty()) a.comments.push_back("the store's spec carries no [[hypothesis]] table");
    return write_answer(a, f);
}

}  // namespace hetsweep::cli
