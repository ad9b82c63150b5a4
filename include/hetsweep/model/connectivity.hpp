#pragma once

// Recurrent and input weights of a network.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace hetsweep {

// Compressed sparse rows: row i holds the incoming weights of neuron i.
struct sparse_weights {
    std::int64_t n = 0;
    std::vector<std::int64_t> row_start{0};
    std::vector<std::int32_t> col;
    std::vector<double> value;

    std::size_t nnz() const { return value.size(); }
    // y = W x. The row sums are vectorised (gathers of x) through an OpenMP
    // simd reduction: the order of the additions is fixed by the build (its
    // vector width), so results are deterministic for a given binary.
    void multiply(const double* x, double* y) const {
        const double* v = value.data();
        const std::int32_t* c = col.data();
        for (std::int64_t i = 0; i < n; ++i) {
            double sum = 0;
#pragma omp simd reduction(+ : sum)
            for (std::int64_t e = row_start[i]; e < row_start[i + 1]; ++e) sum += v[e] * x[c[e]];
            y[i] = sum;
        }
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
