#pragma once

// Choosing the ridge penalty on data the readout is not scored on: blocked k-fold cross-validation
// over the training window, one eigendecomposition per fold for every candidate penalty.
//
// The training window (T samples) is cut into `folds` contiguous blocks. For each block, the readout
// is fitted on the rest of the window less `gap` samples on each side of the block (so that no
// training target overlaps the block's in time), and scored on the block. The fit is the estimator
// of fit_ridge (an unpenalised bias, lambda = factor * trace(X_s'X_s) / n over that fold's training
// rows), written as ridge on centred data, whose normal matrix C = V diag(mu) V' gives the weights of
// every penalty at once: beta(lambda) = V diag(1 / (mu + lambda)) V' Q. The held-out errors follow
// from second moments of the block, so no prediction is formed: per fold, one symmetric
// eigendecomposition and one (2n x m) by (m x n) product serve the whole grid. The test window is
// never an argument.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace hetsweep {

enum class ridge_rule {
    per_point,  // one factor for every task: the best mean validation R^2 over the tasks
    per_task,   // each task its own factor: its best validation R^2
};

struct ridge_selection_spec {
    std::vector<double> factors;  // candidate ridge factors, ascending
    int folds = 5;
    std::int64_t gap = 0;  // samples left out of training on each side of a held-out block
    ridge_rule rule = ridge_rule::per_point;
    bool single = false;  // X'Y in float (the Gram and everything after it in double)
    // Per task only: the held-out errors of every candidate for every task from one product per fold
    // by partial fractions (held_out_errors in ridge_selection.cpp), instead of one product per fold
    // and candidate. The same scores but for rounding.
    bool fractions = false;
};

// `ridge_steps` factors spaced evenly in log from `lo` to `hi` (one factor, lo, when steps is 1).
std::vector<double> log_grid(double lo, double hi, int steps);

struct ridge_selection {
    // The mean over the tasks of the validation R^2 of each factor, averaged over the folds (tasks
    // constant on a held-out block left out).
    Eigen::ArrayXd mean_validation_r2;
    // Validation R^2 of each factor and task, averaged over the folds: factors x tasks; per_task
    // only (empty under per_point, whose cost does not grow with the tasks per factor).
    Eigen::MatrixXd validation_r2;
    // The chosen factor of each task (all equal under per_point). Ties go to the larger factor.
    Eigen::ArrayXd factor;
    // The mean over the tasks of the validation R^2 at each task's chosen factor: what the selection
    // maximised, on the training window alone. A setting chosen by it (a tuned baseline) has never
    // seen the test window.
    double chosen_validation_r2 = 0;
    // The penalty of the refit, factor * trace(X_s'X_s) / n over the whole window; NaN under
    // per_task, where each task has its own.
    double lambda = 0;
    // The readout refitted on the whole training window with each task's factor: (n + 1) x tasks,
    // the last row the bias.
    Eigen::MatrixXd beta;
    double flops = 0;  // the whole selection and the refit
};

// `design` is (n + 1) x T over the training window (last row ones), `y` T x tasks. Throws
// numerical_error when a fold is too short to fit or to score (fewer than 2 samples), or a normal
// matrix cannot be factorised.
// What the selection needs of the targets alone, the same for every network on one benchmark: the
// chunks the folds cut the training window into (each sample in one chunk, so that the second
// moments cost one pass), the targets' sums and sums of squares over each chunk, and the targets
// rounded to float for spec.single. A rank computes them once (evaluator), not at every point.
struct selection_targets {
    int folds = 0;  // the spec they were made for
    std::int64_t gap = 0;
    std::vector<std::int64_t> cuts;           // chunk boundaries, 0 .. T
    std::vector<Eigen::VectorXd> sy, yy;      // per chunk: sums and sums of squares of each target
    const Eigen::MatrixXf* single = nullptr;  // y rounded to float (rounded at each call when null)
};
selection_targets target_sums(const Eigen::Ref<const Eigen::MatrixXd>& y, int folds, std::int64_t gap);

// `targets`: target_sums(y, spec.folds, spec.gap), computed here when not given or made for another spec.
ridge_selection select_ridge(const Eigen::Ref<const Eigen::MatrixXd>& design,
                             const Eigen::Ref<const Eigen::MatrixXd>& y, const ridge_selection_spec& spec,
                             const selection_targets* targets = nullptr);

// The half-open sample ranges [first, last) of each held-out block, in time order.
std::vector<std::pair<std::int64_t, std::int64_t>> fold_blocks(std::int64_t samples, int folds);

}  // namespace hetsweep
