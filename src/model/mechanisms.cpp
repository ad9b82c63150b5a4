#include <hetsweep/model/mechanisms.hpp>

#include <hetsweep/model/blas.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hetsweep {

double participation_ratio(const Eigen::Ref<const Eigen::VectorXd>& eigenvalues) {
    const Eigen::ArrayXd lambda = eigenvalues.array().max(0.0);
    const double sum = lambda.sum(), sum_sq = lambda.square().sum();
    return sum_sq > 0 ? sum * sum / sum_sq : 0.0;
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
    // The solver reads the lower triangle only.
    Eigen::VectorXd values;
    Eigen::MatrixXd vectors;
    symmetric_eigen(cov, values, vectors);
    const double dn = double(n), dT = double(T), dm = double(m);
    out.flops = dn * dn * dT + 9 * dn * dn * dn;
    // Ascending eigenvalues: the top components are the last columns. A
    // variance at round-off level of the states' magnitude is a constant state.
    const double largest = values[n - 1];
    const double scale = states.size() ? states.cwiseAbs().maxCoeff() : 0.0;
    if (!(largest > 1e-24 * scale * scale)) return out;
    out.participation_ratio = participation_ratio(values);

    // Components with no variance (a state of lower rank) span nothing.
    auto with_variance = [&](int k) {
        k = std::clamp(k, 1, int(n));
        while (k > 1 && !(values[n - k] > 1e-12 * largest)) --k;
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
    const Eigen::MatrixXd y = targets.rowwise() - targets.colwise().mean();
    const Eigen::MatrixXd coefficients = basis * y;  // kmax x tasks
    const Eigen::ArrayXd total = y.colwise().squaredNorm().transpose();
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
