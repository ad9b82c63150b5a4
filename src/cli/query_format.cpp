#include "query_format.hpp"

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

std::string general(double x, int digits) {
    if (std::isnan(x)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    return buf;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

// A level of a grouping column: its display text in tables and CSV, a JSON value in JSON.
std::string level_json(const query::levels& l, std::uint32_t i) {
    switch (l.type) {
        case value_kind::text:
            return json_string(l.text[i]);
        case value_kind::boolean:
            return l.numbers[i] != 0 ? "true" : "false";
        default:
            return json_number(l.numbers[i]);
    }
}

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

std::string points_cell(std::uint64_t done, std::uint64_t total) {
    return done == total ? std::to_string(done) : std::to_string(done) + "/" + std::to_string(total);
}

// Columns padded to their widest cell; `right` aligns numbers.
std::string aligned(const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& cells, const std::vector<bool>& right) {
    std::vector<std::size_t> width(header.size());
    for (std::size_t j = 0; j < header.size(); ++j) {
        width[j] = header[j].size();
        for (const auto& r : cells) width[j] = std::max(width[j], r[j].size());
    }
    std::ostringstream out;
    auto line = [&](const std::vector<std::string>& r) {
        std::string text;
        for (std::size_t j = 0; j < r.size(); ++j) {
            const std::string pad(width[j] - r[j].size(), ' ');
            const bool last = j + 1 == r.size();
            text += (j ? "  " : "") + (right[j] ? pad + r[j] : r[j] + (last ? "" : pad));
        }
        out << text << '\n';
    };
    line(header);
    for (const auto& r : cells) line(r);
    return out.str();
}

std::string csv_lines(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& cells) {
    std::string out;
    auto line = [&](const std::vector<std::string>& r) {
        for (std::size_t j = 0; j < r.size(); ++j) out += (j ? "," : "") + csv_cell(r[j]);
        out += '\n';
    };
    line(header);
    for (const auto& r : cells) line(r);
    return out;
}

std::string comment_block(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += "# " + l + "\n";
    return out;
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

// The opening of the i-th JSON row: a separator, then the row's value of each --by column.
std::string json_row_start(const query::plan& p, const std::vector<std::uint32_t>& level, std::size_t i) {
    std::string out = i ? ",\n    {" : "\n    {";
    for (std::size_t j = 0; j < p.by.size(); ++j)
        out += json_string(p.by[j].name) + ": " + level_json(p.by[j], level[j]) + ", ";
    return out;
}

}  // namespace

output_format parse_output_format(const std::string& name) {
    if (name == "table") return output_format::table;
    if (name == "csv") return output_format::csv;
    if (name == "json") return output_format::json;
    throw config_error("--format " + name + ": must be table, csv or json");
}

std::string render_result(const query_info& info, const query::plan& p, const query::result& r,
                          output_format f) {
    const auto& stats = p.req.stats;
    const bool with_tasks = info.metric.empty();
    if (f == output_format::json) {
        std::ostringstream out;
        out << "{\n" << json_header(info, p);
        out << "  \"over\": " << (p.req.over == query::over::points ? "\"points\"" : "\"tasks\"") << ",\n";
        std::vector<std::string> names;
        for (statistic s : stats) names.push_back(query::to_string(s));
        out << "  \"statistics\": " << json_strings(names) << ",\n";
        out << "  \"non_finite\": " << r.non_finite << ",\n  \"rows\": [";
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const auto& row = r.rows[i];
            out << json_row_start(p, row.level, i);
            for (std::size_t j = 0; j < stats.size(); ++j)
                out << json_string(query::to_string(stats[j])) << ": " << json_number(row.stats[j]) << ", ";
            out << "\"points\": " << row.points << ", \"points_total\": " << row.points_total;
            if (with_tasks) out << ", \"tasks\": " << row.tasks;
            out << "}";
        }
        out << "\n  ]\n}\n";
        return out.str();
    }

    std::vector<std::string> header;
    std::vector<bool> right;
    for (const auto& l : p.by) {
        header.push_back(l.name);
        right.push_back(l.type != value_kind::text);
    }
    for (statistic s : stats) {
        header.push_back(query::to_string(s));
        right.push_back(true);
    }
    header.push_back("points");
    right.push_back(true);
    if (f == output_format::csv) {
        header.push_back("points_total");
        right.push_back(true);
    }
    if (with_tasks) {
        header.push_back("tasks");
        right.push_back(true);
    }
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : r.rows) {
        std::vector<std::string> c;
        for (std::size_t j = 0; j < p.by.size(); ++j) c.push_back(p.by[j].text[row.level[j]]);
        for (std::size_t j = 0; j < stats.size(); ++j) {
            const double x = row.stats[j];
            if (f == output_format::csv)
                c.push_back(std::isnan(x) ? "" : shortest(x));
            else if (stats[j] == statistic::n)
                c.push_back(std::to_string(static_cast<unsigned long long>(x)));
            else
                c.push_back(std::isnan(x) ? "-" : info.metric.empty() ? fixed(x, 4) : general(x, 6));
        }
        if (f == output_format::csv) {
            c.push_back(std::to_string(row.points));
            c.push_back(std::to_string(row.points_total));
        } else {
            c.push_back(points_cell(row.points, row.points_total));
        }
        if (with_tasks) c.push_back(std::to_string(row.tasks));
        cells.push_back(std::move(c));
    }
    const std::string head = comment_block(header_lines(info, p, false, r.non_finite));
    return head + (f == output_format::table ? aligned(header, cells, right) : csv_lines(header, cells));
}

