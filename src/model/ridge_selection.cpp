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

// The moments of chunk i of the states x (n x T) and the targets y (T x m), the targets' own sums
// from `targets`.
moments2 chunk_moments(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::MatrixXd>& y,
                       bool single, const selection_targets& targets, std::size_t i) {
    const std::int64_t first = targets.cuts[i], count = targets.cuts[i + 1] - first;
    const auto xs = x.middleCols(first, count);
    moments2 c(x.rows(), y.cols());
    c.count = double(count);
    c.sx = xs.rowwise().sum();
    c.sy = targets.sy[i];
    c.xx.selfadjointView<Eigen::Lower>().rankUpdate(xs);  // BLAS dsyrk: half a product
    c.xx.triangularView<Eigen::StrictlyUpper>() = c.xx.transpose();
    if (single && targets.single)
        c.xy = (xs.cast<float>() * targets.single->middleRows(first, count)).cast<double>();
    else if (single)
        c.xy = (xs.cast<float>() * y.middleRows(first, count).cast<float>()).cast<double>();
    else
        c.xy.noalias() = xs * y.middleRows(first, count);
    c.yy = targets.yy[i];
    return c;
}

double fit_flops(double samples, double n, double m) {
    return samples * n * n + 2 * samples * n * m;  // X'X by a rank update: half a product
}

