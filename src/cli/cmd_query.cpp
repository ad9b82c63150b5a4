#include "common.hpp"
#include "query_format.hpp"
#include "query_table.hpp"

#include <hetsweep/cli/args.hpp>
#include <hetsweep/cli/commands.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/query/column.hpp>
#include <hetsweep/query/condition.hpp>
#include <hetsweep/query/cost_per_level.hpp>
#include <hetsweep/query/hypotheses.hpp>
#include <hetsweep/query/paired.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/slope.hpp>
#include <hetsweep/query/statistic.hpp>
#include <hetsweep/query/summary.hpp>
#include <hetsweep/query/table.hpp>
#include <hetsweep/query/tuning.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/spec.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace hetsweep::cli {

namespace {

// The help; STATISTICS stands for the statistics' names.
const char* query_usage = R"(usage: hetsweep query FILE.h5 [options]        (docs/query.md has the details)

rows and filters
  --by AXES             group by grid axes and task columns, comma-separated (profile,cv; cv,tier)
  --where COND          keep the points (or tasks) that satisfy COND; repeat to AND several:
                        KEY=V  KEY=V1,V2  KEY=LO..HI  KEY!=V  KEY<X  KEY<=X  KEY>X  KEY>=X
tasks (default: all)
  --tier T  --k K  --d D  --delta RANGE  (realised Delta)  --task COND (any task column)
                        each takes V, V1,V2, LO..HI or <X, >=X, ...
values and statistics
  --stat LIST           STATISTICS (default mean,ci95)
  --over points|tasks   across points of their mean over the row's tasks (default), or across
                        every (point, task) score
  --raw                 raw R^2; by default each task's R^2 is clipped at 0 first
  --value METRIC        aggregate a per-point metric instead of the score
  --per-task NAME       aggregate another per-task matrix (alignment, ...) instead of the scores
  --from-scores         read /scores even where the stored per-point means would do
paired comparison
  --paired KEY=VALUE    each point against its partner: the point equal to it but in KEY, with
                        KEY = VALUE (--paired cv=0: the homogeneous network of the same seeds);
                        per row the mean difference over the replicates (network seed x input
                        realisation), its 95% interval and p (crossed random factors, or the
                        exact sign-flip test), the variance components, a bootstrap interval and
                        the fraction of tasks improved
  --family NAME         the name of the family the rows' tests form (default: this query)
  --adjust holm|bh|none the family's correction of p (default holm)
  --resamples N         bootstrap resamples per row (default 2000; 0: none)
  --contrast KEY=VALUE  each row's pairs minus those of the row with KEY = VALUE (KEY a --by column),
                        replicate by replicate: a difference of differences (--paired g_rec=0.9
                        --where g_rec=0 --by cv --contrast cv=0: does heterogeneity lose less?)
trend
  --slope KEY           per row, the least-squares slope of the score against the numeric grid
                        column KEY within each replicate (network seed x input realisation), and
                        the slopes' mean, 95% interval and p as --paired gives them (--slope skew
                        --where profile=pearson3,cv=0.25: the score's change per unit of skewness);
                        --family, --adjust and --resamples apply
replicates and planning
  --components          with the statistics: each row's points as replicates (network seed x input
                        realisation), their variance components and the interval of their mean
  --hypotheses          decide the [[hypothesis]] tables of the store's spec, each by its rule
tuned baseline
  --tuned KEY           each configuration (every grid column but KEY) at its own best value of KEY,
                        chosen by the validation score on its training window (r2_validation_mean),
                        never by the test window: --tuned tau_mean --paired cv=0 compares each
                        level at its best mean time constant with the homogeneous network at its own
  --design H            with --paired or --components: per row, the fewest network seeds x input
                        realisations whose 95% interval would have half-width H, from the row's
                        variance components here (a pilot store)
cost per performance level
  --cost METRIC         cheapest configuration per level and score bin, and its saving
  --bins B1,B2,...      score thresholds (default: about ten round ones over the range)
  --level-axis AXIS     the heterogeneity axis (default cv)
  --reference LEVEL     the level savings are against (default: its smallest, cv = 0)
  --average AXES        axes averaged over within a configuration (default: the seed columns,
                        seed and input_seed)
