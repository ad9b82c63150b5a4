#include <hetsweep/query/hypotheses.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/query/family.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/replicates.hpp>
#include <hetsweep/query/slope.hpp>
#include <hetsweep/query/tuning.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace hetsweep::query {

std::string hypothesis_rule(const std::string& test) {
    if (test == "greater")
        return "greater: H0 diff <= 0, one-sided p; contradicted by the one-sided p of diff < 0";
    if (test == "less") return "less: H0 diff >= 0, one-sided p; contradicted by the one-sided p of diff > 0";
    if (test == "two-sided") return "two-sided: H0 diff = 0, two-sided p; never contradicted";
    if (test == "no_worse")
        return "no_worse: non-inferiority, H0 diff <= -margin, one-sided p; contradicted by the one-sided p "
               "of "
               "diff < -margin";
    if (test == "equivalent")
        return "equivalent: two one-sided tests, H0 |diff| >= margin, p the larger; contradicted by the "
               "smaller "
               "one-sided p of diff > margin or diff < -margin";
    return test + ": unknown";
}

std::vector<hypothesis_verdict> decide_hypotheses(const table& t, const std::vector<hypothesis>& hs,
                                                  const row_reader& read, const paired_request& how,
                                                  const std::vector<double>& validation) {
    std::vector<hypothesis_verdict> out;
    for (const auto& h : hs) {
        hypothesis_verdict v;
        v.h = h;
        request r;
        r.where = h.where;
        try {
            table tuned;
            if (!h.tuned.empty()) {
                if (validation.empty())
                    throw config_error("tuned = \"" + h.tuned + "\": the store holds no validation scores");
                tuned = t;
                tune(tuned, h.tuned, validation);
            }
            const table& use = h.tuned.empty() ? t : tuned;
            // The hypothesis' one row: the comparison or slope over its whole selection.
            auto take = [&](const auto& rows) {
                if (rows.empty()) return;
                v.cells = rows.front().cells;
                v.values = rows.front().values;
            };
            if (!h.slope.empty()) {
                take(summarise_slope(use, make_plan(use, r), h.slope, read, how).rows);
            } else {
                // With a contrast its key is the one --by column: the rows left are its other values.
                request by = r;
                paired_request with = how;
                if (!h.contrast.empty()) {
                    by.by = {parse_condition("contrast", h.contrast).key};
                    with.contrast = h.contrast;
                }
                const paired_result result = summarise_paired(use, make_plan(use, by), h.compare, read, with);
                if (result.rows.size() > 1)
                    throw config_error("contrast = \"" + h.contrast +
                                       "\": " + std::to_string(result.rows.size()) +
                                       " rows besides the reference; select one other value of " +
                                       by.by.front() + " with where");
                take(result.rows);
            }
        } catch (const config_error& e) {
            v.why = e.what();
        }
        const auto& c = v.cells;
        const auto& cells = v.values;
        auto one = [&](double shift, bool greater) { return one_sided_p(cells, c, shift, greater); };
        if (h.test == "greater") {
            v.p = one(0, true);
            v.p_contrary = one(0, false);
        } else if (h.test == "less") {
            v.p = one(0, false);
            v.p_contrary = one(0, true);
        } else if (h.test == "two-sided") {
            v.p = c.p;
        } else if (h.test == "no_worse") {
            v.p = one(-h.margin, true);
            v.p_contrary = one(-h.margin, false);
        } else if (h.test == "equivalent") {
            v.p = std::max(one(-h.margin, true), one(h.margin, false));
            v.p_contrary = std::min(one(h.margin, true), one(-h.margin, false));
        }
        out.push_back(std::move(v));
    }
    // Holm within each family, in the order the hypotheses are written.
    std::map<std::string, std::vector<std::size_t>> families;
    for (std::size_t i = 0; i < out.size(); ++i) families[out[i].h.family].push_back(i);
    for (const auto& [name, members] : families) {
        std::vector<double> p;
        for (auto i : members) p.push_back(out[i].p);
        const auto adjusted = adjust(p, adjustment::holm);
        const auto m = std::count_if(p.begin(), p.end(), [](double x) { return !std::isnan(x); });
        for (std::size_t k = 0; k < members.size(); ++k) {
            auto& v = out[members[k]];
            v.p_adjusted = adjusted[k];
            v.family_size = std::uint64_t(m);
            if (std::isnan(v.p)) {
                v.verdict = "not computable";
                if (v.why.empty())
                    v.why = "no test: " + (v.cells.method.empty()
                                               ? std::string(v.h.slope.empty() ? "no pair" : "no slope")
                                               : v.cells.method);
            } else if (v.p_adjusted < v.h.alpha)
                v.verdict = "supported";
            else if (v.p_contrary < v.h.alpha / double(m))
                v.verdict = "contradicted";
            else
                v.verdict = "undecided";
        }
    }
    return out;
}

}  // namespace hetsweep::query
