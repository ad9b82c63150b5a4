#pragma once

// Paired comparisons (query --paired KEY=VALUE, docs/query.md): each selected point against its
// partner (vocab/identity.hpp: the point equal to it in every grid column but KEY, with KEY = VALUE).
// Networks of one seed share weights, noise and (for one input seed) the input, so "does heterogeneity
// help?" is answered point against partner, task by task, not by comparing the means of two groups.
//
// Per row (a combination of the --by columns) and per replicate (a network seed and an input
// realisation), the pairs' differences of the mean score over the row's tasks are averaged: a cell.
// The cells of a row are the replicates of a crossed design (query/replicates.hpp): the row reports
// their mean, its 95% interval and p-value with the variance components of network seeds, input
// realisations and the residual, and a pigeonhole bootstrap interval. The p-values of the rows form
// a family (--family), corrected by Holm by default (--adjust). Over tasks the row only describes:
// the fraction of tasks whose mean difference is > 0 and < 0 (tasks are not independent replicates).

#include <hetsweep/query/condition.hpp>
#include <hetsweep/query/family.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/replicates.hpp>
#include <hetsweep/query/table.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep::query {

struct paired_row {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    std::vector<std::uint32_t> level;       // per plan.by entry
    std::uint64_t pairs = 0;                // pairs of done points in the row
    double mean = nan;                      // mean score of the row's points (over its cells)
    double reference = nan;                 // mean score of their partners
    replicate_inference cells;              // the cells' mean difference (cells.mean), interval, p, ...
    std::vector<replicate_cell> values;     // the cells themselves
    double p_adjusted = nan;                // cells.p corrected within the family
    std::size_t tasks = 0;                  // tasks with a finite mean difference
    std::uint64_t improved = 0, worse = 0;  // tasks whose mean difference is > 0, < 0 (descriptive)
};

struct paired_result {
    std::string key;        // the grid column that differs within a pair
    std::string reference;  // its value in the partners, as shown
    std::vector<paired_row> rows;
    std::uint64_t reference_points = 0;  // selected points that are partners themselves (KEY = VALUE)
    std::uint64_t no_partner = 0;        // selected done points with no partner in the store
    std::uint64_t partner_not_done = 0;  // ... whose partner is not done
    std::uint64_t same_network = 0;      // ... whose partner is the same network (nothing to compare)
    std::uint64_t non_finite = 0;        // (point, task) differences left out: a score not finite
    adjustment adjust = adjustment::holm;
    std::uint64_t resamples = 0;  // of each row's bootstrap
    std::string contrast;         // --contrast KEY=VALUE, or ""
};

// How a paired comparison's rows are inferred and corrected.
struct paired_request {
    bootstrap_settings bootstrap;
    adjustment adjust = adjustment::holm;
    // --contrast KEY=VALUE (KEY a --by column): each row's cells minus the cells of the row with
    // KEY = VALUE and the same other levels, replicate by replicate: a difference of differences (does
    // a heterogeneous network lose less than the homogeneous one?). `mean` and `reference` are then
    // the two rows' differences. Empty: no contrast.
    std::string contrast;
};

// `reference` is KEY=VALUE with one value, KEY a grid column. Throws config_error naming --paired.
paired_result summarise_paired(const table& t, const plan& p, const condition& reference,
                               const row_reader& read, const paired_request& how = {});

}  // namespace hetsweep::query