output
  --format table|csv|json
  --columns             list the store's axes, columns and metrics, then exit
  --no-verify           skip checking every done row against its checksum first (a store with a
                        damaged row is refused; hetsweep status --verify lists them)
)";

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto a = item.find_first_not_of(" \t");
        const auto b = item.find_last_not_of(" \t");
        if (a != std::string::npos) out.push_back(item.substr(a, b - a + 1));
    }
    return out;
}

const std::string& require_metric(const store::sweep_store& s, const std::string& option,
                                  const std::string& name) {
    const auto& names = s.metric_names();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) return *it;
    throw config_error(option + " " + name + ": no such metric (metrics: " + join(names) + ")");
}

// A whole number in [0, most], or config_error naming the option.
std::uint64_t parse_count(const std::string& option, const std::string& text, std::uint64_t most) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || end != text.c_str() + text.size() || text[0] == '-' || n > most)
        throw config_error(option + " " + text + ": must be a whole number in [0, " + std::to_string(most) +
                           "]");
    return n;
}

std::vector<double> parse_bins(const std::string& text) {
    std::vector<double> bins;
    for (const auto& item : split_list(text)) {
        char* end = nullptr;
        const double x = std::strtod(item.c_str(), &end);
        if (end != item.c_str() + item.size() || !std::isfinite(x))
            throw config_error("--bins " + text + ": \"" + item + "\" is not a number");
        bins.push_back(x);
    }
    if (bins.empty()) throw config_error("--bins " + text + ": no thresholds");
    std::sort(bins.begin(), bins.end());
    bins.erase(std::unique(bins.begin(), bins.end()), bins.end());
    return bins;
}

std::string describe_columns(const store::sweep_store& s, const query::table& t) {
    std::ostringstream out;
    out << "store " << s.path() << " (sweep " << s.info().sweep_name << "): " << t.n_points << " points, "
        << t.n_tasks << " tasks\n";
    const char* kinds[] = {"integer", "real", "boolean", "text"};
    out << "axes (grid columns that vary):\n";
    for (const auto& c : t.grid)
        if (query::varies(c))
            out << "  " << c.name << " (" << kinds[int(c.kind)] << "): " << query::describe_values(c) << '\n';
    out << "constant grid columns:\n ";
    for (const auto& c : t.grid)
        if (!query::varies(c)) out << ' ' << c.name << '=' << c.display(0);
    out << "\ntask columns:\n";
    for (const auto& c : t.tasks) out << "  " << c.name << ": " << query::describe_values(c) << '\n';
    out << "metrics (--value, --cost):";
    for (const auto& m : s.metric_names()) out << ' ' << m;
    out << '\n';
    return out.str();
}

}  // namespace

