#include <hetsweep/query/hypothesis.hpp>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hetsweep::query {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double paired_t_p(double mean, double sd, std::uint64_t n) {
    if (n < 2 || !(sd > 0) || !std::isfinite(mean)) return nan;
    const double t = std::abs(mean) / (sd / std::sqrt(double(n)));
    const boost::math::students_t_distribution<double> dist(double(n - 1));
    return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, t)));
}

double signed_rank_p(const std::vector<double>& d) {
    std::vector<std::pair<double, bool>> a;  // |d|, positive
    for (double x : d)
        if (x != 0 && std::isfinite(x)) a.emplace_back(std::abs(x), x > 0);
    const double n = double(a.size());
    if (a.empty()) return nan;
    std::sort(a.begin(), a.end());
    double plus = 0, minus = 0, ties = 0;
    for (std::size_t i = 0; i < a.size();) {
        std::size_t j = i;
        while (j < a.size() && a[j].first == a[i].first) ++j;
        const double rank = (double(i + 1) + double(j)) / 2, t = double(j - i);  // mean of ranks i+1..j
        for (std::size_t k = i; k < j; ++k) (a[k].second ? plus : minus) += rank;
        ties += t * (t * t - 1);
        i = j;
    }
    const double mean = n * (n + 1) / 4;
    const double var = (n * (n + 1) * (2 * n + 1) - ties / 2) / 24;
    if (!(var > 0)) return nan;
    const double z = (std::min(plus, minus) - mean) / std::sqrt(var);
    return std::min(1.0, std::erfc(std::abs(z) / std::sqrt(2.0)));
}

double sign_test_p(std::uint64_t plus, std::uint64_t minus) {
    const std::uint64_t n = plus + minus;
    if (n == 0) return nan;
    const boost::math::binomial_distribution<double> coin(double(n), 0.5);
    const double k = double(plus);
    const double lower = boost::math::cdf(coin, k);
    const double upper = plus == 0 ? 1.0 : boost::math::cdf(boost::math::complement(coin, k - 1));
    return std::min(1.0, 2 * std::min(lower, upper));
}

}  // namespace hetsweep::query
