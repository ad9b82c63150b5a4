#include <hetsweep/model/param_table.hpp>

#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/tau_profile.hpp>

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

struct range {
    double lo = 0, hi = 0;
    bool has_lo = false, has_hi = false, lo_open = false, hi_open = false;
};
range between(double lo, double hi, bool lo_open = false, bool hi_open = false) {
    return {lo, hi, true, true, lo_open, hi_open};
}

template <class T>
param_key make_key(std::string section, std::string name, T point_params::*member, std::string unit,
                   std::string doc, range r = {}, std::vector<std::string> choices = {}) {
    param_key k;
    k.section = std::move(section);
    k.name = std::move(name);
    k.unit = std::move(unit);
    k.doc = std::move(doc);
    k.lo = r.lo;
    k.hi = r.hi;
    k.has_lo = r.has_lo;
    k.has_hi = r.has_hi;
    k.lo_open = r.lo_open;
    k.hi_open = r.hi_open;
    k.choices = std::move(choices);
    if constexpr (std::is_same_v<T, std::int64_t>) {
        k.kind = value_kind::integer;
        k.set = [member](point_params& p, const param_value& v) { p.*member = std::get<std::int64_t>(v); };
    } else if constexpr (std::is_same_v<T, double>) {
        k.kind = value_kind::real;
        k.set = [member](point_params& p, const param_value& v) { p.*member = as_number(v); };
    } else if constexpr (std::is_same_v<T, bool>) {
        k.kind = value_kind::boolean;
        k.set = [member](point_params& p, const param_value& v) { p.*member = std::get<bool>(v); };
    } else {
        k.kind = value_kind::text;
        k.set = [member](point_params& p, const param_value& v) { p.*member = std::get<std::string>(v); };
    }
    k.get = [member](const point_params& p) { return param_value(p.*member); };
    return k;
}

param_key seed_key(param_key k) {
    k.seed = true;
    return k;
}

// When a key can change a point's results (param_key::applies): the rules that make two points the
// same computation.
void set_applicability(std::vector<param_key>& table) {
    std::vector<std::string> owned;  // sections some neuron model reads alone
    for (const auto& name : model_names())
        for (const auto& section : find_model(name).own_sections()) owned.push_back(section);
    for (auto& k : table) {
        const std::string path = k.path();
        if (path == "tau.profile" || path == "tau.match") {
            // Every profile is the mean at cv 0; a file replaces the profile.
            k.applies = [](const point_params& p) { return p.cv > 0 && p.tau_file.empty(); };
        } else if (path == "tau.cv" || path == "tau.tau_mean") {
            k.applies = [](const point_params& p) { return p.tau_file.empty(); };
        } else if (path == "tau.file_mode") {
            k.applies = [](const point_params& p) { return !p.tau_file.empty(); };
        } else if (path == "readout.ridge") {
            k.applies = [](const point_params& p) { return p.readout_mode == "fixed"; };
        } else if (k.section == "readout" && k.name != "mode" && k.name != "precision") {
            k.applies = [](const point_params& p) { return p.readout_mode == "validated"; };
        } else if (std::find(owned.begin(), owned.end(), k.section) != owned.end()) {
            k.applies = [section = k.section](const point_params& p) {
                const auto mine = find_model(p.model).own_sections();
                return std::find(mine.begin(), mine.end(), section) != mine.end();
            };
        }
    }
}

