#pragma once

// A family of tests (the verdicts of one figure, or of one query with --family NAME) and the
// correction of its p-values for multiplicity: Holm's step-down (the family-wise error rate, any
// dependence) by default, Benjamini-Hochberg's step-up (the false discovery rate, independent or
// positively dependent tests) on request. Raw and adjusted p go side by side.

#include <hetsweep/enum_names.hpp>

#include <string>
#include <vector>

namespace hetsweep::query {

enum class adjustment { holm, bh, none };
inline constexpr enum_name<adjustment> adjustment_names[] = {
    {adjustment::holm, "holm"}, {adjustment::bh, "bh"}, {adjustment::none, "none"}};
adjustment parse_adjustment(const std::string& name);  // throws config_error naming --adjust

// The adjusted p-values, in the order given. A NaN p is not a test of the family: it stays NaN and
// does not count in the family's size. Each adjusted p is at most 1 and, under Holm and BH,
// monotone in the raw p (statsmodels.stats.multitest.multipletests: "holm", "fdr_bh").
std::vector<double> adjust(const std::vector<double>& p, adjustment how);

// Each row's p_adjusted from its cells.p, the rows one family (the rows of a paired comparison or
// of a slope query).
template <class Row>
void adjust_rows(std::vector<Row>& rows, adjustment how) {
    std::vector<double> p;
    for (const auto& row : rows) p.push_back(row.cells.p);
    const auto adjusted = adjust(p, how);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].p_adjusted = adjusted[i];
}

}  // namespace hetsweep::query
