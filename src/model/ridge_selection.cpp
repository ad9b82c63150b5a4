#include <hetsweep/model/ridge_selection.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/blas.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace hetsweep {

namespace {

// Sums over a range of samples: count, sums and cross products of the states x (n) and targets y.
struct moments2 {
    double count = 0;
    Eigen::VectorXd sx;  // n
    Eigen::VectorXd sy;  // m
    Eigen::MatrixXd xx;  // n x n
    Eigen::MatrixXd xy;  // n x m
    Eigen::VectorXd yy;  // m: sums of squares

    moments2(Eigen::Index n, Eigen::Index m)
        : sx(Eigen::VectorXd::Zero(n)),
          sy(Eigen::VectorXd::Zero(m)),
          xx(Eigen::MatrixXd::Zero(n, n)),
          xy(Eigen::MatrixXd::Zero(n, m)),
          yy(Eigen::VectorXd::Zero(m)) {}

    void add(const moments2& o) {
        count += o.count;
        sx += o.sx;
        sy += o.sy;
        xx += o.xx;
        xy += o.xy;
        yy += o.yy;
    }
    void clear() {
        count = 0;
        sx.setZero();
        sy.setZero();
        xx.setZero();
        xy.setZero();
        yy.setZero();
    }
};

moments2 chunk_moments(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                       bool single) {
    moments2 c(x.rows(), y.cols());
    c.count = double(x.cols());
    c.sx = x.rowwise().sum();
    c.sy = y.colwise().sum().transpose();
    c.xx.noalias() = x * x.transpose();
    if (single)
        c.xy = (x.cast<float>() * y.cast<float>()).cast<double>();
    else
        c.xy.noalias() = x * y;
    c.yy = y.colwise().squaredNorm().transpose();
    return c;
}

double fit_flops(double samples, double n, double m) {
    return 2 * samples * n * n + 2 * samples * n * m;
}

}  // namespace

std::vector<double> log_grid(double lo, double hi, int steps) {
    std::vector<double> out;
    if (steps <= 1) return {lo};
    const double a = std::log10(lo), b = std::log10(hi);
    for (int i = 0; i < steps; ++i)
        out.push_back(std::pow(10.0, a + (b - a) * double(i) / double(steps - 1)));
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> fold_blocks(std::int64_t samples, int folds) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (int f = 0; f < folds; ++f) out.emplace_back(samples * f / folds, samples * (f + 1) / folds);
    return out;
}

