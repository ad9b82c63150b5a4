#include <hetsweep/query/tuning.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/query/column.hpp>

#include <cmath>
#include <cstring>
#include <unordered_map>

namespace hetsweep::query {

namespace {

// The values of every grid column but `skip` at a point: its configuration.
std::string configuration(const std::vector<column>& grid, const column* skip, std::uint64_t i) {
    std::string out;
    for (const auto& c : grid) {
        if (&c == skip) continue;
        if (c.is_text()) {
            out += c.text[i];
        } else {
            char bits[sizeof(double)];
            const double x = c.numbers[i] == 0 ? 0.0 : c.numbers[i];
            std::memcpy(bits, &x, sizeof bits);
            out.append(bits, sizeof bits);
        }
        out += '\x1f';
    }
    return out;
}

}  // namespace

void tune(table& t, const std::string& key, const std::vector<double>& validation) {
    const std::string what = "--tuned " + key;
    const column_ref k = find_column(t, key, what);
    if (k.per_task) throw config_error(what + ": a task column; a setting to tune is a grid column");
    if (!varies(*k.col))
        throw config_error(what + ": " + k.col->name + " takes one value here (" + describe_values(*k.col) +
                           "): there is nothing to choose from");
    if (validation.size() != t.n_points)
        throw config_error(what + ": one validation score per point expected");
    std::unordered_map<std::string, std::uint64_t> best;
    bool any = false;
    for (std::uint64_t i = 0; i < t.n_points; ++i) {
        if (t.status[i] != 1 || std::isnan(validation[i])) continue;
        any = true;
        const auto [it, added] = best.emplace(configuration(t.grid, k.col, i), i);
        // Ties keep the first point in store order: the smaller value of an ascending axis.
        if (!added && validation[i] > validation[it->second]) it->second = i;
    }
    if (!any)
        throw config_error(what +
                           ": no done point has a validation score (readout.mode = \"fixed\" has none); "
                           "tuning needs the validated readout");
    t.tuned = k.col->name;
    t.kept.assign(t.n_points, 0);
    for (const auto& [config, i] : best) t.kept[i] = 1;
}

}  // namespace hetsweep::query
