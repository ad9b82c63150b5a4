#include "query_source.hpp"

#include <hetsweep/model/param_table.hpp>

namespace hetsweep::cli {

namespace {

template <class T>
std::vector<double> as_doubles(const std::vector<T>& v) {
    return std::vector<double>(v.begin(), v.end());
}

query::column task_column(const std::string& name, const std::vector<std::int32_t>& v) {
    return {name, query::column::kind::integer, as_doubles(v), {}};
}

query::column task_column(const std::string& name, const std::vector<double>& v) {
    return {name, query::column::kind::real, v, {}};
}

}  // namespace

query::table load_query_table(const store::sweep_store& s) {
    query::table t;
    t.n_points = s.n_points();
    t.n_tasks = s.n_tasks();
    for (const auto& name : s.grid_names()) {
        store::grid_column g = s.read_grid(name);
        query::column c;
        c.name = name;
        if (auto* text = std::get_if<std::vector<std::string>>(&g.values)) {
            c.type = query::column::kind::text;
            c.text = std::move(*text);
        } else if (auto* integers = std::get_if<std::vector<std::int64_t>>(&g.values)) {
            c.type = query::column::kind::integer;
            c.numbers = as_doubles(*integers);
        } else {
            const param_key* key = find_param(name);
            c.type = key && key->kind == value_kind::boolean ? query::column::kind::boolean
                                                             : query::column::kind::real;
            c.numbers = std::move(std::get<std::vector<double>>(g.values));
        }
        t.grid.push_back(std::move(c));
    }
    const auto& tasks = s.tasks();
    t.tasks = {task_column("k", tasks.k),
               task_column("d", tasks.d),
               task_column("delta", tasks.delta),
               task_column("delta_realised", tasks.delta_realised),
               task_column("shift", tasks.shift),
               task_column("tier", tasks.tier),
               task_column("complexity", tasks.complexity)};
    for (auto st : s.read_status()) t.status.push_back(static_cast<std::int8_t>(st));
    return t;
}

query::row_reader per_task_reader(const store::sweep_store& s, const std::string& name) {
    return
        [&s, name](std::uint64_t first, std::uint64_t count) { return s.read_per_task(name, first, count); };
}

}  // namespace hetsweep::cli