std::string render_paired(const query_info& info, const query::plan& p, const query::paired_result& r,
                          output_format f) {
    const std::string partner = r.key + "=" + r.reference;
    struct field {
        const char* name;
        std::function<std::string(const query::paired_row&, bool exact)> cell;
        bool number;
    };
    auto real = [f](double x, bool exact, int digits) {
        if (f == output_format::json) return json_number(x);
        if (exact) return std::isnan(x) ? std::string() : shortest(x);
        return std::isnan(x) ? std::string("-") : fixed(x, digits);
    };
    auto pvalue = [f](double x, bool exact) {
        if (f == output_format::json) return json_number(x);
        if (exact) return std::isnan(x) ? std::string() : shortest(x);
        return std::isnan(x) ? std::string("-") : general(x, 2);
    };
    const std::vector<field> fields = {
        {"mean", [&](const auto& w, bool e) { return real(w.mean, e, 4); }, true},
        {"reference", [&](const auto& w, bool e) { return real(w.reference, e, 4); }, true},
        {"diff", [&](const auto& w, bool e) { return real(w.diff, e, 4); }, true},
        {"ci95", [&](const auto& w, bool e) { return real(w.ci95, e, 4); }, true},
        {"p_t", [&](const auto& w, bool e) { return pvalue(w.p_t, e); }, true},
        {"n", [](const auto& w, bool) { return std::to_string(w.n); }, true},
        {"pairs", [](const auto& w, bool) { return std::to_string(w.pairs); }, true},
        {"tasks", [](const auto& w, bool) { return std::to_string(w.tasks); }, true},
        {"improved",
         [&](const auto& w, bool e) {
             return real(w.tasks ? double(w.improved) / double(w.tasks) : NAN, e, 3);
         },
         true},
        {"worse",
         [&](const auto& w, bool e) { return real(w.tasks ? double(w.worse) / double(w.tasks) : NAN, e, 3); },
         true},
        {"p_wilcoxon", [&](const auto& w, bool e) { return pvalue(w.p_wilcoxon, e); }, true},
        {"p_sign", [&](const auto& w, bool e) { return pvalue(w.p_sign, e); }, true},
    };
    if (f == output_format::json) {
        std::ostringstream out;
        out << "{\n" << json_header(info, p);
        out << "  \"paired\": {\"key\": " << json_string(r.key)
            << ", \"reference\": " << json_string(r.reference)
            << ", \"reference_points\": " << r.reference_points << ", \"no_partner\": " << r.no_partner
            << ", \"partner_not_done\": " << r.partner_not_done << ", \"same_network\": " << r.same_network
            << "},\n";
        out << "  \"non_finite\": " << r.non_finite << ",\n  \"rows\": [";
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const auto& row = r.rows[i];
            out << json_row_start(p, row.level, i);
            for (std::size_t j = 0; j < fields.size(); ++j)
                out << (j ? ", " : "") << json_string(fields[j].name) << ": " << fields[j].cell(row, true);
            out << "}";
        }
        out << "\n  ]\n}\n";
        return out.str();
    }
    std::vector<std::string> lines = header_lines(info, p, true, r.non_finite);
    lines.push_back("paired: each point against its partner with " + partner +
                    " and every other grid column equal; diff = mean - reference, averaged per seed first");
    lines.push_back(
        "n: seeds (replications); ci95 and p_t: paired t over them. improved/worse: fraction "
        "of tasks whose mean difference is > 0 / < 0; p_wilcoxon, p_sign: over those tasks");
    std::string left_out;
    using reason = std::pair<std::uint64_t, std::string>;
    for (const auto& [count, why] : {reason{r.reference_points, "are partners (" + partner + ")"},
                                     reason{r.same_network, "are the same network as their partner"},
                                     reason{r.no_partner, "have no partner in the store"},
                                     reason{r.partner_not_done, "have a partner not done"}})
        if (count) left_out += (left_out.empty() ? "" : "; ") + std::to_string(count) + " " + why;
    if (!left_out.empty()) lines.push_back("selected points not compared: " + left_out);
    std::vector<std::string> header;
    std::vector<bool> right;
    for (const auto& l : p.by) {
        header.push_back(l.name);
        right.push_back(l.type != value_kind::text);
    }
    for (const auto& fl : fields) {
        header.push_back(fl.name);
        right.push_back(fl.number);
    }
    const bool csv = f == output_format::csv;
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : r.rows) {
        std::vector<std::string> c;
        for (std::size_t j = 0; j < p.by.size(); ++j) c.push_back(p.by[j].text[row.level[j]]);
        for (const auto& fl : fields) c.push_back(fl.cell(row, csv));
        cells.push_back(std::move(c));
    }
    if (cells.empty()) lines.push_back("no pairs: no selected done point has a done partner");
    return comment_block(lines) + (csv ? csv_lines(header, cells) : aligned(header, cells, right));
}

