#include <hetsweep/model/mechanisms.hpp>

#include <hetsweep/model/blas.hpp>

#include <Spectra/MatOp/DenseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hetsweep {

double participation_ratio(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues) {
    const Eigen::ArrayXd lambda = eigenvalues.array().max(0.0);
    const double sum = lambda.sum(), sum_sq = lambda.square().sum();
    return sum_sq > 0 ? sum * sum / sum_sq : 0.0;
}

double top_eigenpairs(const Eigen::MatrixXd& c, int k, Eigen::VectorXd& values, Eigen::MatrixXd& vectors) {
    const Eigen::Index n = c.rows();
    const double dn = double(n);
    // Lanczos (Spectra's implicitly restarted solver) where k is small against n: about n^2 per
    // product with c against 9 n^3 for the whole decomposition. Speed decides; both are
    // deterministic (Spectra starts from a fixed pseudo-random vector). Where it does not converge,
    // or n is small, the whole decomposition (LAPACK dsyevd).
    const Eigen::Index ncv = std::min<Eigen::Index>(n, std::max<Eigen::Index>(2 * k + 1, 24));
    if (n >= 64 && 3 * Eigen::Index(k) < n) {
        Spectra::DenseSymMatProd<double, Eigen::Lower> op(c);
        Spectra::SymEigsSolver<Spectra::DenseSymMatProd<double, Eigen::Lower>> eigs(op, k, ncv);
        eigs.init();
        eigs.compute(Spectra::SortRule::LargestAlge, 1000, 1e-12, Spectra::SortRule::SmallestAlge);
        if (eigs.info() == Spectra::CompInfo::Successful) {
            values = eigs.eigenvalues();  // ascending, by the sort rule above
            vectors = eigs.eigenvectors();
            return 2 * dn * dn * double(eigs.num_operations()) +
                   4 * dn * double(ncv) * double(ncv) * double(eigs.num_iterations());
        }
    }
    symmetric_eigen(c, values, vectors);
    return 9 * dn * dn * dn;
}

state_analysis analyse_state(const Eigen::Ref<const Eigen::MatrixXd>& states,
                             const Eigen::Ref<const Eigen::MatrixXd>& targets, int fixed_components) {
    const Eigen::Index n = states.rows(), T = states.cols(), m = targets.cols();
    state_analysis out;
    out.alignment = Eigen::ArrayXd::Zero(m);
    out.alignment_fixed = Eigen::ArrayXd::Zero(m);

    const Eigen::MatrixXd centred = states.colwise() - states.rowwise().mean();
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(n, n);
    cov.selfadjointView<Eigen::Lower>().rankUpdate(centred, 1.0 / double(T));
    const double dn = double(n), dT = double(T), dm = double(m);
    out.flops = dn * dn * dT + 3 * dn * dn;
    // The participation ratio by trace identities, (tr C)^2 / tr(C^2), from the lower triangle: it
    // needs no eigenvalues. Then only the top components the alignments use are computed.
    const auto lower = cov.triangularView<Eigen::StrictlyLower>().toDenseMatrix();
    const double trace = cov.diagonal().sum();
    const double frobenius_sq = cov.diagonal().squaredNorm() + 2 * lower.squaredNorm();
    const double scale = states.size() ? states.cwiseAbs().maxCoeff() : 0.0;
    const double pr = frobenius_sq > 0 ? trace * trace / frobenius_sq : 0.0;
    // The same of the correlation matrix (each neuron's state standardised): n_v^2 / sum_ij r_ij^2
    // over the n_v neurons whose variance is above round-off, so that a neuron of large swing does
    // not count for more dimensions than one of small swing.
    {
        const Eigen::ArrayXd d = cov.diagonal().array();
        const double floor = 1e-24 * scale * scale;
        const Eigen::ArrayXd inv = (d > floor).select(d.sqrt().inverse(), 0.0);
        const double active = double((d > floor).count());
        const Eigen::MatrixXd r = inv.matrix().asDiagonal() * lower * inv.matrix().asDiagonal();
        const double r_sq = active + 2 * r.squaredNorm();
        out.participation_ratio_standardised = active > 0 ? active * active / r_sq : 0.0;
    }
    const int wanted = std::clamp(std::max(int(std::lround(pr)), fixed_components), 1, int(n));
    Eigen::VectorXd values;  // ascending, the top `wanted` (or all) eigenvalues
    Eigen::MatrixXd vectors;
    out.flops += top_eigenpairs(cov, wanted, values, vectors);
    const Eigen::Index have = values.size();
    // A variance at round-off level of the states' magnitude is a constant state.
    const double largest = have ? values[have - 1] : 0.0;
    if (!(largest > 1e-24 * scale * scale)) {
        out.participation_ratio_standardised = 0;
        return out;
    }
    out.participation_ratio = pr;

    // Components with no variance (a state of lower rank) span nothing.
    auto with_variance = [&](int k) {
        k = std::clamp(k, 1, int(have));
        while (k > 1 && !(values[have - k] > 1e-12 * largest)) --k;
        return k;
    };
    const int k = with_variance(int(std::lround(out.participation_ratio)));
    const int kf = with_variance(fixed_components);
    const int kmax = std::max(k, kf);
    out.components = k;
    out.fixed_components = kf;

    // The time courses of the top components are orthogonal; normalised, they
    // are an orthonormal basis of the aligned subspace of R^T, and the
    // variance in the top j is the sum of the first j squared coefficients.
    Eigen::MatrixXd basis = vectors.rightCols(kmax).transpose() * centred;  // kmax x T, ascending
    basis.array().colwise() /= basis.rowwise().norm().array();
    // The targets centred, without a centred copy of them (T x tasks): basis (y - 1 mean') =
    // basis y - (basis 1) mean', and each target's sum of squares about its mean column by column.
    const Eigen::RowVectorXd mean = targets.colwise().mean();
    Eigen::MatrixXd coefficients = basis * targets;  // kmax x tasks
    coefficients.noalias() -= basis.rowwise().sum() * mean;
    const Eigen::ArrayXd total = (targets.rowwise() - mean).colwise().squaredNorm().transpose();
    const Eigen::ArrayXd inside = coefficients.bottomRows(k).colwise().squaredNorm().transpose();
    const Eigen::ArrayXd inside_fixed = coefficients.bottomRows(kf).colwise().squaredNorm().transpose();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (Eigen::Index t = 0; t < m; ++t) {
        out.alignment[t] = total[t] > 0 ? std::min(1.0, inside[t] / total[t]) : nan;
        out.alignment_fixed[t] = total[t] > 0 ? std::min(1.0, inside_fixed[t] / total[t]) : nan;
    }
    out.flops += 2 * double(kmax) * dn * dT + 2 * double(kmax) * dT * dm + 3 * dT * dm;
    return out;
}

}  // namespace hetsweep
