#pragma once

// Inference over replicates: a value per replicate cell (one network seed x one input seed, say),
// and what the cells say about their mean when network seeds and input realisations are crossed
// random factors (docs/query.md, "Replicates and intervals").
//
// Model, for the cell of level i of factor A (the network seed) and level j of factor B (the input
// seed):  d_ij = mu + a_i + b_j + e_ij, with a, b, e independent, mean 0, variances var_a, var_b and
// var_e (e holds the interaction too: one value per cell cannot tell them apart).
//
//   complete crossed table (I x J cells, I, J >= 2): the variance components by the method of moments
//     (two-way ANOVA without replication; a negative estimate is set to 0), the standard error of
//     the mean of the cells, sqrt(var_a / I + var_b / J + var_e / (I J)) = sqrt((MS_A + MS_B - MS_E)
//     / (I J)), Satterthwaite's degrees of freedom for it, and Student's t for the 95% interval and
//     the two-sided p of mu = 0. No randomisation test is exact here: a sign flip of a network seed
//     does not flip the input effects it shares with the others.
//   one factor varies (I x 1 or 1 x J, or cells that are the levels of a single replicate key): the
//     cells are independent replicates; the interval is Student's t over them, the p-value the exact
//     sign-flip test over all 2^n sign patterns for n <= 16 cells (t above that). Its one variance is
//     that factor's component plus the residual: they cannot be separated.
//   an incomplete crossed table: no component and no interval (it would need a model of the missing
//     cells); the reason is said.
//
// Beside these, an interval from the pigeonhole bootstrap (Owen 2007): rows and columns of the table
// resampled with replacement, independently, `resamples` times from a seeded stream, the 2.5% and
// 97.5% quantiles of the resampled means. It needs no normality and is conservative for crossed
// factors (its variance exceeds the mean's by about var_e / (I J)).

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep::query {

// One replicate cell: its level of each of the two factors (a text naming the level; "" for a factor
// that the design does not have), and its value.
struct replicate_cell {
    std::string a, b;
    double value = 0;
};

struct bootstrap_settings {
    std::uint64_t resamples = 2000;
    std::uint64_t seed = 1;  // with the row's index, the key of its stream (purpose::bootstrap)
};

struct replicate_inference {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    std::uint64_t levels_a = 0, levels_b = 0, cells = 0;
    double mean = nan;
    // Variance components of a cell's value: factor A, factor B, the residual. NaN where the design
    // cannot estimate them; with one factor, its component holds the residual too.
    double var_a = nan, var_b = nan, var_residual = nan;
    double se = nan, df = nan, ci95 = nan;  // ci95: half-width, t(0.975, df) se
    double p = nan;                         // two-sided, mu = 0
    std::string method;                     // "crossed", "t", "sign-flip", or why nothing
    double boot_lo = nan, boot_hi = nan;
    std::uint64_t resamples = 0;
};

// `stream` separates the bootstrap streams of the rows of one answer.
replicate_inference infer_replicates(const std::vector<replicate_cell>& cells, const bootstrap_settings& boot,
                                     std::uint64_t stream);

// The one-sided p of the cells' mean against `shift`: of mean > shift (`greater`) or mean < shift,
// by the method `r` was computed with (Student's t with r's se and df, or the exact sign-flip test
// of the cells less `shift`); NaN where r has no test.
double one_sided_p(const std::vector<replicate_cell>& cells, const replicate_inference& r, double shift,
                   bool greater);

// The exact two-sided sign-flip p of the mean of `values` against 0: the share of the 2^n sign
// patterns whose |mean| is at least the observed one (n <= 24). NaN for no value.
double sign_flip_p(const std::vector<double>& values);

// Two-sided p of Student's t statistic `t` with `df` degrees of freedom (real df > 0).
double t_two_sided_p(double t, double df);

// The smallest I x J (network seeds x input seeds) whose 95% interval of the mean is at most
// `half_width`, from variance components: t(0.975, df) sqrt(var_a / I + var_b / J + var_e / (I J)),
// df by Satterthwaite with the mean squares the components imply. Both factors at 2 levels or more, so
// that the analysis of the new design can estimate both variances (one input realisation would hide
// var_b from the interval). Candidates up to 1000 cells; the cheapest (fewest cells) first, ties to
// the more balanced one. NaN-free components are needed.
struct design_size {
    std::uint64_t a = 0, b = 0;
    double half_width = nan_value();
    static constexpr double nan_value() { return std::numeric_limits<double>::quiet_NaN(); }
};
std::vector<design_size> designs_for(double half_width, double var_a, double var_b, double var_residual,
                                     std::uint64_t max_cells = 1000);

}  // namespace hetsweep::query
