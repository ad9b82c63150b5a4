#include <hetsweep/query/replicates.hpp>

#include <hetsweep/query/statistic.hpp>
#include <hetsweep/vocab/random.hpp>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace hetsweep::query {

namespace {

constexpr double nan = replicate_inference::nan;

// The 2.5% and 97.5% quantiles of the sorted values, by linear interpolation between order statistics
// (numpy's default, "linear").
double quantile(const std::vector<double>& sorted, double q) {
    const double h = (double(sorted.size()) - 1) * q;
    const auto lo = std::size_t(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

// The pigeonhole bootstrap of the mean of the table `cell` (rows x columns, every cell present).
void bootstrap(const std::vector<std::vector<double>>& cell, const bootstrap_settings& boot,
               std::uint64_t stream, replicate_inference& out) {
    const std::size_t rows = cell.size(), cols = cell.front().size();
    if (boot.resamples == 0 || rows * cols < 2) return;
    random_stream rng(boot.seed, stream, purpose::bootstrap);
    std::vector<double> means(boot.resamples);
    std::vector<std::size_t> r(rows), c(cols);
    for (auto& m : means) {
        for (auto& i : r) i = std::size_t(rng.below(rows));
        for (auto& j : c) j = std::size_t(rng.below(cols));
        double sum = 0;
        for (std::size_t i : r)
            for (std::size_t j : c) sum += cell[i][j];
        m = sum / double(rows * cols);
    }
    std::sort(means.begin(), means.end());
    out.boot_lo = quantile(means, 0.025);
    out.boot_hi = quantile(means, 0.975);
    out.resamples = boot.resamples;
}

}  // namespace

double t_two_sided_p(double t, double df) {
    if (!(df > 0) || !std::isfinite(t)) return nan;
    const boost::math::students_t_distribution<double> dist(df);
    return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, std::abs(t))));
}

double one_sided_p(const std::vector<replicate_cell>& cells, const replicate_inference& r, double shift,
                   bool greater) {
    if (r.method == "crossed" || r.method == "t") {
        if (!(r.se > 0) || !(r.df > 0)) return nan;
        const boost::math::students_t_distribution<double> dist(r.df);
        const double t = (r.mean - shift) / r.se;
        return greater ? boost::math::cdf(boost::math::complement(dist, t)) : boost::math::cdf(dist, t);
    }
    if (r.method != "sign-flip" || cells.empty() || cells.size() > 24) return nan;
    // Under the null the cells less `shift` are symmetric about 0: every sign pattern is as likely.
    std::vector<double> v;
    double observed = 0;
    for (const auto& c : cells) {
        v.push_back(c.value - shift);
        observed += c.value - shift;
    }
    const double tolerance = 1e-12 * std::max(1.0, std::abs(observed));
    std::uint64_t extreme = 0;
    const std::uint64_t patterns = std::uint64_t(1) << v.size();
    for (std::uint64_t s = 0; s < patterns; ++s) {
        double sum = 0;
        for (std::size_t k = 0; k < v.size(); ++k) sum += (s >> k & 1) ? -v[k] : v[k];
        if (greater ? sum >= observed - tolerance : sum <= observed + tolerance) ++extreme;
    }
    return double(extreme) / double(patterns);
}

double sign_flip_p(const std::vector<double>& values) {
    const std::size_t n = values.size();
    if (n == 0 || n > 24) return nan;
    double observed = 0;
    for (double v : values) observed += v;
    observed = std::abs(observed);
    // A pattern's |sum| equal to the observed one up to rounding counts as at least as extreme.
    const double tolerance = 1e-12 * std::max(1.0, observed);
    std::uint64_t extreme = 0;
    const std::uint64_t patterns = std::uint64_t(1) << n;
    for (std::uint64_t s = 0; s < patterns; ++s) {
        double sum = 0;
        for (std::size_t k = 0; k < n; ++k) sum += (s >> k & 1) ? -values[k] : values[k];
        if (std::abs(sum) >= observed - tolerance) ++extreme;
    }
    return double(extreme) / double(patterns);
}