int cmd_query(const std::vector<std::string>& words) {
    const args a(words,
                 {"raw", "clip", "from-scores", "columns", "help", "no-verify", "components", "hypotheses"},
                 {"by",         "where",     "task",    "tier",     "k",        "d",      "delta",
                  "stat",       "over",      "format",  "value",    "per-task", "cost",   "bins",
                  "level-axis", "reference", "average", "paired",   "store",    "family", "adjust",
                  "resamples",  "design",    "tuned",   "contrast", "slope"});
    if (a.flag("help")) {
        std::string usage = query_usage;
        usage.replace(usage.find("STATISTICS"), 10, join(all_names(query::statistic_names)));
        std::cout << usage;
        return exit_ok;
    }
    const auto s = store::sweep_store::open_read_only(
        store_argument(a, "usage: hetsweep query FILE.h5 [options] (hetsweep query --help lists them)"));
    query::table t = load_query_table(s);
    if (auto key = a.option("tuned")) {
        const auto& names = s.metric_names();
        if (std::find(names.begin(), names.end(), "r2_validation_mean") == names.end())
            throw config_error(
                "--tuned " + *key + ": " + s.path() +
                " holds no validation scores (metric r2_validation_mean: stores of hetsweep 0.7 "
                "and later); compute the sweep again to tune on them");
        query::tune(t, *key, s.read_metric("r2_validation_mean"));
    }
    if (a.flag("columns")) {
        std::cout << describe_columns(s, t);
        return exit_ok;
    }
    if (!a.flag("no-verify")) check_rows(s);

    query::request r;
    for (const auto& by : a.all("by")) {
        const auto names = split_list(by);
        if (names.empty())
            throw config_error("--by \"" + by + "\": names no column (--by none groups nothing)");
        for (const auto& name : names)
            if (name != "none") r.by.push_back(name);
    }
    for (const auto& w : a.all("where")) r.where.push_back(query::parse_condition("--where", w));
    bool task_options = false;
    for (const auto& w : a.all("task")) {
        auto cond = query::parse_condition("--task", w);
        const bool is_task = std::any_of(t.tasks.begin(), t.tasks.end(), [&](const query::column& c) {
            return c.name == cond.key || "task." + c.name == cond.key;
        });
        if (!is_task) {
            std::vector<std::string> names;
            for (const auto& c : t.tasks) names.push_back(c.name);
            throw config_error(cond.describe() + ": " + cond.key + " is not a task column (task columns: " +
                               join(names) + "; grid axes go in --where)");
        }
        if (cond.key.rfind("task.", 0) != 0) cond.key = "task." + cond.key;
        r.where.push_back(cond);
        task_options = true;
    }
    for (const auto& [option, key] : {std::pair<const char*, const char*>{"tier", "tier"},
                                      {"k", "k"},
                                      {"d", "d"},
                                      {"delta", "delta_realised"}})
        for (const auto& v : a.all(option)) {
            r.where.push_back(
                query::parse_value_condition(std::string("--") + option, std::string("task.") + key, v));
            task_options = true;
        }
    if (auto stat = a.option("stat")) {
        r.stats.clear();
        for (const auto& name : split_list(*stat)) r.stats.push_back(query::parse_statistic(name));
        if (r.stats.empty()) throw config_error("--stat " + *stat + ": no statistic named");
    }
    const std::string over = a.option_or("over", "points");
    if (over != "points" && over != "tasks")
        throw config_error("--over " + over + ": must be points or tasks");
    r.over = over == "tasks" ? query::over::tasks : query::over::points;
    if (a.flag("raw") && a.flag("clip")) throw config_error("--raw and --clip: choose one");
    r.clip = !a.flag("raw");
    const output_format format = parse_output_format(a.option_or("format", "table"));

    const std::string per_task = a.option_or("per-task", "scores");
    const auto& matrices = s.per_task_names();
    if (std::find(matrices.begin(), matrices.end(), per_task) == matrices.end()) {
        throw config_error("--per-task " + per_task + ": no such per-task matrix (the store has " +
                           join(matrices) + ")");
    }
    if (per_task != "scores") {
        // Clipping at 0 is a rule for R^2; other matrices are aggregated as stored.
        for (const char* o : {"raw", "clip"})
            if (a.flag(o))
                throw config_error("--" + std::string(o) + ": applies to scores, not to --per-task " +
                                   per_task);
        r.clip = false;
    }
    const std::string metric = a.option("value") ? require_metric(s, "--value", *a.option("value")) : "";
    const std::string cost = a.option("cost") ? require_metric(s, "--cost", *a.option("cost")) : "";
    if (!metric.empty()) {
        for (const char* o : {"raw", "clip", "from-scores"})
            if (a.flag(o))
                throw config_error("--" + std::string(o) + ": applies to scores, not to --value " + metric);
        if (task_options)
            throw config_error("--value " + metric + " is per point; task selections do not apply");
        if (a.option("over")) throw config_error("--over: applies to scores, not to --value " + metric);
        if (!cost.empty()) throw config_error("--value and --cost: choose one");
        if (a.option("per-task")) throw config_error("--value and --per-task: choose one");
    }
    if (cost.empty()) {
        for (const char* o : {"bins", "level-axis", "reference", "average"})
            if (a.option(o)) throw config_error("--" + std::string(o) + " applies to --cost METRIC only");
    } else {
        if (r.over == query::over::tasks)
            throw config_error("--cost compares per-point scores; --over tasks does not apply");
        if (a.option("stat")) throw config_error("--cost has fixed columns; --stat does not apply");
        if (per_task != "scores")
            throw config_error("--cost ranks configurations by their score; --per-task does not apply");
    }

    if (a.flag("hypotheses")) {
        for (const char* o :
             {"paired", "slope", "cost", "value", "stat", "over", "by", "design", "family", "adjust"})
            if (a.option(o) || !a.all(o).empty())
                throw config_error(
                    "--hypotheses: each hypothesis names its own comparison and selection; --" +
                    std::string(o) + " does not apply");
        if (a.flag("components")) throw config_error("--hypotheses and --components: choose one");
        const sweep_spec spec = parse_spec(s.info().spec_text, s.path() + " (its spec)");
        std::vector<query::hypothesis> hs;
        for (const auto& h : spec.hypotheses) {
            query::hypothesis q;
            q.name = h.name;
            q.claim = h.claim;
            q.family = h.family;
            q.test = h.test;
            q.tuned = h.tuned;
            if (!h.compare.empty()) q.compare = query::parse_condition("compare", h.compare);
            q.slope = h.slope;
            q.contrast = h.contrast;
            q.margin = h.margin;
            q.alpha = h.alpha;
            for (const auto& w : h.where) q.where.push_back(query::parse_condition("where", w));
            hs.push_back(std::move(q));
        }
        query::paired_request how;
        if (auto n = a.option("resamples")) how.bootstrap.resamples = parse_count("--resamples", *n, 1000000);
        const auto& names = s.metric_names();
        const bool validated = std::find(names.begin(), names.end(), "r2_validation_mean") != names.end();
        const auto verdicts =
            query::decide_hypotheses(t, hs, per_task_reader(s, per_task), how,
                                     validated ? s.read_metric("r2_validation_mean") : std::vector<double>{});
        const query::plan p = query::make_plan(t, r);
        query_info info{s.path(), s.info().sweep_name, "", per_task, "/" + per_task, "", false};
        std::cout << render_hypotheses(info, p, verdicts, format);
        return exit_ok;
    }
    const bool slope = a.option("slope").has_value();
    if (slope && (a.option("paired") || a.flag("components")))
        throw config_error("--slope and --" + std::string(a.option("paired") ? "paired" : "components") +
                           ": choose one");
    if (!a.option("paired") && !slope)
        for (const char* o : {"family", "adjust"})
            if (a.option(o))
                throw config_error("--" + std::string(o) +
                                   " applies to --paired KEY=VALUE or --slope KEY only");
    if (!a.option("paired") && a.option("contrast"))
        throw config_error("--contrast applies to --paired KEY=VALUE only");
    if (!a.option("paired") && !a.flag("components") && a.option("design"))
        throw config_error("--design applies to --paired KEY=VALUE or --components only");
    if (!a.option("paired") && !a.flag("components") && !slope && a.option("resamples"))
        throw config_error("--resamples applies to --paired KEY=VALUE, --slope KEY or --components only");
    if (a.flag("components") && (a.option("paired") || !cost.empty() || r.over == query::over::tasks))
        throw config_error(
            "--components: applies to the statistics over points (not --paired, --cost or --over tasks)");
    double design = 0;
    if (auto h = a.option("design")) {
        char* end = nullptr;
        design = std::strtod(h->c_str(), &end);
        if (end != h->c_str() + h->size() || !(design > 0) || !std::isfinite(design))
            throw config_error("--design " + *h + ": must be a half-width > 0 (in the value's units: R^2)");
    }
    query::bootstrap_settings boot;
    if (auto n = a.option("resamples")) boot.resamples = parse_count("--resamples", *n, 1000000);
    // Per row, the cheapest designs that reach the half-width, from its replicate inference.
    auto designs_of = [&](const std::vector<std::uint32_t>& level, const query::replicate_inference& c) {
        design_row d{level, {}, {}};
        if (c.method == "crossed") d.designs = query::designs_for(design, c.var_a, c.var_b, c.var_residual);
        if (d.designs.empty())
            d.why_none = c.method == "crossed"
                             ? "none within 1000 cells"
                             : "needs a pilot that crosses network seeds and input realisations (here " +
                                   std::to_string(c.levels_a) + " x " + std::to_string(c.levels_b) + ", " +
                                   c.method + ")";
        return d;
    };
    // --slope and --paired: statistics over the replicates of per-task scores, one family per query.
    auto over_replicates = [&](const std::string& option, const std::string& does) {
        if (!metric.empty() || !cost.empty())
            throw config_error(option + " " + does + " per-task scores; --value and --cost do not apply");
        if (r.over == query::over::tasks || a.option("stat"))
            throw config_error(option + " has fixed columns; --over and --stat do not apply");
        query::paired_request how;
        how.adjust = query::parse_adjustment(a.option_or("adjust", "holm"));
        how.bootstrap = boot;
        return how;
    };
    const query_info replicate_info{s.path(),       s.info().sweep_name,       "",   per_task,
                                    "/" + per_task, a.option_or("family", ""), false};
    if (auto key = a.option("slope")) {
        const query::paired_request how = over_replicates("--slope", "regresses");
        const query::plan p = query::make_plan(t, r);
        const auto result = query::summarise_slope(t, p, *key, per_task_reader(s, per_task), how);
        std::cout << render_slope(replicate_info, p, result, format);
        return exit_ok;
    }
    if (auto paired = a.option("paired")) {
        query::paired_request how = over_replicates("--paired", "compares");
        if (paired->find('=') == std::string::npos || paired->find_first_of("<>!") != std::string::npos)
            throw config_error("--paired " + *paired + ": must be KEY=VALUE (--paired cv=0)");
        const query::condition reference = query::parse_condition("--paired", *paired);
        how.contrast = a.option_or("contrast", "");
        const query::plan p = query::make_plan(t, r);
        const auto result = query::summarise_paired(t, p, reference, per_task_reader(s, per_task), how);
        if (design > 0) {
            query_info plan_info{s.path(), s.info().sweep_name, "", per_task, "/" + per_task, "", false};
            std::vector<design_row> rows;
            for (const auto& row : result.rows) rows.push_back(designs_of(row.level, row.cells));
            std::cout << render_design(plan_info, p, rows, design, format);
            return exit_ok;
        }
        std::cout << render_paired(replicate_info, p, result, format);
        return exit_ok;
    }

    const query::plan p = query::make_plan(t, r);
    if (!metric.empty() && (p.by_tasks() || !p.task_filters.empty()))
        throw config_error("--value " + metric +
                           " is per point; task columns in --by or --where do not apply");

    query_info info{s.path(), s.info().sweep_name, metric, per_task, "/" + per_task,
                    "",       a.flag("components")};
    const auto scores = per_task_reader(s, per_task);
    // The stored per-point mean over all tasks spares reading /scores when it is the value wanted.
    auto point_scores = [&]() {
        const std::string stored = r.clip ? "r2_clipped_mean" : "r2_mean";
        const auto& names = s.metric_names();
        const bool usable = per_task == "scores" && !a.flag("from-scores") && p.all_tasks() &&
                            !p.by_tasks() && std::find(names.begin(), names.end(), stored) != names.end();
        if (usable) {
            auto v = query::per_point_given(p, s.read_metric(stored));
            if (v.non_finite == 0) {
                info.source = "/metrics column " + stored + " (the per-point mean over all tasks)";
                return v;
            }
        }
        return query::per_point_scores(p, scores);
    };

    if (!cost.empty()) {
        query::cost_request c;
        c.metric = cost;
        c.level_axis = a.option_or("level-axis", heterogeneity_key);
        c.reference = a.option_or("reference", "");
        if (auto bins = a.option("bins")) c.bins = parse_bins(*bins);
        if (auto average = a.option("average")) {
            c.average.clear();
            for (const auto& name : split_list(*average))
                if (name != "none") c.average.push_back(name);
        } else {
            c.average = query::seed_columns(t);
        }
        const auto v = point_scores();
        const auto result = query::cost_per_level(p, t, v, s.read_metric(cost), c);
        info.source += "; cost from /metrics column " + cost;
        std::cout << render_cost(info, p, result, cost, c, format);
        return exit_ok;
    }

    query::result result;
    if (!metric.empty()) {
        info.source = "/metrics column " + metric;
        result = query::summarise_points(p, query::per_point_given(p, s.read_metric(metric)));
    } else if (r.over == query::over::tasks) {
        result = query::summarise_tasks(p, scores);
    } else {
        query::components_request components{&t, boot};
        result = query::summarise_points(p, point_scores(), info.components ? &components : nullptr);
    }
    if (design > 0) {
        std::vector<design_row> rows;
        for (const auto& row : result.rows) rows.push_back(designs_of(row.level, row.replicates));
        std::cout << render_design(info, p, rows, design, format);
        return exit_ok;
    }
    std::cout << render_result(info, p, result, format);
    return exit_ok;
}

}  // namespace hetsweep::cli