std::string render_cost(const query_info& info, const query::plan& p, const query::cost_result& r,
                        const std::string& cost_metric, const query::cost_request& c, output_format f) {
    const auto& lv = r.level_values;
    const std::string reference = lv.name + "=" + lv.text[r.reference];
    if (f == output_format::json) {
        std::ostringstream out;
        out << "{\n" << json_header(info, p);
        out << "  \"cost\": " << json_string(cost_metric) << ",\n  \"level_axis\": " << json_string(lv.name)
            << ",\n  \"reference\": " << level_json(lv, r.reference)
            << ",\n  \"average\": " << json_strings(c.average) << ",\n  \"bins\": [";
        for (std::size_t b = 0; b < r.bins.size(); ++b) out << (b ? ", " : "") << json_number(r.bins[b]);
        out << "],\n  \"configurations\": " << r.configurations
            << ",\n  \"configuration_columns\": " << json_strings(r.configuration_columns)
            << ",\n  \"rows\": [";
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const auto& row = r.rows[i];
            out << (i ? ",\n    {" : "\n    {");
            std::size_t gi = 0;
            for (const auto& l : p.by)
                out << json_string(l.name) << ": " << level_json(l, p.point_group_levels[row.group][gi++])
                    << ", ";
            out << json_string(lv.name) << ": " << level_json(lv, row.level)
                << ", \"bin\": " << json_number(r.bins[row.bin])
                << ", \"reached\": " << (row.reached ? "true" : "false");
            if (row.reached)
                out << ", \"cost\": " << json_number(row.cost) << ", \"score\": " << json_number(row.score)
                    << ", \"points\": " << row.points
                    << ", \"configuration\": " << json_string(row.configuration);
            else
                out << ", \"cost\": null, \"score\": null, \"points\": 0, \"configuration\": null";
            out << ", \"saving\": " << json_number(row.saving) << "}";
        }
        out << "\n  ]\n}\n";
        return out.str();
    }

    std::vector<std::string> lines = header_lines(info, p, true, 0);
    std::string averaged = join(c.average);
    lines.insert(lines.begin() + 1, "cheapest configuration per " + lv.name +
                                        " level whose mean score reaches each bin; a configuration"
                                        " is the points equal in all grid columns but " +
                                        averaged +
                                        ", its score and cost are means over"
                                        " its done points (" +
                                        std::to_string(r.configurations) + " configurations)");
    lines.insert(lines.begin() + 2, "cost: " + cost_metric + "; saving = cost at " + reference +
                                        " / cost at this level for the same bin ('-': this level, or " +
                                        reference + ", reaches no score as high with any configuration)");
    std::vector<std::string> header;
    std::vector<bool> right;
    for (const auto& l : p.by) {
        header.push_back(l.name);
        right.push_back(l.type != value_kind::text);
    }
    header.insert(header.end(), {"bin", lv.name, cost_metric, "saving", "score", "points", "configuration"});
    right.insert(right.end(), {true, lv.type != value_kind::text, true, true, true, true, false});
    std::vector<std::vector<std::string>> cells;
    const bool csv = f == output_format::csv;
    for (const auto& row : r.rows) {
        std::vector<std::string> cell;
        std::size_t gi = 0;
        for (const auto& l : p.by) cell.push_back(l.text[p.point_group_levels[row.group][gi++]]);
        cell.push_back(shortest(r.bins[row.bin]));
        cell.push_back(lv.text[row.level]);
        if (row.reached) {
            cell.push_back(csv ? shortest(row.cost) : general(row.cost, 6));
            cell.push_back(std::isnan(row.saving) ? (csv ? "" : "-")
                           : csv                  ? shortest(row.saving)
                                                  : fixed(row.saving, 2));
            cell.push_back(csv ? shortest(row.score) : fixed(row.score, 4));
            cell.push_back(std::to_string(row.points));
            cell.push_back(row.configuration);
        } else {
            for (int k = 0; k < 4; ++k) cell.push_back(csv ? "" : "-");
            cell.push_back(csv ? "" : "(not reached)");
        }
        cells.push_back(std::move(cell));
    }
    return comment_block(lines) + (csv ? csv_lines(header, cells) : aligned(header, cells, right));
}

}  // namespace hetsweep::cli
