#pragma once

// Reference statistics for the unit tests, written independently of the code
// under test: exact CDFs, the Kolmogorov-Smirnov statistic, sample moments
// and their asymptotic standard errors from a distribution's raw moments.

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <vector>

namespace hetsweep::test {

inline double normal_cdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Regularised lower incomplete gamma P(a, x) by its power series
// x^a e^-x / Gamma(a + 1) * sum_k x^k / ((a + 1) ... (a + k)), fine for x < 60.
inline double gamma_p(double a, double x) {
    if (x <= 0) return 0;
    double term = 1, sum = 1;
    for (int k = 1; k < 1000; ++k) {
        term *= x / (a + k);
        sum += term;
        if (term < 1e-17 * sum) break;
    }
    return std::exp(a * std::log(x) - x - std::lgamma(a + 1)) * sum;
}

// sup |F_n - F| of a sample against a continuous CDF.
inline double ks_statistic(std::vector<double> x, const std::function<double(double)>& cdf) {
    std::sort(x.begin(), x.end());
    const double n = double(x.size());
    double d = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double f = cdf(x[i]);
        d = std::max({d, double(i + 1) / n - f, f - double(i) / n});
    }
    return d;
}

// The asymptotic 1% critical value of the one-sample KS statistic.
inline double ks_critical_1pct(std::size_t n) {
    return 1.6276 / std::sqrt(double(n));
}

// Population moments of a sample (dividing by n).
struct sample_stats {
    double mean = 0, var = 0, skew = 0, excess_kurtosis = 0;
};
inline sample_stats stats_of(const std::vector<double>& x) {
    const double n = double(x.size());
    double mean = 0;
    for (double v : x) mean += v;
    mean /= n;
    double m2 = 0, m3 = 0, m4 = 0;
    for (double v : x) {
        const double c = v - mean;
        m2 += c * c;
        m3 += c * c * c;
        m4 += c * c * c * c;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    return {mean, m2, m3 / std::pow(m2, 1.5), m4 / (m2 * m2) - 3};
}

// A distribution described by its raw moments E[X^k], k = 0..6, and the
// asymptotic standard errors of the sample mean, std and skew at size n
// (delta method on the joint normal limit of the sample central moments).
struct reference_moments {
    std::array<double, 7> mu{};  // central moments, mu[0] = 1, mu[1] = 0
    double mean = 0;

    explicit reference_moments(const std::array<double, 7>& raw) {
        mean = raw[1];
        for (int k = 0; k <= 6; ++k) {
            double sum = 0, binom = 1;
            for (int j = 0; j <= k; ++j) {
                sum += binom * raw[std::size_t(j)] * std::pow(-mean, k - j);
                binom = binom * (k - j) / (j + 1);
            }
            mu[std::size_t(k)] = sum;
        }
    }
    double sd() const { return std::sqrt(mu[2]); }
    double skew() const { return mu[3] / std::pow(mu[2], 1.5); }
    double se_mean(double n) const { return std::sqrt(mu[2] / n); }
    double se_sd(double n) const { return std::sqrt((mu[4] - mu[2] * mu[2]) / (4 * mu[2] * n)); }
    double se_skew(double n) const {
        const double m2 = mu[2], m3 = mu[3], m4 = mu[4], m5 = mu[5], m6 = mu[6];
        const double v22 = m4 - m2 * m2;
        const double v33 = m6 - m3 * m3 - 6 * m2 * m4 + 9 * m2 * m2 * m2;
        const double v23 = m5 - 4 * m2 * m3;
        const double var =
            v33 / std::pow(m2, 3) + 2.25 * m3 * m3 * v22 / std::pow(m2, 5) - 3 * m3 * v23 / std::pow(m2, 4);
        return std::sqrt(var / n);
    }
};

}  // namespace hetsweep::test
