#pragma once

// Trends (query --slope KEY, docs/query.md): how the score changes with a numeric grid column, per
// replicate. Within a row (a combination of the --by levels) and a replicate cell (one network seed and
// one input realisation), each point's mean score over the row's tasks is regressed on its value of KEY
// by least squares; the cell's slope is the score's change per unit of KEY with every seed held fixed.
// The slopes of a row are the replicates of a crossed design (query/replicates.hpp): the row reports
// their mean, its 95% interval, the two-sided p of a zero slope, the variance components and a
// pigeonhole bootstrap interval; the rows' p-values are one family (--family, --adjust).
//
// A cell counts only with every value of KEY that its row has (so that every slope is taken over the
// same design); the others are counted and left out. Two points of one cell at the same value of KEY
// are refused: another column varies within the row, and it belongs in --by or --where.

#include <hetsweep/query/paired.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/replicates.hpp>
#include <hetsweep/query/table.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep::query {

struct slope_row {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    std::vector<std::uint32_t> level;    // per plan.by entry
    std::vector<double> x;               // the row's values of KEY, ascending
    double mean = nan;                   // mean score of the row's points (over its complete cells)
    replicate_inference cells;           // the cells' mean slope (cells.mean), interval, p, ...
    std::vector<replicate_cell> values;  // the cells' slopes
    double p_adjusted = nan;             // cells.p corrected within the family
    std::uint64_t points = 0;            // done points in the complete cells
    std::uint64_t incomplete = 0;        // cells left out: a value of KEY missing or not done
};

struct slope_result {
    std::string key;  // the numeric grid column the score is regressed on
    std::vector<slope_row> rows;
    std::uint64_t non_finite = 0;  // (point, task) scores left out of a point's mean: not finite
    adjustment adjust = adjustment::holm;
    std::uint64_t resamples = 0;  // of each row's bootstrap
};

// `key` names a numeric grid column that is not a --by column. Throws config_error naming --slope.
slope_result summarise_slope(const table& t, const plan& p, const std::string& key, const row_reader& read,
                             const paired_request& how = {});

}  // namespace hetsweep::query
