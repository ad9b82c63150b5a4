#include <hetsweep/sweep/grid.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/model_rules.hpp>
#include <hetsweep/vocab/noise_rules.hpp>
#include <hetsweep/vocab/tau_rules.hpp>

#include <cmath>
#include <iomanip>
#include <sstream>
#include <unordered_map>

namespace hetsweep {

std::string point_rule_violation(const point_params& p) {
    const std::string infeasible = tau_feasibility(
        parse_tau_profile(p.profile), p.cv, parse_name(tau_match_names, p.match).value_or(tau_match::none));
    if (!infeasible.empty()) {
        std::ostringstream out;
        out << "tau.profile = \"" << p.profile << "\" with tau.cv = " << p.cv << ": " << infeasible
            << " (or tau.match = \"truncated\", which clips at tau.floor and re-matches the moments)";
        return out.str();
    }
    if (p.profile == "pearson3" && p.cv > 0 && p.tau_file.empty() && p.match != "truncated") {
        const double share = share_below(tau_profile::pearson3, p.tau_mean, p.cv, p.skew, p.tau_floor);
        if (share > pearson3_max_floor_share) {
            std::ostringstream out;
            out << "tau.profile = \"pearson3\" with tau.cv = " << p.cv << " and tau.skew = " << p.skew << ": "
                << std::setprecision(2) << 100 * share
                << "% of its draws fall below tau.floor = " << p.tau_floor << " TU, at most "
                << 100 * pearson3_max_floor_share
                << "% may, so that the floor does not reshape the skewed tail (a smaller cv, a lower "
                   "tau.floor or tau.match = \"truncated\")";
            return out.str();
        }
    }
    if (p.noise_path == "shared" && p.noise > 0)
        if (std::string rule = shared_noise_violation(p.dt, p.noise_window); !rule.empty()) return rule;
    if (p.dt >= p.tau_mean) return "network.dt must be smaller than tau.tau_mean";
    if (std::llround(p.train / p.dt) < 2) return "timeline.train must span at least 2 steps of network.dt";
    if (std::llround(p.test / p.dt) < 2) return "timeline.test must span at least 2 steps of network.dt";
    if (std::string own = find_model_rules(p.model).violation(p); !own.empty()) return own;
    if (p.tau_floor >= p.tau_mean)
        return "tau.floor = " + format_value(p.tau_floor) +
               " with tau.tau_mean = " + format_value(p.tau_mean) +
               ": the floor must be below the mean time constant";
    if (p.readout_mode == "validated") {
        if (p.ridge_min > p.ridge_max)
            return "readout.ridge_min = " + format_value(p.ridge_min) +
                   " with readout.ridge_max = " + format_value(p.ridge_max) +
                   ": ridge_min must not exceed ridge_max";
        const std::int64_t steps = std::llround(p.train / p.dt), gap = std::llround(p.gap / p.dt);
        const std::int64_t block = steps / p.folds;
        if (block < 2 || steps - (steps + p.folds - 1) / p.folds - 2 * gap < 2) {
            std::ostringstream out;
            out << "readout.folds = " << p.folds << " with timeline.train = " << p.train
                << " and readout.gap = " << p.gap
                << ": each held-out block and the training data around it need at least 2 samples "
                << "(fewer folds, a smaller gap or a longer training window)";
            return out.str();
        }
    }
    return {};
}

namespace {

// The dimensions of one grid in table order; a zip group takes the place of its first member.
std::vector<std::vector<axis>> dimensions_of(const sweep_spec& spec) {
    std::vector<std::vector<axis>> dims;
    for (const auto& a : spec.axes) {
        const std::vector<std::string>* group = nullptr;
        for (const auto& g : spec.zip)
            for (const auto& n : g)
                if (spec.find_axis(n) == &a) group = &g;
        if (!group) {
            dims.push_back({a});
            continue;
        }
        bool placed = false;
        for (const auto& d : dims)
            for (const auto& member : d) placed = placed || member.key == a.key;
        if (placed) continue;
        std::vector<axis> members;
        for (const auto& other : spec.axes)
            for (const auto& n : *group)
                if (spec.find_axis(n) == &other) members.push_back(other);
        dims.push_back(std::move(members));
    }
    return dims;
}

// The number of points of the dimensions, or 0 past max_points (checked before it can overflow).
std::size_t count_points(const std::vector<std::vector<axis>>& dims) {
    std::size_t total = 1;
    for (const auto& d : dims) {
        const std::size_t n = d.front().values.size();
        if (total > max_points / n) return 0;
        total *= n;
    }
    return total;
}

}  // namespace

grid::grid(const sweep_spec& spec) {
    const auto parts = spec.parts();
    std::size_t total = 0;
    for (std::size_t s = 0; s < parts.size(); ++s) {
        grid_section section{s < spec.grids.size() ? spec.grids[s].name : "", dimensions_of(parts[s]), total,
                             0};
        section.size = count_points(section.dims);
        if (section.size == 0 || total > max_points - section.size)
            throw config_error(spec.origin + ": " +
                               (section.name.empty() ? "the grid" : "grid " + section.name) + " = " +
                               section.shape() + " makes more than " + std::to_string(max_points) +
                               " points" + (section.name.empty() ? "" : " with the grids before it") +
                               ", the most a sweep may have (fewer values, or zip axes that vary together)");
        total += section.size;
        sections_.push_back(std::move(section));
    }
    points_.reserve(total);
    // Every bad point is reported (up to max_reported), not the first alone.
    constexpr std::size_t max_reported = 20;
    std::size_t bad = 0;
    std::string report;
    for (std::size_t s = 0; s < parts.size(); ++s) {
        const auto& dims = sections_[s].dims;
        std::vector<std::size_t> index(dims.size(), 0);
        for (std::size_t j = 0; j < sections_[s].size; ++j) {
            const std::size_t id = points_.size();
            point_params p = parts[s].base;
            for (std::size_t k = 0; k < dims.size(); ++k)
                for (const auto& a : dims[k]) a.key->set(p, a.values[index[k]]);
            points_.push_back(std::move(p));
            const std::string broken = point_rule_violation(points_.back());
            if (!broken.empty() && ++bad <= max_reported)
                report += (report.empty() ? "" : "\n") + spec.origin + ": point " + std::to_string(id) +
                          " (" + describe(id) + "): " + broken;
            for (std::size_t k = dims.size(); k-- > 0;) {
                if (++index[k] < dims[k].front().values.size()) break;
                index[k] = 0;
            }
        }
    }
    if (bad > max_reported) report += "\n... and " + std::to_string(bad - max_reported) + " more bad points";
    if (bad) throw config_error(report);
    // Varying keys: only an axis of some grid, or a key two grids set apart, can vary.
    for (const auto& key : param_table()) {
        bool candidate = false;
        for (std::size_t s = 0; s < parts.size(); ++s)
            candidate = candidate || parts[s].find_axis(key.name) ||
                        !(key.get(parts[s].base) == key.get(parts[0].base));
        if (!candidate) continue;
        for (const auto& p : points_)
            if (!(key.get(p) == key.get(points_.front()))) {
                varying_.push_back(&key);
                break;
            }
    }
    same_as_ =
        first_of_each_identity(points_.size(), [&](std::size_t i) { return point_identity(points_[i]); });
    for (std::size_t i = 0; i < points_.size(); ++i) {
        if (same_as_[i] == i)
            ++distinct_;
        else
            copies_[same_as_[i]].push_back(i);
    }
}

const std::vector<std::size_t>& grid::copies(std::size_t i) const {
    static const std::vector<std::size_t> none;
    const auto it = copies_.find(i);
    return it == copies_.end() ? none : it->second;
}

std::string grid_section::shape() const {
    std::string out;
    for (const auto& d : dims) {
        out += out.empty() ? "" : " x ";
        for (std::size_t j = 0; j < d.size(); ++j) out += (j ? "+" : "") + d[j].key->name;
        out += " (" + std::to_string(d.front().values.size()) + ")";
    }
    return out;
}

const grid_section& grid::section_of(std::size_t i) const {
    for (const auto& s : sections_)
        if (i < s.first + s.size) return s;
    return sections_.back();
}

std::vector<const param_key*> grid::varying_keys() const {
    return varying_;
}

std::string grid::describe(std::size_t i) const {
    const grid_section& s = section_of(i);
    std::ostringstream out;
    if (!s.name.empty()) out << "grid " << s.name << (s.dims.empty() ? "" : ": ");
    bool first = true;
    for (const auto& d : s.dims)
        for (const auto& a : d) {
            out << (first ? "" : ", ") << a.key->name << " = " << format_value(a.key->get(points_[i]));
            first = false;
        }
    if (first && s.name.empty()) return "the only point";
    return out.str();
}

}  // namespace hetsweep
