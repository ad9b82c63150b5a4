#include <hetsweep/vocab/param_table.hpp>

#include <hetsweep/vocab/names.hpp>

#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/tau_rules.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>

namespace hetsweep {

const char* to_string(value_kind k) {
    return name_of(value_kind_descriptions, k, "?");
}

std::string format_value(const param_value& v) {
    // Without a stream: a point's identity formats every key, so a grid of 100k points formats
    // millions of values.
    if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto d = std::get_if<double>(&v)) {
        // The shortest spelling that reads back as the same double: 0.15, not 0.14999999999999999.
        char buf[64];
        const auto end = std::to_chars(buf, buf + sizeof buf, *d).ptr;
        std::string s(buf, end);
        if (std::isfinite(*d) && s.find_first_of(".e") == std::string::npos) s += ".0";
        return s;
    }
    if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    return '"' + std::get<std::string>(v) + '"';
}

std::string display_value(const param_value& v) {
    if (auto s = std::get_if<std::string>(&v)) return *s;
    return format_value(v);
}

double as_number(const param_value& v) {
    if (auto i = std::get_if<std::int64_t>(&v)) return double(*i);
    if (auto d = std::get_if<double>(&v)) return *d;
    if (auto b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
    return std::numeric_limits<double>::quiet_NaN();
}

std::string param_key::rule() const {
    std::ostringstream out;
    out.precision(10);
    if (!choices.empty()) {
        out << "must be one of ";
        for (std::size_t i = 0; i < choices.size(); ++i) out << (i ? ", " : "") << choices[i];
        return out.str();
    }
    if (kind == value_kind::boolean) return "must be true or false";
    if (kind == value_kind::text) return "must be a string";
    out << "must be " << (kind == value_kind::integer ? "an integer" : "a finite number");
    if (has_lo && has_hi)
        out << " in " << (lo_open ? '(' : '[') << lo << ", " << hi << (hi_open ? ')' : ']');
    else if (has_lo)
        out << (lo_open ? " > " : " >= ") << lo;
    else if (has_hi)
        out << (hi_open ? " < " : " <= ") << hi;
    return out.str();
}

std::string param_key::check(const param_value& v) const {
    if (!choices.empty()) {
        auto s = std::get_if<std::string>(&v);
        if (!s || std::find(choices.begin(), choices.end(), *s) == choices.end()) return rule();
        return {};
    }
    if (kind == value_kind::text) return std::holds_alternative<std::string>(v) ? std::string() : rule();
    if (kind == value_kind::boolean) return std::holds_alternative<bool>(v) ? std::string() : rule();
    if (kind == value_kind::integer && !std::holds_alternative<std::int64_t>(v)) return rule();
    if (kind == value_kind::real && !std::holds_alternative<double>(v) &&
        !std::holds_alternative<std::int64_t>(v))
        return rule();
    const double x = as_number(v);
    if (!std::isfinite(x)) return rule();
    if (has_lo && (lo_open ? x <= lo : x < lo)) return rule();
    if (has_hi && (hi_open ? x >= hi : x > hi)) return rule();
    return {};
}

namespace {

// When a common key can change a point's results (param_key::applies): the rules that make two
// points the same computation. Every profile is the mean at cv 0, and a file replaces the profile.
bool profile_applies(const point_params& p) {
    return p.cv > 0 && p.tau_file.empty();
}
bool pearson3_applies(const point_params& p) {
    return profile_applies(p) && p.profile == "pearson3";
}
bool noisy(const point_params& p) {
    return p.noise > 0;
}
bool drawn_from_a_profile(const point_params& p) {
    return p.tau_file.empty();
}
bool read_from_a_file(const point_params& p) {
    return !p.tau_file.empty();
}
bool fixed_readout(const point_params& p) {
    return p.readout_mode == "fixed";
}
bool validated_readout(const point_params& p) {
    return p.readout_mode == "validated";
}

bool searched_readout(const point_params& p) {
    return validated_readout(p) && p.select == "task";
}

std::vector<param_key> common_keys() {
    using P = point_params;
    const double int_max = 1e15;
    return {
        make_key("network", "model", &P::model, "", "neuron model (lif: spiking)", {}, model_names()),
        seed_key(make_key("network", "seed", &P::seed, "",
                          "network seed (weights, tau, noise, initial state)", between(0, int_max))),
        make_key("network", "N", &P::N, "neurons", "network size", between(1, 100000)),
        make_key("network", "p", &P::p, "", "connection probability", between(0, 1, true, false)),
        make_key("network", "balanced", &P::balanced, "", "zero mean weight per row"),
        make_key("network", "g_rec", &P::g_rec, "", "recurrent gain", between(0, 100)),
        make_key("network", "g_in", &P::g_in, "", "input gain", between(0, 100)),
        make_key("network", "input_fraction", &P::input_fraction, "", "fraction of neurons receiving input",
                 between(0, 1)),
        make_key("network", "prune", &P::prune, "", "fraction of recurrent edges removed", between(0, 1)),
        make_key("network", "noise", &P::noise, "",
                 "white noise: its variance averaged over noise_window, as a fraction of the input drive's "
                 "variance",
                 between(0, 100)),
        make_key("network", "noise_window", &P::noise_window, "TU",
                 "the window `noise` is defined over (the per-step sd scales as sqrt(noise_window / dt))",
                 between(0, 1000, true)),
        make_key("network", "dt", &P::dt, "TU", "integration step", between(0, 1, true, false)),
        applies_when(make_key("network", "noise_path", &P::noise_path, "",
                              "independent: each step's noise drawn afresh (another dt, another noise); "
                              "shared: one Brownian path on steps of noise_window that every dt samples "
                              "(dt a whole multiple of noise_window or noise_window / 2^j)",
                              {}, {"independent", "shared"}),
                     noisy),
        applies_when(make_key("tau", "profile", &P::profile, "", "time-constant distribution", {},
                              all_names(tau_profile_names)),
                     profile_applies),
        applies_when(make_key("tau", "skew", &P::skew, "",
                              "skewness of the pearson3 profile at its mean and cv (0: normal; the draws "
                              "may reach tau.floor in at most 1%)",
                              between(-10, 10)),
                     pearson3_applies),
        applies_when(make_key("tau", "cv", &P::cv, "", "heterogeneity level std/mean", between(0, 10)),
                     drawn_from_a_profile),
        applies_when(make_key("tau", "tau_mean", &P::tau_mean, "TU", "mean membrane time constant",
                              between(0, 1000, true)),
                     drawn_from_a_profile),
        make_key("tau", "file", &P::tau_file, "",
                 "time constants [TU] read from this file, one number per line (# comments), instead of the "
                 "profile; relative to the spec file; \"\" for none"),
        applies_when(make_key("tau", "file_mode", &P::tau_file_mode, "",
                              "pool: the N time constants drawn with replacement from the file; values: the "
                              "file's N values, in order",
                              {}, {"pool", "values"}),
                     read_from_a_file),
        make_key("tau", "floor", &P::tau_floor, "TU",
                 "no time constant below it (at least network.dt for the rate model)",
                 between(0, 1000, true)),
        applies_when(
            make_key("tau", "match", &P::match, "",
                     "empirical: samples rescaled to the exact mean and std, then clipped at the "
                     "floor; truncated: clipped at the floor and the rest re-matched, so the moments "
                     "are exact at any cv; none: raw draws",
                     {}, {"empirical", "truncated", "none"}),
            profile_applies),
        seed_key(make_key("input", "input_seed", &P::input_seed, "", "seed of the input realisation",
                          between(0, int_max))),
        make_key("input", "lorenz_sigma", &P::lorenz_sigma, "", "Lorenz sigma", between(0, 1000, true)),
        make_key("input", "lorenz_rho", &P::lorenz_rho, "", "Lorenz rho", between(0, 1000, true)),
        make_key("input", "lorenz_beta", &P::lorenz_beta, "", "Lorenz beta", between(0, 1000, true)),
        make_key("input", "transient", &P::transient, "TU", "discarded start of the input", between(0, 1e5)),
        make_key(
            "input", "step", &P::input_step, "TU",
            "RK4 step of the Lorenz system; sampled at dt (Hermite between steps), so dt does not change it",
            between(0, 0.05, true)),
        make_key("timeline", "washout", &P::washout, "TU", "discarded start of the run", between(0, 1e5)),
        make_key("timeline", "train", &P::train, "TU", "training window", between(0, 1e5, true)),
        make_key("timeline", "test", &P::test, "TU", "test window", between(0, 1e5, true)),
        make_key("timeline", "margin", &P::margin, "TU",
                 "margins for the task shifts, at least the largest Delta", between(2, 1e5)),
        make_key("readout", "mode", &P::readout_mode, "",
                 "fixed: the ridge factor `ridge`; validated: chosen by blocked cross-validation on the "
                 "training window",
                 {}, {"fixed", "validated"}),
        applies_when(make_key("readout", "ridge", &P::ridge, "", "ridge factor: lambda = ridge trace(X'X)/N",
                              between(0, 1e6)),
                     fixed_readout),
        applies_when(make_key("readout", "ridge_min", &P::ridge_min, "",
                              "smallest candidate factor (validated)", between(0, 1e6, true)),
                     validated_readout),
        applies_when(make_key("readout", "ridge_max", &P::ridge_max, "",
                              "largest candidate factor (validated)", between(0, 1e6, true)),
                     validated_readout),
        applies_when(make_key("readout", "ridge_steps", &P::ridge_steps, "",
                              "candidate factors, log-spaced (validated)", between(1, 1000)),
                     validated_readout),
        applies_when(make_key("readout", "folds", &P::folds, "",
                              "blocks of the training window held out in turn (validated)", between(2, 100)),
                     validated_readout),
        applies_when(
            make_key("readout", "gap", &P::gap, "TU",
                     "left out of training on each side of a held-out block (validated)", between(0, 1e5)),
            validated_readout),
        applies_when(make_key("readout", "select", &P::select, "",
                              "one factor per point, or per task (validated)", {}, {"point", "task"}),
                     validated_readout),
        applies_when(
            make_key("readout", "scoring", &P::scoring, "",
                     "per-task selection (validated): the held-out errors of every candidate by partial "
                     "fractions, one product per fold (fractions), or one product per fold and candidate "
                     "(direct; numerics 6 and before); the same scores but for rounding",
                     {}, {"fractions", "direct"}),
            searched_readout),
        make_key(
            "readout", "precision", &P::precision, "",
            "double; or single: the products with the targets (X'Y, test predictions) in float, the Gram "
            "and solves in double",
            {}, {"double", "single"}),
        make_key("mechanisms", "components", &P::components, "",
                 "principal components of alignment_fixed (at most N; the same at every point)",
                 between(1, 100000)),
    };
}

}  // namespace

const std::vector<param_key>& param_table() {
    static const std::vector<param_key> table = [] {
        auto t = common_keys();
        // A key of a section some models own applies to the points of those models alone.
        for (const auto* m : all_model_rules()) {
            for (auto& k : m->keys()) {
                k.applies = [section = k.section](const point_params& p) {
                    const auto& mine = find_model_rules(p.model).own_sections;
                    return std::find(mine.begin(), mine.end(), section) != mine.end();
                };
                t.push_back(std::move(k));
            }
        }
        return t;
    }();
    return table;
}

bool param_key::applies_to(const point_params& p) const {
    return !applies || applies(p);
}

const param_key* find_param(const std::string& name) {
    for (const auto& k : param_table())
        if (k.name == name || k.path() == name) return &k;
    return nullptr;
}

std::string closest_param(const std::string& name) {
    const std::string leaf = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    const auto& table = param_table();
    std::vector<std::string> names;
    for (const auto& k : table) names.push_back(k.name);
    const std::size_t i = nearest_name(leaf, names);
    return i < table.size() ? table[i].path() : std::string();
}

}  // namespace hetsweep
