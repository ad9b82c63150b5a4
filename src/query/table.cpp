#include <hetsweep/query/table.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/param_table.hpp>

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

void set_identities(table& t, const point_params& defaults) {
    try {
        const auto texts = identity_texts(t.grid, t.n_points, defaults);
        const auto first = first_of_each_identity(t.n_points, [&](std::size_t i) { return texts[i]; });
        t.same_as.assign(first.begin(), first.end());
    } catch (const config_error&) {
        // A value this build rejects (a model it does not know): every point is its own.
        t.same_as.resize(t.n_points);
        for (std::uint64_t i = 0; i < t.n_points; ++i) t.same_as[i] = i;
    }
    t.network = column{"network", value_kind::integer, {}, {}};
    for (auto i : t.same_as) t.network.numbers.push_back(double(i));
}

std::vector<std::string> seed_columns(const table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.grid)
        if (c.seed) out.push_back(c.name);
    return out;
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