ridge_selection select_ridge(const Eigen::Ref<const Eigen::MatrixXd>& design,
                             const Eigen::Ref<const Eigen::MatrixXd>& y, const ridge_selection_spec& spec) {
    const Eigen::Index n = design.rows() - 1, T = design.cols(), m = y.cols();
    const auto x = design.topRows(n);
    const int L = int(spec.factors.size());
    if (L == 0) throw numerical_error("ridge selection: no candidate factors");
    if (spec.folds < 2) throw numerical_error("ridge selection: needs at least 2 folds");
    const auto blocks = fold_blocks(T, spec.folds);

    // Every sample enters one chunk, so the second moments cost one pass, as for a single fit.
    std::vector<std::int64_t> cuts = {0, T};
    for (const auto& [first, last] : blocks)
        for (std::int64_t c : {first, last, first - spec.gap, last + spec.gap})
            if (c > 0 && c < T) cuts.push_back(c);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<moments2> chunks;
    moments2 total(n, m);
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        chunks.push_back(chunk_moments(x.middleCols(cuts[i], cuts[i + 1] - cuts[i]),
                                       y.middleRows(cuts[i], cuts[i + 1] - cuts[i]), spec.single));
        total.add(chunks.back());
    }
    // The moments of [first, last), from the chunks inside it, into `out` (its storage is reused:
    // n x m temporaries in the fold loop would each cost fresh pages).
    auto sum_range = [&](moments2& out, std::int64_t first, std::int64_t last) {
        out.clear();
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
            if (cuts[i] >= first && cuts[i + 1] <= last) out.add(chunks[i]);
    };

    const double dn = double(n), dm = double(m), dL = double(L);
    ridge_selection out;
    out.flops = fit_flops(double(T), dn, dm);
    out.mean_validation_r2 = Eigen::ArrayXd::Zero(L);
    if (spec.rule == ridge_rule::per_task) out.validation_r2 = Eigen::MatrixXd::Zero(L, m);
    moments2 held(n, m), excluded(n, m);
    Eigen::MatrixXd stacked(2 * n, m), scaled(n, m), rotated(2 * n, m), dw(n, m), hdw(n, m), v;
    Eigen::VectorXd mu_raw;

    for (int f = 0; f < spec.folds; ++f) {
        const auto [first, last] = blocks[std::size_t(f)];
        sum_range(held, first, last);
        sum_range(excluded, std::max<std::int64_t>(0, first - spec.gap),
                  std::min<std::int64_t>(T, last + spec.gap));
        const double nt = total.count - excluded.count, nv = held.count;
        if (nt < 2 || nv < 2) {
            throw numerical_error("ridge selection: fold " + std::to_string(f) + " has " +
                                  std::to_string(std::int64_t(nt)) + " training and " +
                                  std::to_string(std::int64_t(nv)) +
                                  " held-out samples; needs at least 2 of each (fewer folds, a smaller gap "
                                  "or a longer training window)");
        }
        // Ridge with an unpenalised bias is ridge on data centred at the training means.
        const Eigen::VectorXd xm = (total.sx - excluded.sx) / nt, ym = (total.sy - excluded.sy) / nt;
        const Eigen::MatrixXd train_xx = total.xx - excluded.xx;
        const Eigen::MatrixXd c = train_xx - nt * xm * xm.transpose();
        const double scale = n > 0 ? train_xx.trace() / dn : 0.0;
        // Q, the centred training cross products, below; the held-out ones around the training means above.
        auto q = stacked.bottomRows(n);
        auto sxy = stacked.topRows(n);
        q = total.xy - excluded.xy;
        q.noalias() -= (nt * xm) * ym.transpose();
        sxy = held.xy;
        sxy.noalias() -= held.sx * ym.transpose();
        sxy.noalias() -= xm * held.sy.transpose();
        sxy.noalias() += (nv * xm) * ym.transpose();
        const Eigen::MatrixXd sxx =
            held.xx - held.sx * xm.transpose() - xm * held.sx.transpose() + nv * xm * xm.transpose();
        const Eigen::ArrayXd syy =
            held.yy.array() - 2 * ym.array() * held.sy.array() + nv * ym.array().square();
        // R^2 on the block is around the block's own mean; a target constant there is not scored.
        const Eigen::ArrayXd ss = held.yy.array() - held.sy.array().square() / nv;
        const Eigen::ArrayXd scored = (ss > 1e-12 * held.yy.array().max(1e-300)).cast<double>();
        const Eigen::ArrayXd w = scored / ss.max(1e-300);
        const double valid = scored.sum();

        symmetric_eigen(c, mu_raw, v);
        const Eigen::ArrayXd mu = mu_raw.array().max(0.0);
        const Eigen::MatrixXd h = v.transpose() * sxx * v;
        out.flops += 9 * dn * dn * dn + 4 * dn * dn * dn;

        if (spec.rule == ridge_rule::per_point) {
            // sum_t w_t SSE_t = sum_t w_t syy_t - 2 sum_i d_i a_i + d'(H o K) d, with a = diag(V' Sxy W Q' V)
            // and K = V' Q W Q' V, W = diag(w).
            scaled = (q.array().rowwise() * w.transpose()).matrix();
            const Eigen::MatrixXd ab = stacked * scaled.transpose();  // [Sxy W Q'; Q W Q'], 2n x n
            const Eigen::ArrayXd a = (v.array() * (ab.topRows(n) * v).array()).colwise().sum().transpose();
            const Eigen::MatrixXd hk = (h.array() * (v.transpose() * ab.bottomRows(n) * v).array()).matrix();
            const double base = (w * syy).sum();
            for (int l = 0; l < L; ++l) {
                const Eigen::VectorXd d = (1.0 / (mu + spec.factors[std::size_t(l)] * scale)).matrix();
                const double sse = base - 2 * (d.array() * a).sum() + d.dot(hk * d);
                out.mean_validation_r2[l] += (valid > 0 ? 1 - sse / valid : 0.0) / double(spec.folds);
            }
            out.flops += 4 * dn * dn * dm + 8 * dn * dn * dn + dL * 2 * dn * dn;
        } else {
            rotated.topRows(n).noalias() = v.transpose() * q;       // W
            rotated.bottomRows(n).noalias() = v.transpose() * sxy;  // Z
            const auto wq = rotated.topRows(n), z = rotated.bottomRows(n);
            for (int l = 0; l < L; ++l) {
                const Eigen::ArrayXd d = 1.0 / (mu + spec.factors[std::size_t(l)] * scale);
                dw = (wq.array().colwise() * d).matrix();
                hdw.noalias() = h * dw;
                const Eigen::ArrayXd sse = syy - 2 * (dw.array() * z.array()).colwise().sum().transpose() +
                                           (dw.array() * hdw.array()).colwise().sum().transpose();
                const Eigen::ArrayXd r2 = scored * (1 - sse * w);
                out.validation_r2.row(l) += (r2 / double(spec.folds)).matrix().transpose();
                out.mean_validation_r2[l] += (valid > 0 ? r2.sum() / valid : 0.0) / double(spec.folds);
            }
            out.flops += 4 * dn * dn * dm + dL * 2 * dn * dn * dm;
        }
    }

    // The largest of the best: ties go to the stronger penalty.
    auto best = [&](auto score) {
        int chosen = L - 1;
        for (int l = L - 1; l >= 0; --l)
            if (score(l) > score(chosen)) chosen = l;
        return spec.factors[std::size_t(chosen)];
    };
    out.factor = Eigen::ArrayXd(m);
    if (spec.rule == ridge_rule::per_point) {
        out.factor.setConstant(best([&](int l) { return out.mean_validation_r2[l]; }));
        out.chosen_validation_r2 = out.mean_validation_r2.maxCoeff();
    } else {
        double sum = 0;
        for (Eigen::Index t = 0; t < m; ++t) {
            out.factor[t] = best([&](int l) { return out.validation_r2(l, t); });
            sum += out.validation_r2.col(t).maxCoeff();
        }
        out.chosen_validation_r2 = m > 0 ? sum / double(m) : 0.0;
    }

    // The refit on the whole window, as fit_ridge would do it: one Cholesky per distinct factor.
    Eigen::MatrixXd gram(n + 1, n + 1);
    gram.topLeftCorner(n, n) = total.xx;
    gram.topRightCorner(n, 1) = total.sx;
    gram.bottomLeftCorner(1, n) = total.sx.transpose();
    gram(n, n) = total.count;
    Eigen::MatrixXd rhs(n + 1, m);
    rhs.topRows(n) = total.xy;
    rhs.row(n) = total.sy.transpose();
    const double scale = n > 0 ? total.xx.trace() / dn : 0.0;
    out.lambda =
        spec.rule == ridge_rule::per_point ? out.factor[0] * scale : std::numeric_limits<double>::quiet_NaN();
    std::map<double, std::vector<Eigen::Index>> tasks_of;
    for (Eigen::Index t = 0; t < m; ++t) tasks_of[out.factor[t]].push_back(t);
    out.beta.resize(n + 1, m);
    for (const auto& [factor, tasks] : tasks_of) {
        Eigen::MatrixXd g = gram;
        g.diagonal().head(n).array() += factor * scale;
        const Eigen::LLT<Eigen::MatrixXd> llt(g);
        if (llt.info() != Eigen::Success)
            throw numerical_error("ridge readout: X'X + lambda*I is not positive definite (ridge factor " +
                                  std::to_string(factor) + ", " + std::to_string(n) + " states, " +
                                  std::to_string(T) + " samples)");
        Eigen::MatrixXd b(n + 1, Eigen::Index(tasks.size()));
        for (std::size_t j = 0; j < tasks.size(); ++j) b.col(Eigen::Index(j)) = rhs.col(tasks[j]);
        b = llt.solve(b);
        for (std::size_t j = 0; j < tasks.size(); ++j) out.beta.col(tasks[j]) = b.col(Eigen::Index(j));
        out.flops += (dn + 1) * (dn + 1) * (dn + 1) / 3 + 2 * (dn + 1) * (dn + 1) * double(tasks.size());
    }
    if (!out.beta.allFinite()) throw numerical_error("ridge readout: non-finite weights");
    return out;
}

}  // namespace hetsweep
