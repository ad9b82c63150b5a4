#include <hetsweep/query/statistic.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <cstddef>
#include <utility>

namespace hetsweep::query {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

}  // namespace

const char* to_string(statistic s) {
    return name_of(statistic_names, s, "");
}

statistic parse_statistic(const std::string& name) {
    if (auto s = parse_name(statistic_names, name)) return *s;
    throw config_error("--stat " + name + ": unknown statistic (known: " + join(all_names(statistic_names)) +
                       ")");
}

double t_quantile(double p, double df) {
    // Boost would throw a domain_error here; a statistic that is undefined is NaN instead.
    if (!(df > 0) || !(p > 0 && p < 1)) return nan;
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

double median(std::vector<double>& v) {
    if (v.empty()) return nan;
    const std::size_t h = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(h), v.end());
    const double upper = v[h];
    if (v.size() % 2) return upper;
    return 0.5 * (*std::max_element(v.begin(), v.begin() + std::ptrdiff_t(h)) + upper);
}

std::vector<double> statistics(const std::vector<statistic>& wanted, const moments& m,
                               std::vector<double>& values) {
    const double n = double(m.n);
    const double sd = m.n > 1 ? std::sqrt(m.m2 / (n - 1)) : nan;
    std::vector<double> out;
    for (statistic s : wanted) {
        switch (s) {
            case statistic::mean:
                out.push_back(m.n ? m.mean : nan);
                break;
            case statistic::sd:
                out.push_back(sd);
                break;
            case statistic::sem:
                out.push_back(sd / std::sqrt(n));
                break;
            case statistic::ci95:
                out.push_back(m.n > 1 ? t_quantile(0.975, n - 1) * sd / std::sqrt(n) : nan);
                break;
            case statistic::min:
                out.push_back(m.n ? m.min : nan);
                break;
            case statistic::max:
                out.push_back(m.n ? m.max : nan);
                break;
            case statistic::median:
                out.push_back(median(values));
                break;
            case statistic::n:
                out.push_back(n);
                break;
        }
    }
    return out;
}

}  // namespace hetsweep::query
