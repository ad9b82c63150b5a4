#pragma once

// Paired comparisons (query --paired KEY=VALUE, docs/query.md): each selected point against its
// partner, the point of the store equal to it in every grid column but KEY and with KEY = VALUE.
// Networks of one seed share weights, input and noise, so "does heterogeneity help?" is answered
// point against partner, task by task, not by comparing the means of two groups.
//
// Per row (a combination of the --by columns, as in any query) and per replication (a combination
// of the seed columns: the unit whose repetition the CI is over), the differences of the pairs are
// averaged; the row reports their mean over the replications with a paired-t CI and p-value, and,
// per task, the mean difference over the replications: the fraction of tasks that improve, and the
// Wilcoxon signed-rank and sign tests over tasks.

#include <hetsweep/query/condition.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/table.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep::query {

struct paired_row {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    std::vector<std::uint32_t> level;                    // per plan.by entry
    std::uint64_t pairs = 0;                             // pairs of done points in the row
    std::uint64_t n = 0;                                 // replications: the paired t is over these
    double mean = nan;                                   // mean score of the row's points (over replications)
    double reference = nan;                              // mean score of their partners
    double diff = nan, sd = nan, ci95 = nan, p_t = nan;  // mean - reference; sd over replications
    std::size_t tasks = 0;                               // tasks with a finite mean difference
    std::uint64_t improved = 0, worse = 0;               // tasks whose mean difference is > 0, < 0
    double p_wilcoxon = nan, p_sign = nan;
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
};

// `reference` is KEY=VALUE with one value, KEY a grid column. Throws config_error naming --paired.
paired_result summarise_paired(const table& t, const plan& p, const condition& reference,
                               const row_reader& read);

}  // namespace hetsweep::query
