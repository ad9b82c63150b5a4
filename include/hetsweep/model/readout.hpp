#pragma once

// Linear readouts by ridge regression, one per task, sharing one Cholesky
// factorisation of X'X + lambda D, and their R^2 on the test window.

#include <Eigen/Dense>

namespace hetsweep {

struct ridge_solution {
    Eigen::MatrixXd beta;  // (n + 1) x tasks; the last row is the bias
    double lambda = 0;     // the penalty applied to the n state weights
    double flops = 0;      // floating-point operations spent on the fit
};

// `design` is (n + 1) x T: n state rows and a last row of ones (the bias
// column of X = design'). lambda = ridge * trace(X_s'X_s) / n over the state
// rows; the bias is not penalised. Throws numerical_error if X'X + lambda D is
// not positive definite. `single`: X'Y in float, the Gram and the solve in double.
ridge_solution fit_ridge(const Eigen::Ref<const Eigen::MatrixXd>& design,
                         const Eigen::Ref<const Eigen::MatrixXd>& y, double ridge, bool single = false,
                         const Eigen::MatrixXf* y_single = nullptr);  // y rounded to float, for single

struct r2_result {
    Eigen::ArrayXd r2;  // per task; 1 is perfect, 0 is chance, may be negative
    double flops = 0;
};

// R^2 = 1 - SSE / SS of each column of y (T x tasks) predicted by design' beta;
// ss holds each column's sum of squares around its own mean. `single`: the predictions in float,
// the residuals and their sums in double.
r2_result r2_scores(const Eigen::Ref<const Eigen::MatrixXd>& design, const Eigen::MatrixXd& beta,
                    const Eigen::Ref<const Eigen::MatrixXd>& y, const Eigen::Ref<const Eigen::ArrayXd>& ss,
                    bool single = false);

}  // namespace hetsweep
