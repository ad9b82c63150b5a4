#include "sweep_setup.hpp"

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/version.hpp>

#include <ctime>

namespace hetsweep::cli {

store::schema make_schema(const grid& g, std::uint64_t sweep_seed) {
    store::schema s;
    s.n_points = g.size();
    for (const auto& key : param_table()) {
        store::grid_column col{key.name, {}};
        switch (key.kind) {
            case value_kind::integer: {
                std::vector<std::int64_t> v;
                for (const auto& p : g.points()) v.push_back(std::get<std::int64_t>(key.get(p)));
                col.values = std::move(v);
                break;
            }
            case value_kind::real:
            case value_kind::boolean: {
                std::vector<double> v;
                for (const auto& p : g.points()) v.push_back(as_number(key.get(p)));
                col.values = std::move(v);
                break;
            }
            case value_kind::text: {
                std::vector<std::string> v;
                for (const auto& p : g.points()) v.push_back(std::get<std::string>(key.get(p)));
                col.values = std::move(v);
                break;
            }
        }
        s.grid.push_back(std::move(col));
    }
    evaluator eval(sweep_seed);
    const task_set& tasks = eval.benchmark(g[0]).tasks;
    for (const auto& t : tasks.info) {
        s.tasks.k.push_back(t.k);
        s.tasks.d.push_back(t.d);
        s.tasks.shift.push_back(std::int32_t(t.shift));
        s.tasks.tier.push_back(t.tier);
        s.tasks.delta.push_back(t.delta);
        s.tasks.delta_realised.push_back(t.delta_realised);
        s.tasks.complexity.push_back(t.complexity);
    }
    s.metric_names = output_names(output_shape::per_point);
    s.per_task_names = output_names(output_shape::per_task);
    return s;
}

store::provenance make_provenance(const sweep_spec& spec) {
    store::provenance p;
    p.sweep_name = spec.name;
    p.spec_text = spec.text;
    p.spec_hash = spec.hash();
    p.hetsweep_version = version;
    p.git_commit = git_commit;
    p.created = utc_now();
    return p;
}

double store_bytes(const grid& g) {
    const double points = double(g.size()), tasks = task_family{}.size();
    const double per_point = 2 * tasks * 8 + double(outputs_of(output_shape::per_point).size()) * 8 + 1 + 4 +
                             256 + double(param_table().size()) * 12;
    return points * per_point + tasks * 40 + 64 * 1024;
}

std::string store_mismatch(const std::string& path, const store::sweep_store& s, const sweep_spec& spec,
                           const grid& g, const std::string& advice) {
    if (s.info().spec_hash == spec.hash() && s.n_points() == g.size()) return {};
    return "--store " + path + " belongs to another spec: the store's spec hash is " + s.info().spec_hash +
           " (sweep \"" + s.info().sweep_name + "\"), this spec's is " + spec.hash() + "; " + advice;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace hetsweep::cli
