#pragma once

// Two-sided p-values of the tests a paired comparison reports: Student's paired t over the
// replications (network seeds), and the Wilcoxon signed-rank and sign tests over tasks.

#include <cstdint>
#include <vector>

namespace hetsweep::query {

// Paired t: the mean of n differences with sample sd `sd` against 0, n - 1 degrees of freedom
// (Boost.Math's Student's t). NaN for n < 2 or sd = 0 (the statistic is undefined).
double paired_t_p(double mean, double sd, std::uint64_t n);

// Wilcoxon signed-rank test of the differences d against a median of 0, as
// scipy.stats.wilcoxon(d, zero_method="wilcox", correction=False, method="approx"): zero
// differences are dropped, |d| ranked with ties at their mean rank, T = min(R+, R-), and
// z = (T - n(n+1)/4) / sigma with the variance reduced for ties. The normal approximation is
// close for n >= 10 (the row has hundreds of tasks); NaN when no difference is nonzero.
double signed_rank_p(const std::vector<double>& d);

// Sign test: `plus` positive and `minus` negative differences (zeros dropped) against a fair coin,
// exact binomial, two-sided: min(1, 2 min(P(X <= k), P(X >= k))) with k = plus. NaN for none.
double sign_test_p(std::uint64_t plus, std::uint64_t minus);

}  // namespace hetsweep::query