// The held-out sums of squared errors of every candidate penalty x_l for every task t at once:
//   sse(l, t) = syy_t - 2 sum_i d_i W_it Z_it + sum_ij H_ij d_i d_j W_it W_jt,  d_i = 1 / (mu_i + x_l),
// in the training covariance's eigenbasis (see select_ridge). Scoring each candidate with one
// n x n x m product H (D W) costs L such products; here the double sum is split by partial
// fractions instead: for eigenvalues apart, d_i d_j = (d_i - d_j) / (mu_j - mu_i), so
//   sum_{i != j} H_ij d_i d_j W_it W_jt = 2 sum_i d_i W_it C_it,  C = G W,  G_ij = H_ij / (mu_j - mu_i),
// one n x n x m product for every candidate, and each candidate then costs O(n m). Eigenvalues
// within a relative 1e-9 of the next (repeated ones, or the zeros of a rank-deficient fold) form a
// cluster, whose pairs are summed as sum_{i,j in c} H_ij W_it W_jt / (mean mu_c + x_l)^2 instead (a
// relative error below 1e-9 times the cluster's size in those pairs' terms); the clustering also
// bounds how much 1 / (mu_j - mu_i) amplifies rounding. The grid's exact scores but for rounding:
// tests/unit/test_ridge_selection.cpp holds them to direct solves, docs/readout.md to the
// candidate-by-candidate products.
Eigen::MatrixXd held_out_errors(const Eigen::ArrayXd& mu, const Eigen::MatrixXd& h,
                                const Eigen::Ref<const Eigen::MatrixXd>& wq,
                                const Eigen::Ref<const Eigen::MatrixXd>& z, const Eigen::ArrayXd& syy,
                                const Eigen::ArrayXd& penalties) {
    const Eigen::Index n = mu.size(), m = wq.cols(), L = penalties.size();
    const double smallest = penalties.minCoeff();
    // Clusters [start[c], start[c + 1]) of the eigenvalues (ascending) within a relative 1e-9 of the next.
    std::vector<Eigen::Index> start = {0};
    for (Eigen::Index i = 1; i < n; ++i)
        if (mu[i] - mu[i - 1] > 1e-9 * (mu[i] + smallest)) start.push_back(i);
    start.push_back(n);
    const Eigen::Index clusters = Eigen::Index(start.size()) - 1;

    Eigen::MatrixXd g = Eigen::MatrixXd::Zero(n, n);
    Eigen::ArrayXd center(clusters);
    Eigen::MatrixXd within(clusters, m);  // sum_{i,j in c} H_ij W_it W_jt
    for (Eigen::Index c = 0; c < clusters; ++c) {
        const Eigen::Index first = start[std::size_t(c)], size = start[std::size_t(c) + 1] - first;
        center[c] = mu.segment(first, size).mean();
        if (size == 1)
            within.row(c) = h(first, first) * wq.row(first).array().square().matrix();
        else
            within.row(c) = (wq.middleRows(first, size).array() *
                             (h.block(first, first, size, size) * wq.middleRows(first, size)).array())
                                .colwise()
                                .sum()
                                .matrix();
        for (Eigen::Index j = 0; j < n; ++j) {
            if (j >= first && j < first + size) continue;
            for (Eigen::Index i = first; i < first + size; ++i) g(i, j) = h(i, j) / (mu[j] - mu[i]);
        }
    }
    Eigen::MatrixXd cross(n, m);
    cross.noalias() = g * wq;
    // sse = syy + 2 D' (W o (C - Z)) + Dc' within, with D_il = d_i(x_l) and Dc_cl = 1 / (center_c + x_l)^2.
    const Eigen::MatrixXd linear = (wq.array() * (cross - z).array()).matrix();
    Eigen::MatrixXd d(n, L), dc(clusters, L);
    for (Eigen::Index l = 0; l < L; ++l) {
        d.col(l) = (mu + penalties[l]).inverse().matrix();
        dc.col(l) = (center + penalties[l]).inverse().square().matrix();
    }
    Eigen::MatrixXd sse(L, m);
    sse.noalias() = 2 * (d.transpose() * linear);
    sse.noalias() += dc.transpose() * within;
    sse.rowwise() += syy.matrix().transpose();
    return sse;
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

selection_targets target_sums(const Eigen::Ref<const Eigen::MatrixXd>& y, int folds, std::int64_t gap) {
    const std::int64_t T = y.rows();
    selection_targets out;
    out.folds = folds;
    out.gap = gap;
    out.cuts = {0, T};
    for (const auto& [first, last] : fold_blocks(T, folds))
        for (std::int64_t c : {first, last, first - gap, last + gap})
            if (c > 0 && c < T) out.cuts.push_back(c);
    std::sort(out.cuts.begin(), out.cuts.end());
    out.cuts.erase(std::unique(out.cuts.begin(), out.cuts.end()), out.cuts.end());
    for (std::size_t i = 0; i + 1 < out.cuts.size(); ++i) {
        const auto chunk = y.middleRows(out.cuts[i], out.cuts[i + 1] - out.cuts[i]);
        out.sy.push_back(chunk.colwise().sum().transpose());
        out.yy.push_back(chunk.colwise().squaredNorm().transpose());
    }
    return out;
}

ridge_selection select_ridge(const Eigen::Ref<const Eigen::MatrixXd>& design,
                             const Eigen::Ref<const Eigen::MatrixXd>& y, const ridge_selection_spec& spec,
                             const selection_targets* targets) {
    const Eigen::Index n = design.rows() - 1, T = design.cols(), m = y.cols();
    const auto x = design.topRows(n);
    const int L = int(spec.factors.size());
    if (L == 0) throw numerical_error("ridge selection: no candidate factors");
    if (spec.folds < 2) throw numerical_error("ridge selection: needs at least 2 folds");
    const auto blocks = fold_blocks(T, spec.folds);

    // Every sample enters one chunk, so the second moments cost one pass, as for a single fit.
    selection_targets own;
    if (!targets || targets->folds != spec.folds || targets->gap != spec.gap || targets->cuts.back() != T ||
        (!targets->sy.empty() && targets->sy.front().size() != m)) {
        own = target_sums(y, spec.folds, spec.gap);
        targets = &own;
    }
    const std::vector<std::int64_t>& cuts = targets->cuts;
    std::vector<moments2> chunks;
    moments2 total(n, m);
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        chunks.push_back(chunk_moments(x, y, spec.single, *targets, i));
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
    const Eigen::ArrayXd penalties = Eigen::Map<const Eigen::ArrayXd>(spec.factors.data(), L);
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
            out.flops += 4 * dn * dn * dm;
            if (spec.fractions) {
                const Eigen::MatrixXd sse = held_out_errors(mu, h, wq, z, syy, penalties * scale);
                const Eigen::ArrayXXd r2 =
                    (1 - sse.array().rowwise() * w.transpose()).rowwise() * scored.transpose();
                out.validation_r2 += (r2 / double(spec.folds)).matrix();
                out.mean_validation_r2 +=
                    (valid > 0 ? Eigen::ArrayXd(r2.rowwise().sum() / valid) : Eigen::ArrayXd::Zero(L)) /
                    double(spec.folds);
                out.flops += 2 * dn * dn * dm + 4 * dL * dn * dm;
            } else {
                for (int l = 0; l < L; ++l) {
                    const Eigen::ArrayXd d = 1.0 / (mu + spec.factors[std::size_t(l)] * scale);
                    dw = (wq.array().colwise() * d).matrix();
                    hdw.noalias() = h * dw;
                    const Eigen::ArrayXd sse = syy -
                                               2 * (dw.array() * z.array()).colwise().sum().transpose() +
                                               (dw.array() * hdw.array()).colwise().sum().transpose();
                    const Eigen::ArrayXd r2 = scored * (1 - sse * w);
                    out.validation_r2.row(l) += (r2 / double(spec.folds)).matrix().transpose();
                    out.mean_validation_r2[l] += (valid > 0 ? r2.sum() / valid : 0.0) / double(spec.folds);
                }
                out.flops += dL * 2 * dn * dn * dm;
            }
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