std::vector<param_key> build_table() {
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
        make_key("tau", "profile", &P::profile, "", "time-constant distribution", {},
                 all_names(tau_profile_names)),
        make_key("tau", "cv", &P::cv, "", "heterogeneity level std/mean", between(0, 10)),
        make_key("tau", "tau_mean", &P::tau_mean, "TU", "mean membrane time constant",
                 between(0, 1000, true)),
        make_key("tau", "file", &P::tau_file, "",
                 "time constants [TU] read from this file, one number per line (# comments), instead of the "
                 "profile; relative to the spec file; \"\" for none"),
        make_key(
            "tau", "file_mode", &P::tau_file_mode, "",
            "pool: the N time constants drawn with replacement from the file; values: the file's N values, "
            "in order",
            {}, {"pool", "values"}),
        make_key("tau", "floor", &P::tau_floor, "TU",
                 "no time constant below it (at least network.dt for the rate model)",
                 between(0, 1000, true)),
        make_key(
            "tau", "match", &P::match, "",
            "empirical: samples rescaled to the exact mean and std, then clipped at the floor; truncated: "
            "clipped at the floor and the rest re-matched, so the moments are exact at any cv; none: raw "
            "draws",
            {}, {"empirical", "truncated", "none"}),
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
        make_key("readout", "ridge", &P::ridge, "", "ridge factor: lambda = ridge trace(X'X)/N",
                 between(0, 1e6)),
        make_key("readout", "ridge_min", &P::ridge_min, "", "smallest candidate factor (validated)",
                 between(0, 1e6, true)),
        make_key("readout", "ridge_max", &P::ridge_max, "", "largest candidate factor (validated)",
                 between(0, 1e6, true)),
        make_key("readout", "ridge_steps", &P::ridge_steps, "", "candidate factors, log-spaced (validated)",
                 between(1, 1000)),
        make_key("readout", "folds", &P::folds, "",
                 "blocks of the training window held out in turn (validated)", between(2, 100)),
        make_key("readout", "gap", &P::gap, "TU",
                 "left out of training on each side of a held-out block (validated)", between(0, 1e5)),
        make_key("readout", "select", &P::select, "", "one factor per point, or per task (validated)", {},
                 {"point", "task"}),
        make_key(
            "readout", "precision", &P::precision, "",
            "double; or single: the products with the targets (X'Y, test predictions) in float, the Gram "
            "and solves in double",
            {}, {"double", "single"}),
        make_key("mechanisms", "components", &P::components, "",
                 "principal components of alignment_fixed (at most N; the same at every point)",
                 between(1, 100000)),
        make_key("lif", "tau_syn", &P::tau_syn, "TU", "synaptic current time constant",
                 between(0, 1000, true)),
        make_key("lif", "t_ref", &P::t_ref, "TU", "refractory period (whole integration steps)",
                 between(0, 1000)),
        make_key("lif", "i_bias", &P::i_bias, "", "constant drive in threshold units", between(-100, 100)),
        make_key("lif", "tau_readout", &P::tau_readout, "TU", "readout filter of the spike trains",
                 between(0, 1000, true)),
        make_key("lif", "substeps", &P::substeps, "", "integration steps per dt", between(1, 1000)),
        make_key("cost", "tu_seconds", &P::tu_seconds, "s", "biological and real time of 1 TU",
                 between(0, 1e6, true)),
        make_key("cost", "atp_per_spike", &P::atp_per_spike, "ATP", "ATP per action potential",
                 between(0, 1e15)),
        make_key("cost", "atp_per_synaptic_event", &P::atp_per_synaptic_event, "ATP",
                 "ATP per spike arriving at one synapse", between(0, 1e15)),
        make_key("cost", "atp_resting_per_neuron_per_s", &P::atp_resting_per_neuron_per_s, "ATP/s",
                 "resting ATP use of one neuron", between(0, 1e15)),
        make_key("cost", "loihi2_synop_j", &P::loihi2_synop_j, "J", "Loihi 2 energy per synaptic event",
                 between(0, 1)),
        make_key("cost", "loihi2_spike_j", &P::loihi2_spike_j, "J", "Loihi 2 energy per spike",
                 between(0, 1)),
        make_key("cost", "loihi2_neuron_update_j", &P::loihi2_neuron_update_j, "J",
                 "Loihi 2 energy per neuron update", between(0, 1)),
        make_key("cost", "loihi2_static_w_per_core", &P::loihi2_static_w_per_core, "W",
                 "Loihi 2 static power per occupied core", between(0, 1e3)),
        make_key("cost", "loihi2_neurons_per_core", &P::loihi2_neurons_per_core, "neurons",
                 "neurons per Loihi 2 core", between(1, 1e9)),
        make_key("cost", "spinnaker2_synop_j", &P::spinnaker2_synop_j, "J",
                 "SpiNNaker 2 energy per synaptic event", between(0, 1)),
        make_key("cost", "spinnaker2_spike_j", &P::spinnaker2_spike_j, "J", "SpiNNaker 2 energy per spike",
                 between(0, 1)),
        make_key("cost", "spinnaker2_neuron_update_j", &P::spinnaker2_neuron_update_j, "J",
                 "SpiNNaker 2 energy per neuron update", between(0, 1)),
        make_key("cost", "spinnaker2_static_w_per_core", &P::spinnaker2_static_w_per_core, "W",
                 "SpiNNaker 2 static power per occupied processing element", between(0, 1e3)),
        make_key("cost", "spinnaker2_neurons_per_core", &P::spinnaker2_neurons_per_core, "neurons",
                 "neurons per SpiNNaker 2 processing element", between(1, 1e9)),
        make_key(
            "cost", "static_share", &P::static_share, "",
            "chip static power for the cores' share the network fills (pro_rata) or per whole core (core)",
            {}, {"pro_rata", "core"}),
    };
}

}  // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                               diag + (std::tolower(static_cast<unsigned char>(a[i - 1])) !=
                                       std::tolower(static_cast<unsigned char>(b[j - 1])))});
            diag = up;
        }
    }
    return row[b.size()];
}

const std::vector<param_key>& param_table() {
    static const std::vector<param_key> table = [] {
        auto t = build_table();
        set_applicability(t);
        return t;
    }();
    return table;
}

bool param_key::applies_to(const point_params& p) const {
    return !applies || applies(p);
}

namespace {

std::string identity_of(const point_params& p, bool with_tau) {
    std::string out;
    for (const auto& k : param_table())
        if (k.applies_to(p) && (with_tau || k.section != "tau"))
            out += k.path() + " = " + format_value(k.get(p)) + "\n";
    return out;
}

}  // namespace

std::string point_identity(const point_params& p) {
    return identity_of(p, true);
}

std::string network_identity(const point_params& p) {
    return identity_of(p, false);
}

const param_key* find_param(const std::string& name) {
    for (const auto& k : param_table())
        if (k.name == name || k.path() == name) return &k;
    return nullptr;
}

std::size_t nearest_name(const std::string& name, const std::vector<std::string>& known) {
    std::size_t best = known.size(), best_d = 3;  // at most 2 edits away
    for (std::size_t i = 0; i < known.size(); ++i)
        if (const std::size_t d = edit_distance(name, known[i]); d < best_d) {
            best_d = d;
            best = i;
        }
    return best;
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
