#pragma once

// The statistics a query row reports (--stat), and the running moments they are computed from.

#include <hetsweep/enum_names.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep::query {

enum class statistic { mean, sd, sem, ci95, min, max, median, n };
// Every statistic and its name for --stat, in the order messages and the help list them.
inline constexpr enum_name<statistic> statistic_names[] = {
    {statistic::mean, "mean"},     {statistic::sd, "sd"},   {statistic::sem, "sem"},
    {statistic::ci95, "ci95"},     {statistic::min, "min"}, {statistic::max, "max"},
    {statistic::median, "median"}, {statistic::n, "n"}};
const char* to_string(statistic s);
statistic parse_statistic(const std::string& name);  // throws config_error listing the known ones

// Quantile p of Student's t distribution with df > 0 degrees of freedom (ci95 uses p = 0.975), from
// Boost.Math; NaN outside 0 < p < 1 or for df <= 0.
double t_quantile(double p, double df);

// Count, mean, sum of squared deviations (m2), min and max of a stream of values, updated one value
// at a time (Welford) or by merging the moments of another stream (Chan et al.), so that a row's
// statistics need one pass and no copy of its values.
struct moments {
    std::uint64_t n = 0;
    double mean = 0, m2 = 0;
    double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();

    void add(double x) {
        ++n;
        const double delta = x - mean;
        mean += delta / double(n);
        m2 += delta * (x - mean);
        min = std::min(min, x);
        max = std::max(max, x);
    }
    // The exact moments of the union of both streams.
    void merge(const moments& o) {
        if (!o.n) return;
        if (!n) {
            *this = o;
            return;
        }
        const double total = double(n + o.n), delta = o.mean - mean;
        mean += delta * double(o.n) / total;
        m2 += o.m2 + delta * delta * double(n) * double(o.n) / total;
        n += o.n;
        min = std::min(min, o.min);
        max = std::max(max, o.max);
    }
};

// The middle value, or the mean of the two middle values for an even count; NaN for none. Reorders v.
double median(std::vector<double>& v);

// The statistics `wanted`, in order, of the values that m summarises; `values` holds those values
// only where `wanted` has the median (else it may be empty), and is reordered. NaN where a statistic
// is undefined: all of them for no value, sd, sem and ci95 for one (n - 1 = 0 degrees of freedom).
std::vector<double> statistics(const std::vector<statistic>& wanted, const moments& m,
                               std::vector<double>& values);

}  // namespace hetsweep::query
