#pragma once

// Mechanism analyses of a network's state over the test window (docs/model.md):
// the participation ratio of the state covariance and, per task, the
// fraction of the target's variance in the span of the state's top
// principal components.

#include <Eigen/Dense>

namespace hetsweep {

// (sum lambda)^2 / sum lambda^2 of a covariance spectrum; negative
// eigenvalues (round-off) count as 0; 0 for an all-zero spectrum.
double participation_ratio(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues);

struct state_analysis {
    double participation_ratio = 0;
    // Of the correlation matrix: each neuron's state standardised first (neurons without variance
    // left out), so that dimensionality does not follow the neurons' amplitudes.
    double participation_ratio_standardised = 0;
    int components = 0;              // principal components spanning the aligned subspace
    Eigen::ArrayXd alignment;        // per task, in [0, 1]; NaN for a constant target
    int fixed_components = 0;        // the same on the fixed number of components asked for ...
    Eigen::ArrayXd alignment_fixed;  // ... (fewer if the state has fewer with variance)
    double flops = 0;                // covariance, eigendecomposition (estimated as 9 n^3) and projections
};

// `states` is n x T (one column per time step), `targets` T x tasks. The
// covariance is (1/T) Xc Xc' of the row-centred states (one symmetric
// eigendecomposition); the aligned subspace is spanned by the time courses of
// the top k = round(participation ratio) principal components (at least 1),
// and alignment = |P yc|^2 / |yc|^2 for the centred target yc and the
// orthogonal projection P onto that subspace. A constant state has
// participation ratio 0, no components and alignment 0. alignment_fixed is
// the same measure on the top `fixed_components` components (at most n):
// round(PR) grows with the participation ratio, so alignment on it grows with
// dimensionality by construction; on a fixed number it does not.
// The top k eigenpairs of the symmetric matrix c (its lower triangle is read), eigenvalues
// ascending with their eigenvectors as columns: by Lanczos (Spectra) where k is small against the
// size, else all of them (LAPACK dsyevd). Returns the FLOPs it spent.
double top_eigenpairs(const Eigen::MatrixXd& c, int k, Eigen::VectorXd& values, Eigen::MatrixXd& vectors);

state_analysis analyse_state(const Eigen::Ref<const Eigen::MatrixXd>& states,
                             const Eigen::Ref<const Eigen::MatrixXd>& targets, int fixed_components);

}  // namespace hetsweep