replicate_inference infer_replicates(const std::vector<replicate_cell>& cells, const bootstrap_settings& boot,
                                     std::uint64_t stream) {
    replicate_inference out;
    out.cells = cells.size();
    if (cells.empty()) {
        out.method = "no replicate";
        return out;
    }
    // The table: levels in order of appearance, each cell's value.
    std::map<std::string, std::size_t> rows, cols;
    for (const auto& c : cells) {
        rows.emplace(c.a, rows.size());
        cols.emplace(c.b, cols.size());
    }
    const std::size_t I = rows.size(), J = cols.size();
    out.levels_a = I;
    out.levels_b = J;
    std::vector<std::vector<double>> table(I, std::vector<double>(J, nan));
    std::vector<std::vector<int>> seen(I, std::vector<int>(J, 0));
    moments all;
    for (const auto& c : cells) {
        const std::size_t i = rows[c.a], j = cols[c.b];
        table[i][j] = c.value;
        ++seen[i][j];
        all.add(c.value);
    }
    out.mean = all.mean;
    const bool complete = std::all_of(seen.begin(), seen.end(), [](const std::vector<int>& row) {
        return std::all_of(row.begin(), row.end(), [](int k) { return k == 1; });
    });

    if (I >= 2 && J >= 2) {
        if (!complete) {
            out.method = "incomplete: " + std::to_string(cells.size()) + " of " + std::to_string(I) + " x " +
                         std::to_string(J) + " cells";
            return out;
        }
        std::vector<double> row_mean(I, 0.0), col_mean(J, 0.0);
        for (std::size_t i = 0; i < I; ++i)
            for (std::size_t j = 0; j < J; ++j) {
                row_mean[i] += table[i][j] / double(J);
                col_mean[j] += table[i][j] / double(I);
            }
        double ss_a = 0, ss_b = 0, ss_e = 0;
        for (std::size_t i = 0; i < I; ++i) ss_a += double(J) * std::pow(row_mean[i] - out.mean, 2);
        for (std::size_t j = 0; j < J; ++j) ss_b += double(I) * std::pow(col_mean[j] - out.mean, 2);
        for (std::size_t i = 0; i < I; ++i)
            for (std::size_t j = 0; j < J; ++j)
                ss_e += std::pow(table[i][j] - row_mean[i] - col_mean[j] + out.mean, 2);
        const double df_a = double(I - 1), df_b = double(J - 1), df_e = df_a * df_b;
        const double ms_a = ss_a / df_a, ms_b = ss_b / df_b, ms_e = ss_e / df_e;
        out.var_a = std::max(0.0, (ms_a - ms_e) / double(J));
        out.var_b = std::max(0.0, (ms_b - ms_e) / double(I));
        out.var_residual = ms_e;
        // Var(mean) = var_a / I + var_b / J + var_e / (I J) = (MS_A + MS_B - MS_E) / (I J), from the
        // components as estimated (never below the residual's share).
        const double v = out.var_a / double(I) + out.var_b / double(J) + out.var_residual / double(I * J);
        out.se = std::sqrt(v);
        // Satterthwaite: the mean squares the estimated components imply, combined as in v.
        const double m_a = ms_e + double(J) * out.var_a, m_b = ms_e + double(I) * out.var_b;
        const double num = std::pow(m_a + m_b - ms_e, 2);
        const double den = m_a * m_a / df_a + m_b * m_b / df_b + ms_e * ms_e / df_e;
        out.df = den > 0 ? num / den : nan;
        out.ci95 = t_quantile(0.975, out.df) * out.se;
        out.p = out.se > 0 ? t_two_sided_p(out.mean / out.se, out.df) : nan;
        out.method = "crossed";
        bootstrap(table, boot, stream, out);
        return out;
    }

    // One factor (or none) varies: the cells are the replicates.
    std::vector<double> values;
    for (const auto& c : cells) values.push_back(c.value);
    const double n = double(values.size());
    if (values.size() >= 2) {
        const double var = all.m2 / (n - 1);
        (I >= 2 ? out.var_a : out.var_b) = var;
        out.se = std::sqrt(var / n);
        out.df = n - 1;
        out.ci95 = t_quantile(0.975, out.df) * out.se;
    }
    if (values.size() <= 16) {
        out.p = sign_flip_p(values);
        out.method = "sign-flip";
    } else {
        out.p = out.se > 0 ? t_two_sided_p(out.mean / out.se, out.df) : nan;
        out.method = "t";
    }
    if (I >= 2 || J >= 2) {
        std::vector<std::vector<double>> column;
        if (I >= 2)
            for (std::size_t i = 0; i < I; ++i) column.push_back({table[i][0]});
        else
            column.push_back(table[0]);
        bootstrap(column, boot, stream, out);
    }
    return out;
}

std::vector<design_size> designs_for(double half_width, double var_a, double var_b, double var_residual,
                                     std::uint64_t max_cells) {
    std::vector<design_size> out;
    if (!(half_width > 0) || !std::isfinite(var_a + var_b + var_residual)) return out;
    for (std::uint64_t I = 2; I <= max_cells; ++I)
        for (std::uint64_t J = 2; I * J <= max_cells; ++J) {
            const double a = double(I), b = double(J);
            const double v = var_a / a + var_b / b + var_residual / (a * b);
            const double ms_e = var_residual, m_a = ms_e + b * var_a, m_b = ms_e + a * var_b;
            const double den = m_a * m_a / (a - 1) + m_b * m_b / (b - 1) + ms_e * ms_e / ((a - 1) * (b - 1));
            const double df = den > 0 ? std::pow(m_a + m_b - ms_e, 2) / den : a * b - 1;
            const double h = t_quantile(0.975, df) * std::sqrt(v);
            if (h <= half_width) {
                out.push_back({I, J, h});
                break;  // more input seeds for these network seeds only cost more
            }
        }
    std::sort(out.begin(), out.end(), [](const design_size& x, const design_size& y) {
        const auto cx = x.a * x.b, cy = y.a * y.b;
        if (cx != cy) return cx < cy;
        const auto bx = std::max(x.a, x.b) - std::min(x.a, x.b), by = std::max(y.a, y.b) - std::min(y.a, y.b);
        return bx < by;
    });
    return out;
}

}  // namespace hetsweep::query
