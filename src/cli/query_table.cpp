#include "query_table.hpp"

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/numerics.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <algorithm>

namespace hetsweep::cli {

query::table load_query_table(const store::sweep_store& s) {
    query::table t;
    t.n_points = s.n_points();
    t.n_tasks = s.n_tasks();
    for (const auto& name : s.grid_names()) {
        store::column c = s.read_grid(name);
        // Schema 1 did not record booleans or seeds as such; the key table knows them.
        const param_key* key = find_param(name);
        if (s.info().schema_version == 1 && key) {
            if (key->kind == value_kind::boolean) c.kind = value_kind::boolean;
            c.seed = key->seed;
        }
        t.grid.push_back(std::move(c));
    }
    t.tasks = s.tasks();
    for (auto st : s.read_status()) t.status.push_back(static_cast<std::int8_t>(st));
    query::set_identities(t, defaults_of_numerics(s.info().numerics_version));
    return t;
}

void check_rows(const store::sweep_store& s) {
    const auto status = s.read_status();
    const auto damaged = s.damaged_done_points(status);
    if (damaged.empty()) return;
    const auto done = std::count(status.begin(), status.end(), store::point_status::done);
    throw store_error(s.path() + " is damaged: " + std::to_string(damaged.size()) + " of its " +
                      std::to_string(done) + " done points no longer match their checksum (" +
                      point_list(damaged) + "). `hetsweep status --verify " + s.path() +
                      "` lists them; `hetsweep run` on the store computes them again");
}

query::row_reader per_task_reader(const store::sweep_store& s, const std::string& name) {
    return
        [&s, name](std::uint64_t first, std::uint64_t count) { return s.read_per_task(name, first, count); };
}

}  // namespace hetsweep::cli
