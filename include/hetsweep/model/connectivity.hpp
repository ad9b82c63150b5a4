#pragma once

// Recurrent and input weights of a network.

#include <Eigen/Dense>
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace hetsweep {

// Compressed sparse rows: row i holds the incoming weights of neuron i.
struct sparse_weights {
    std::int64_t n = 0;
    std::vector<std::int64_t> row_start{0};
    std::vector<std::int32_t> col;
    std::vector<double> value;

    std::size_t nnz() const { return value.size(); }
    // h = W r for a batch of `members` vectors, interleaved: element j G + g of r is neuron j of
    // member g (G = members), and so is element i G + g of h. Each row's sum runs in four partial
    // sums (edge k of the row adds to sum k mod 4), added as (s0 + s1) + (s2 + s3): an order fixed
    // here, not by the compiler's vector width or by G, so a member's sums do not depend on the
    // batch it is in. `members` may be a compile-time count (std::integral_constant), which lets the
    // loops over the members unroll. `lanes` is scratch of 4 G.
    template <class Members>
    void multiply_batch(const double* r, Members members, double* h, double* lanes) const {
        const std::int64_t G = members;
        const double* v = value.data();
        const std::int32_t* c = col.data();
        for (std::int64_t i = 0; i < n; ++i) {
            std::fill(lanes, lanes + 4 * G, 0.0);
            const std::int64_t last = row_start[std::size_t(i) + 1];
            for (std::int64_t e = row_start[std::size_t(i)], k = 0; e < last; ++e, k = (k + 1) & 3) {
                const double weight = v[e];
                const double* from = r + std::int64_t(c[e]) * G;
                double* to = lanes + k * G;
#pragma omp simd
                for (std::int64_t g = 0; g < G; ++g) to[g] += weight * from[g];
            }
            double* out = h + i * G;
#pragma omp simd
            for (std::int64_t g = 0; g < G; ++g)
                out[g] = (lanes[g] + lanes[G + g]) + (lanes[2 * G + g] + lanes[3 * G + g]);
        }
    }
    // y = W x: the batch of one, in the same order.
    void multiply(const double* x, double* y) const {
        double lanes[4];
        multiply_batch(x, std::integral_constant<std::int64_t, 1>{}, y, lanes);
    }
    Eigen::MatrixXd dense() const;
};

struct connectivity_spec {
    std::int64_t n = 200;
    double p = 0.1;         // probability of each directed edge i <- j, j != i
    bool balanced = false;  // after pruning, each row's mean over its edges is set to zero
    double prune = 0.0;     // exact fraction of the drawn edges removed
    std::uint64_t sweep_seed = 0;
    std::uint64_t network_seed = 1;
};

// Weights N(0, 1/(p n)): the spectral radius of the full matrix is about 1.
// Edges and weights come from purpose::weights, the pruned edges from
// purpose::prune, so changing `prune` keeps the surviving weights.
sparse_weights recurrent_weights(const connectivity_spec& spec);

// n x d input weights N(0, 1/d); a random subset of round((1 - fraction) n)
// neurons (purpose::input_mask) gets zero rows. All n x d entries are always
// drawn, so the fraction does not shift the weights of the others.
Eigen::MatrixXd input_weights(std::int64_t n, int d, double fraction, std::uint64_t sweep_seed,
                              std::uint64_t network_seed);

}  // namespace hetsweep
