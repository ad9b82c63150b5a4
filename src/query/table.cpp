#include <hetsweep/query/table.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/param_table.hpp>
#include <hetsweep/text.hpp>

#include <cmath>
#include <unordered_map>

namespace hetsweep::query {

namespace {

const column* by_name(const std::vector<column>& columns, const std::string& name) {
    for (const auto& c : columns)
        if (c.name == name) return &c;
    return nullptr;
}

}  // namespace

std::vector<std::string> identity_texts(const std::vector<column>& grid, std::uint64_t n_points,
                                        const point_params& defaults) {
    // Columns this build cannot set as a key (unknown, another kind, a value out of range) still
    // tell points apart: their raw values join the identity.
    std::vector<std::pair<const param_key*, const column*>> keyed;
    for (const auto& c : grid) {
        const param_key* k = find_param(c.name);
        keyed.emplace_back(k && (k->kind == value_kind::text) == c.is_text() ? k : nullptr, &c);
    }
    std::vector<std::string> out(n_points);
    for (std::uint64_t i = 0; i < n_points; ++i) {
        point_params p = defaults;
        std::string raw;
        for (const auto& [k, c] : keyed) {
            const double x = c->is_text() ? 0.0 : c->numbers[i];  // unused for text
            const bool integral = std::isfinite(x) && std::abs(x) < 9e18;
            if (!k || (k->kind == value_kind::integer && !integral)) {
                raw += c->name + '=' + c->display(i) + '\n';
                continue;
            }
            switch (k->kind) {
                case value_kind::integer:
                    k->set(p, param_value(std::int64_t(x)));
                    break;
                case value_kind::real:
                    k->set(p, param_value(x));
                    break;
                case value_kind::boolean:
                    k->set(p, param_value(x != 0));
                    break;
                case value_kind::text:
                    k->set(p, param_value(c->text[i]));
                    break;
            }
        }
        out[i] = point_identity(p) + raw;
    }
    return out;
}

std::vector<std::uint64_t> identities(const std::vector<column>& grid, std::uint64_t n_points,
                                      const point_params& defaults) {
    const std::vector<std::string> texts = identity_texts(grid, n_points, defaults);
    std::vector<std::uint64_t> out(n_points);
    std::unordered_map<std::string, std::uint64_t> first;
    for (std::uint64_t i = 0; i < n_points; ++i) out[i] = first.emplace(texts[i], i).first->second;
    return out;
}

void set_identities(table& t, const point_params& defaults) {
    try {
        t.same_as = identities(t.grid, t.n_points, defaults);
    } catch (const config_error&) {
        // A value this build rejects (a model it does not know): every point is its own.
        t.same_as.resize(t.n_points);
        for (std::uint64_t i = 0; i < t.n_points; ++i) t.same_as[i] = i;
    }
    t.network = column{"network", column::kind::integer, {}, {}};
    for (auto i : t.same_as) t.network.numbers.push_back(double(i));
}

column_ref find_column(const table& t, const std::string& name, const std::string& context) {
    if (name == "network" && t.network.size() == t.n_points && !by_name(t.grid, name))
        return {&t.network, false};
    if (name.rfind("task.", 0) == 0) {
        if (const column* c = by_name(t.tasks, name.substr(5))) return {c, true};
    } else if (const column* c = by_name(t.grid, name)) {
        return {c, false};
    } else if (const param_key* k = find_param(name); k && name.find('.') != std::string::npos) {
        if (const column* c = by_name(t.grid, k->name)) return {c, false};
    } else if (const column* c = by_name(t.tasks, name)) {
        return {c, true};
    }
    std::vector<std::string> axes, constant, task_names, all;
    for (const auto& c : t.grid) (varies(c) ? axes : constant).push_back(c.name);
    for (const auto& c : t.tasks) task_names.push_back(c.name);
    all = axes;
    all.insert(all.end(), constant.begin(), constant.end());
    all.insert(all.end(), task_names.begin(), task_names.end());
    // The closest name within two edits of the leaf ("tau.cvv" -> cv); ties go to the axes.
    const std::string leaf = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    const std::size_t nearest = nearest_name(leaf, all);
    const std::string best = nearest < all.size() ? all[nearest] : std::string();
    throw config_error(
        context + ": no such axis" + (best.empty() ? "" : " (did you mean " + best + "?)") +
        " (axes: " + (axes.empty() ? "none" : join(axes)) + "; task columns: " + join(task_names) +
        (t.network.size() == t.n_points && t.n_points ? "; network: one row per distinct network" : "") +
        "; and " + std::to_string(constant.size()) +
        " grid columns that take one value here, which hetsweep query FILE --columns lists)");
}

}  // namespace hetsweep::query
