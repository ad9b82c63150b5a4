#include <hetsweep/model/readout.hpp>

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <sstream>

namespace hetsweep {

ridge_solution fit_ridge(const Eigen::Ref<const Eigen::MatrixXd>& design,
                         const Eigen::Ref<const Eigen::MatrixXd>& y, double ridge, bool single,
                         const Eigen::MatrixXf* y_single) {
    const Eigen::Index p = design.rows(), n = p - 1, T = design.cols(), m = y.cols();
    ridge_solution out;
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(p, p);  // X'X by a rank update (BLAS dsyrk): half a product
    gram.selfadjointView<Eigen::Lower>().rankUpdate(design);
    gram.triangularView<Eigen::StrictlyUpper>() = gram.transpose();
    Eigen::MatrixXd rhs(p, m);
    if (single && y_single)
        rhs = (design.cast<float>() * *y_single).cast<double>();
    else if (single)
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
    out.flops = dT * dp * dp + 2 * dT * dp * dm + dp * dp * dp / 3 + 2 * dp * dp * dm;
    return out;
}

r2_result r2_scores(const Eigen::Ref<const Eigen::MatrixXd>& design, const Eigen::MatrixXd& beta,
                    const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::ArrayXd>& ss,
                    bool single) {
    // Block by block of samples, so that the residuals of a block stay in cache instead of a
    // samples x tasks matrix going out to memory and back.
    const Eigen::Index T = design.cols(), m = beta.cols(), block = 256;
    const Eigen::MatrixXf beta_single = single ? Eigen::MatrixXf(beta.cast<float>()) : Eigen::MatrixXf();
    Eigen::MatrixXd residual(block, m);
    Eigen::MatrixXf predicted(single ? block : 0, m);
    Eigen::ArrayXd sse = Eigen::ArrayXd::Zero(m);
    for (Eigen::Index first = 0; first < T; first += block) {
        const Eigen::Index rows = std::min(block, T - first);
        auto r = residual.topRows(rows);
        r = y.middleRows(first, rows);
        if (single) {
            predicted.topRows(rows).noalias() =
                design.middleCols(first, rows).transpose().cast<float>() * beta_single;
            r -= predicted.topRows(rows).cast<double>();
        } else {
            r.noalias() -= design.middleCols(first, rows).transpose() * beta;
        }
        sse += r.colwise().squaredNorm().transpose().array();
    }
    r2_result out;
    out.r2 = 1 - sse / ss;
    out.flops =
        2.0 * double(design.cols()) * double(design.rows()) * double(beta.cols()) + 2.0 * double(y.size());
    return out;
}

}  // namespace hetsweep
