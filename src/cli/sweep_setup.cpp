#include "sweep_setup.hpp"

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/numerics.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/version.hpp>

#include <ctime>

namespace hetsweep::cli {

store::schema make_schema(const grid& g, std::uint64_t sweep_seed) {
    // In value_kind order.
    static constexpr store::column_kind kinds[] = {store::column_kind::integer, store::column_kind::real,
                                                   store::column_kind::boolean, store::column_kind::text};
    store::schema s;
    s.n_points = g.size();
    for (const auto& key : param_table()) {
        store::column col{key.name, kinds[int(key.kind)], key.seed, {}, {}};
        for (const auto& p : g.points()) {
            if (key.kind == value_kind::text)
                col.text.push_back(std::get<std::string>(key.get(p)));
            else
                col.numbers.push_back(as_number(key.get(p)));
        }
        s.grid.push_back(std::move(col));
    }
    evaluator eval(sweep_seed);
    const task_set& tasks = eval.benchmark(g[0]).tasks;
    for (const auto& c : task_columns()) {
        store::column col{
            c.name, c.integer ? store::column_kind::integer : store::column_kind::real, false, {}, {}};
        for (const auto& t : tasks.info) col.numbers.push_back(c.get(t));
        s.tasks.push_back(std::move(col));
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
    p.numerics_version = numerics_version;
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
    const auto& info = s.info();
    if (info.numerics_version != numerics_version) {
        return "--store " + path + " holds results of numerics version " +
               std::to_string(info.numerics_version) + " (hetsweep " + info.hetsweep_version +
               "), and this build computes version " + std::to_string(numerics_version) +
               ": new points would not match the stored ones. Query the store as it is, resume it with "
               "hetsweep " +
               info.hetsweep_version + ", or give a new --store";
    }
    // Stores of schema 1 carry the hash of the first canonical form of the spec.
    const std::string hash = info.schema_version == 1 ? spec.hash_schema_1() : spec.hash();
    if (info.spec_hash == hash && s.n_points() == g.size()) return {};
    return "--store " + path + " belongs to another spec: the store's spec hash is " + s.info().spec_hash +
           " (sweep \"" + s.info().sweep_name + "\"), this spec's is " + hash + "; " + advice;
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
