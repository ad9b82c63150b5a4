#include <hetsweep/model/mechanisms.hpp>

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
                             const Eigen::Ref<const Eigen::MatrixXd>& targets) {
    const Eigen::Index n = states.rows(), T = states.cols(), m = targets.cols();
    state_analysis out;
    out.alignment = Eigen::ArrayXd::Zero(m);

    const Eigen::MatrixXd centred = states.colwise() - states.rowwise().mean();
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(n, n);
    cov.selfadjointView<Eigen::Lower>().rankUpdate(centred, 1.0 / double(T));
    // The solver reads the lower triangle only.
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const double dn = double(n), dT = double(T), dm = double(m);
    out.flops = dn * dn * dT + 9 * dn * dn * dn;
    // Ascending eigenvalues: the top components are the last columns. A
    // variance at round-off level of the states' magnitude is a constant state.
    const double largest = eig.eigenvalues()[n - 1];
    const double scale = states.size() ? states.cwiseAbs().maxCoeff() : 0.0;
    if (!(largest > 1e-24 * scale * scale)) return out;
    out.participation_ratio = participation_ratio(eig.eigenvalues());

    int k = std::clamp(int(std::lround(out.participation_ratio)), 1, int(n));
    // Components with no variance (a state of lower rank) span nothing.
    while (k > 1 && !(eig.eigenvalues()[n - k] > 1e-12 * largest)) --k;
    out.components = k;

    // The time courses of the top k components are orthogonal; normalised,
    // they are an orthonormal basis of the aligned subspace of R^T.
    Eigen::MatrixXd basis = eig.eigenvectors().rightCols(k).transpose() * centred;  // k x T
    basis.array().colwise() /= basis.rowwise().norm().array();
    const Eigen::MatrixXd y = targets.rowwise() - targets.colwise().mean();
    const Eigen::MatrixXd coefficients = basis * y;  // k x tasks
    const Eigen::ArrayXd total = y.colwise().squaredNorm().transpose();
    const Eigen::ArrayXd inside = coefficients.colwise().squaredNorm().transpose();
    for (Eigen::Index t = 0; t < m; ++t)
        out.alignment[t] =
            total[t] > 0 ? std::min(1.0, inside[t] / total[t]) : std::numeric_limits<double>::quiet_NaN();
    out.flops += 2 * double(k) * dn * dT + 2 * double(k) * dT * dm + 3 * dT * dm;
    return out;
}

}  // namespace hetsweep
