#pragma once

// Blocked reductions over a per-task matrix: the rows of a plan's done points read in blocks of
// consecutive rows, and the sums and moments of one row, vectorised where the row allows it.

#include <hetsweep/errors.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/statistic.hpp>
#include <hetsweep/query/table.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hetsweep::query {

// Rows of the score matrix read at once: 512 x 882 doubles = 3.6 MB, large enough that a read costs
// little more than its bytes, small enough to stay in the cache while it is summed.
constexpr std::uint64_t block_rows = 512;

// Calls visit(index into p.points, pointer to the row) for every done selected point, reading the
// matrix in blocks of consecutive rows that skip runs of rows not needed.
template <class visitor>
void for_each_done_row(const plan& p, const row_reader& read, visitor&& visit) {
    std::vector<std::size_t> wanted;
    for (std::size_t i = 0; i < p.points.size(); ++i)
        if (p.done[i]) wanted.push_back(i);
    for (std::size_t i = 0; i < wanted.size();) {
        const std::uint64_t first = p.points[wanted[i]];
        std::size_t j = i;
        while (j < wanted.size() && p.points[wanted[j]] < first + block_rows) ++j;
        const std::uint64_t count = p.points[wanted[j - 1]] - first + 1;
        const std::vector<double> block = read(first, count);
        if (block.size() != count * p.n_tasks)
            throw error("query: the row reader returned a block of the wrong size");
        for (; i < j; ++i) visit(wanted[i], block.data() + (p.points[wanted[i]] - first) * p.n_tasks);
    }
}

// A plan whose rows are whole rows of the matrix (all tasks, one task group) may take the fast path
// of row_sum and row_moments.
inline bool whole_rows(const plan& p) {
    return p.all_tasks() && p.n_task_groups() == 1;
}

// The fast path: eight independent partial sums that the compiler can keep in one vector register.
// A NaN or an infinity anywhere shows in the raw sum (clipping would hide -inf): then it returns
// false and the row goes to the checked loop, group_sums(), instead.
constexpr int lanes = 8;

template <bool clip>
bool row_sum(const double* row, std::size_t n, double& total) {
    double raw[lanes] = {}, clipped[lanes] = {};
    std::size_t j = 0;
    for (; j + lanes <= n; j += lanes)
        for (int k = 0; k < lanes; ++k) {
            raw[k] += row[j + k];
            if (clip) clipped[k] += std::max(row[j + k], 0.0);
        }
    for (; j < n; ++j) {
        raw[0] += row[j];
        if (clip) clipped[0] += std::max(row[j], 0.0);
    }
    double r = 0, c = 0;
    for (int k = 0; k < lanes; ++k) {
        r += raw[k];
        c += clipped[k];
    }
    total = clip ? c : r;
    return std::isfinite(r);
}

inline bool row_sum(const double* row, std::size_t n, bool clip, double& total) {
    return clip ? row_sum<true>(row, n, total) : row_sum<false>(row, n, total);
}

// The moments of a row of n finite values whose mean is known (from row_sum).
template <bool clip>
moments row_moments(const double* row, std::size_t n, double mean) {
    double m2[lanes] = {}, lo[lanes], hi[lanes];
    std::fill(lo, lo + lanes, std::numeric_limits<double>::infinity());
    std::fill(hi, hi + lanes, -std::numeric_limits<double>::infinity());
    std::size_t j = 0;
    auto one = [&](int k, double v) {
        if (clip) v = std::max(v, 0.0);
        m2[k] += (v - mean) * (v - mean);
        lo[k] = std::min(lo[k], v);
        hi[k] = std::max(hi[k], v);
    };
    for (; j + lanes <= n; j += lanes)
        for (int k = 0; k < lanes; ++k) one(k, row[j + k]);
    for (; j < n; ++j) one(0, row[j]);
    moments m;
    m.n = n;
    m.mean = mean;
    for (int k = 0; k < lanes; ++k) {
        m.m2 += m2[k];
        m.min = std::min(m.min, lo[k]);
        m.max = std::max(m.max, hi[k]);
    }
    return m;
}

// The checked loop: per task group of p, the sum and the count of the row's finite values over the
// group's selected tasks (each clipped at 0 if the request clips). Returns how many values were NaN
// or infinite; they are left out.
std::uint64_t group_sums(const plan& p, const double* row, std::vector<double>& sum,
                         std::vector<std::uint64_t>& count);

}  // namespace hetsweep::query
