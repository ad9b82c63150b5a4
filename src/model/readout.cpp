#include <hetsweep/model/readout.hpp>

#include <hetsweep/errors.hpp>

#include <sstream>

namespace hetsweep {

ridge_solution fit_ridge(const Eigen::Ref<const Eigen::MatrixXd>& design,
                         const Eigen::Ref<const Eigen::MatrixXd>& y, double ridge, bool single) {
    const Eigen::Index p = design.rows(), n = p - 1, T = design.cols(), m = y.cols();
    ridge_solution out;
    Eigen::MatrixXd gram(p, p);
    gram.noalias() = design * design.transpose();
    Eigen::MatrixXd rhs(p, m);
    if (single)
        rhs = (design.cast<float>() * y.cast<float>()).cast<double>();
    else
        rhs.noalias() = design * y;
    out.lambda = n > 0 ? ridge * gram.topLeftCorner(n, n).trace() / double(n) : 0.0;
    gram.diagonal().head(n).array() += out.lambda;

    Eigen::LLT<Eigen::MatrixXd> llt(gram);
    if (llt.info() != Eigen::Success) {
        std::ostringstream msg;
        msg << "ridge readout: X'X + lambda*I is not positive definite (lambda = " << out.lambda << ", " << n
            << " states, " << T << " samples)";
        throw numerical_error(msg.str());
    }
    out.beta = llt.solve(rhs);
    if (!out.beta.allFinite()) throw numerical_error("ridge readout: non-finite weights");
    const double dp = double(p), dT = double(T), dm = double(m);
    out.flops = 2 * dT * dp * dp + 2 * dT * dp * dm + dp * dp * dp / 3 + 2 * dp * dp * dm;
    return out;
}

r2_result r2_scores(const Eigen::Ref<const Eigen::MatrixXd>& design, const Eigen::MatrixXd& beta,
                    const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::ArrayXd>& ss,
                    bool single) {
    Eigen::MatrixXd residual = y;
    if (single)
        residual -= (design.transpose().cast<float>() * beta.cast<float>()).cast<double>();
    else
        residual.noalias() -= design.transpose() * beta;
    r2_result out;
    out.r2 = 1 - residual.colwise().squaredNorm().transpose().array() / ss;
    out.flops =
        2.0 * double(design.cols()) * double(design.rows()) * double(beta.cols()) + 2.0 * double(y.size());
    return out;
}

}  // namespace hetsweep
