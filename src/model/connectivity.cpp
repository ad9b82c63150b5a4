#include <hetsweep/model/connectivity.hpp>

#include <hetsweep/vocab/random.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hetsweep {

Eigen::MatrixXd sparse_weights::dense() const {
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(n, n);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t e = row_start[i]; e < row_start[i + 1]; ++e) w(i, col[e]) = value[e];
    return w;
}

// The first `count` entries of a uniformly random permutation of 0..n-1 (partial Fisher-Yates).
static std::vector<std::int64_t> random_subset(std::int64_t n, std::int64_t count, random_stream& rng) {
    std::vector<std::int64_t> index(n);
    std::iota(index.begin(), index.end(), 0);
    for (std::int64_t i = 0; i < count; ++i) {
        const auto j = i + static_cast<std::int64_t>(rng.below(std::uint64_t(n - i)));
        std::swap(index[i], index[j]);
    }
    index.resize(count);
    return index;
}

sparse_weights recurrent_weights(const connectivity_spec& spec) {
    random_stream rng(spec.sweep_seed, spec.network_seed, purpose::weights);
    const double sd = 1 / std::sqrt(spec.p * double(spec.n));
    std::vector<std::int64_t> rows;
    std::vector<std::int32_t> cols;
    std::vector<double> values;
    for (std::int64_t i = 0; i < spec.n; ++i) {
        for (std::int64_t j = 0; j < spec.n; ++j) {
            if (j == i) continue;
            if (rng.uniform() < spec.p) {
                rows.push_back(i);
                cols.push_back(std::int32_t(j));
                values.push_back(sd * rng.normal());
            }
        }
    }
    std::vector<bool> keep(values.size(), true);
    if (spec.prune > 0) {
        random_stream prune_rng(spec.sweep_seed, spec.network_seed, purpose::prune);
        const auto removed = static_cast<std::int64_t>(std::llround(spec.prune * double(values.size())));
        for (auto e : random_subset(std::int64_t(values.size()), removed, prune_rng)) keep[e] = false;
    }
    sparse_weights w;
    w.n = spec.n;
    w.row_start.assign(spec.n + 1, 0);
    for (std::size_t e = 0; e < values.size(); ++e) {
        if (!keep[e]) continue;
        ++w.row_start[rows[e] + 1];
        w.col.push_back(cols[e]);
        w.value.push_back(values[e]);
    }
    for (std::int64_t i = 0; i < spec.n; ++i) w.row_start[i + 1] += w.row_start[i];
    if (spec.balanced) {
        for (std::int64_t i = 0; i < spec.n; ++i) {
            const auto b = w.row_start[i], e = w.row_start[i + 1];
            if (e == b) continue;
            const double mean = std::accumulate(&w.value[b], &w.value[0] + e, 0.0) / double(e - b);
            for (auto k = b; k < e; ++k) w.value[k] -= mean;
        }
    }
    return w;
}

Eigen::MatrixXd input_weights(std::int64_t n, int d, double fraction, std::uint64_t sweep_seed,
                              std::uint64_t network_seed) {
    random_stream rng(sweep_seed, network_seed, purpose::input_weights);
    const double sd = 1 / std::sqrt(double(d));
    Eigen::MatrixXd w(n, d);
    for (std::int64_t i = 0; i < n; ++i)
        for (int k = 0; k < d; ++k) w(i, k) = sd * rng.normal();
    if (fraction < 1) {
        random_stream mask_rng(sweep_seed, network_seed, purpose::input_mask);
        const auto silent = static_cast<std::int64_t>(std::llround((1 - fraction) * double(n)));
        for (auto i : random_subset(n, silent, mask_rng)) w.row(i).setZero();
    }
    return w;
}

}  // namespace hetsweep
