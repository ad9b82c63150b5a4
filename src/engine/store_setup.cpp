// A sweep's store made or opened for a spec: its schema, whether a store at the path belongs to
// the spec, and the choice between creating, resuming and growing it.

#include <hetsweep/engine/store_setup.hpp>

#include "growth.hpp"
#include "protocol.hpp"
#include "rename_on_root.hpp"

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/numerics.hpp>

#include <filesystem>
#include <iostream>
#include <utility>

namespace hetsweep::engine {

namespace fs = std::filesystem;

namespace {

// Collective; see open_or_create_store.
void create_store(const comm::context& ctx, const std::string& path, const grid& g, const sweep_spec& spec) {
    const std::string partial = path + ".partial";
    if (ctx.rank() == 0) fs::remove(partial);
    ctx.barrier();
    try {
        const store::schema schema = store::schema_from_root(ctx, [&] { return make_schema(g, spec.seed); });
        store::sweep_store::create(ctx, partial, schema, make_provenance(spec)).close();
    } catch (const store_error&) {
        // Every rank failed alike (a full disk, a path that cannot be written): leave nothing behind.
        ctx.barrier();
        if (ctx.rank() == 0) fs::remove(partial);
        throw;
    }
    if (const std::string error = rename_on_root(ctx, partial, path); !error.empty())
        throw store_error(error);
}

}  // namespace

store::schema make_schema(const grid& g, std::uint64_t sweep_seed) {
    store::schema s;
    s.n_points = g.size();
    s.grid = grid_columns(g.points());
    evaluator eval(sweep_seed);
    const task_set& tasks = eval.benchmark(g[0]).tasks;
    for (const auto& c : task_columns()) {
        column col{c.name, c.integer ? value_kind::integer : value_kind::real, {}, {}};
        for (const auto& t : tasks.info) col.numbers.push_back(c.get(t));
        s.tasks.push_back(std::move(col));
    }
    s.metric_names = output_names(output_shape::per_point);
    s.per_task_names = output_names(output_shape::per_task);
    for (std::size_t i = 0; i < g.size(); ++i) s.same_as.push_back(std::int64_t(g.same_as(i)));
    return s;
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
    // Outputs are never removed from the table, so a store of these numerics lists none this build
    // lacks; a file that does was not written by hetsweep.
    for (const auto& [names, shape] : {std::pair{&s.metric_names(), output_shape::per_point},
                                       std::pair{&s.per_task_names(), output_shape::per_task}})
        for (const auto& name : *names)
            if (!find_output(name, shape))
                return "--store " + path + " lists an output " + quoted(name) +
                       " that this build of hetsweep does not compute; resume it with the build that made it "
                       "(" +
                       info.hetsweep_version + ")";
    // (Stores of schema 1 are all of numerics 1, refused above.)
    const std::string hash = spec.hash();
    if (info.spec_hash == hash && s.n_points() == g.size()) return {};
    return "--store " + path + " belongs to another spec: the store's spec hash is " + s.info().spec_hash +
           " (sweep \"" + s.info().sweep_name + "\"), this spec's is " + hash + "; " + advice;
}

store::sweep_store open_or_create_store(const comm::context& ctx, const std::string& path,
                                        const sweep_spec& spec, const grid& g) {
    // A store takes all its space when it is created, so a disk that is too small is found here,
    // before any work, with the sizes.
    setup_message look;
    if (ctx.rank() == 0) {
        std::error_code ec;
        look.store_exists = fs::exists(path, ec);
        look.text = store_path_problem(path);
        if (look.text.empty())
            look.text = look.store_exists ? resume_space_problem(path) : free_disk_problem(path, g);
        look.ok = look.text.empty();
    }
    look = comm::unpack<setup_message>(ctx.broadcast(comm::pack(look), 0));
    if (!look.ok) throw config_error(look.text);

    // Opening and creating are collective and fail alike on every rank: a clean exit, not an abort.
    store::sweep_store s = [&] {
        try {
            if (!look.store_exists) create_store(ctx, path, g, spec);
            return store::sweep_store::open(ctx, path);
        } catch (const store_error& e) {
            throw config_error(e.what());
        }
    }();
    const std::string mismatch =
        store_mismatch(path, s, spec, g, "resume with the store's own spec, or give a new --store");
    if (!mismatch.empty() && s.info().numerics_version == numerics_version) {
        // Another spec of the same numbers: the store grows into it if it keeps every stored point.
        growth plan;
        if (ctx.rank() == 0) {
            plan = plan_growth(s, spec, g);
            if (plan.problem.empty()) plan.problem = free_disk_problem(path + ".grow.partial", g);
        }
        plan.problem = comm::unpack<std::string>(ctx.broadcast(comm::pack(plan.problem), 0));
        if (plan.problem.empty()) {
            if (ctx.rank() == 0)
                std::cerr << "hetsweep run: " << path << " grows from " << s.n_points() << " to " << g.size()
                          << " points: this spec keeps all " << plan.kept
                          << " of its points and their results (" << plan.rows.size() << " computed)"
                          << std::endl;
            return grow_store(ctx, std::move(s), path, spec, g, plan);
        }
        s.close();
        throw config_error(mismatch + " (it cannot grow into this spec: " + plan.problem + ")");
    }
    if (!mismatch.empty()) {
        s.close();
        throw config_error(mismatch);
    }
    // Every rank reads the status alike, so a damaged value is the same clean error everywhere.
    try {
        (void)s.read_status();
    } catch (const store_error& e) {
        s.close();
        throw config_error(e.what());
    }
    return s;
}

}  // namespace hetsweep::engine
