#pragma once

// The answers of `hetsweep query` as an aligned table, CSV or JSON, each with a header that says
// what was selected, which score and which statistic.

#include "answer.hpp"

#include <hetsweep/query/cost_per_level.hpp>
#include <hetsweep/query/hypotheses.hpp>
#include <hetsweep/query/paired.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/slope.hpp>
#include <hetsweep/query/summary.hpp>

#include <string>

namespace hetsweep::cli {

// What the header says beyond the plan.
struct query_info {
    std::string store, sweep;
    std::string metric;               // "" unless the value is this per-point metric (--value)
    std::string per_task = "scores";  // the per-task matrix aggregated otherwise (--per-task)
    std::string source;       // where the per-point values were read: "/scores", "/metrics column r2_mean"
    std::string family;       // --family: the name the answer's tests go under; "" for this query alone
    bool components = false;  // --components: the rows' replicate inference
};

std::string render_result(const query_info& info, const query::plan& p, const query::result& r,
                          output_format f);

std::string render_paired(const query_info& info, const query::plan& p, const query::paired_result& r,
                          output_format f);
std::string render_slope(const query_info& info, const query::plan& p, const query::slope_result& r,
                         output_format f);

std::string render_cost(const query_info& info, const query::plan& p, const query::cost_result& r,
                        const std::string& cost_metric, const query::cost_request& c, output_format f);

// --hypotheses: each hypothesis of the store's spec, decided by its rule.
std::string render_hypotheses(const query_info& info, const query::plan& p,
                              const std::vector<query::hypothesis_verdict>& verdicts, output_format f);

// --design: per row, the cheapest designs that reach a half-width, or why there are none.
struct design_row {
    std::vector<std::uint32_t> level;
    std::vector<query::design_size> designs;
    std::string why_none;
};
std::string render_design(const query_info& info, const query::plan& p, const std::vector<design_row>& rows,
                          double half_width, output_format f);

}  // namespace hetsweep::cli
