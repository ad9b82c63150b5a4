// A store grown into a spec that keeps all its points: which stored rows go where, and the store
// rebuilt with them, so that adding seeds or levels to a sweep keeps every result computed.

#include "growth.hpp"

#include "point_outcome.hpp"
#include "rename_on_root.hpp"

#include <hetsweep/engine/provenance.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/numerics.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <unordered_map>
#include <variant>

namespace hetsweep::engine {

namespace fs = std::filesystem;

growth plan_growth(const store::sweep_store& s, const sweep_spec& spec, const grid& g) {
    growth out;
    const auto& info = s.info();
    if (info.invariants.empty()) {
        out.problem =
            "it was made before hetsweep 0.5, which did not record the sweep seed a store needs to grow";
        return out;
    }
    if (info.invariants != spec.invariants()) {
        auto one_line = [](std::string text) {
            while (!text.empty() && text.back() == '\n') text.pop_back();
            for (std::size_t at; (at = text.find('\n')) != std::string::npos;) text.replace(at, 1, "; ");
            return text;
        };
        out.problem =
            "its sweep seed or benchmark flag differs from this spec's (store: " + one_line(info.invariants) +
            "; spec: " + one_line(spec.invariants()) + ")";
        return out;
    }
    std::vector<column> stored_grid;
    for (const auto& name : s.grid_names()) stored_grid.push_back(s.read_grid(name));
    const std::uint64_t n_stored = s.n_points();
    const auto stored = identity_texts(stored_grid, n_stored, defaults_of_numerics(info.numerics_version));
    const auto status = s.read_status();
    std::unordered_map<std::string, std::uint64_t> first;
    for (std::size_t i = 0; i < g.size(); ++i)
        if (g.same_as(i) == i) first.emplace(point_identity(g[i]), i);
    for (std::uint64_t r = 0; r < n_stored; ++r) {
        const auto it = first.find(stored[r]);
        if (it == first.end()) {
            // Name a key whose stored value no point of the new grid has (where it applies), if there is one.
            for (const auto& c : stored_grid) {
                const param_key* key = find_param(c.name);
                if (!key) continue;
                bool found = false, applies = false;
                for (std::size_t i = 0; i < g.size() && !found; ++i) {
                    if (!key->applies_to(g[i])) continue;
                    applies = true;
                    const param_value v = key->get(g[i]);
                    if (c.is_text())
                        found =
                            std::holds_alternative<std::string>(v) && std::get<std::string>(v) == c.text[r];
                    else
                        found = !std::holds_alternative<std::string>(v) && as_number(v) == c.numbers[r];
                }
                if (applies && !found) {
                    out.problem =
                        "its point " + std::to_string(r) + " has " + key->path() + " = " + c.display(r) +
                        ", which no point of this spec has (a store grows by new values; a changed or "
                        "removed one would change or drop stored points)";
                    return out;
                }
            }
            out.problem = "its point " + std::to_string(r) +
                          " is not in this spec's grid (each of its values is, but not together)";
            return out;
        }
        ++out.kept;
        if (status[r] != store::point_status::pending) out.rows.emplace_back(r, it->second);
    }
    return out;
}

store::sweep_store grow_store(const comm::context& ctx, store::sweep_store old, const std::string& path,
                              const sweep_spec& spec, const grid& g, const growth& plan) {
    const std::string partial = path + ".grow.partial";
    if (ctx.rank() == 0) fs::remove(partial);
    ctx.barrier();
    const store::schema schema = store::schema_from_root(ctx, [&] { return make_schema(g, spec.seed); });
    store::sweep_store fresh = [&] {
        try {
            return store::sweep_store::create(ctx, partial, schema, make_provenance(spec));
        } catch (const store_error& e) {
            ctx.barrier();
            if (ctx.rank() == 0) fs::remove(partial);
            throw config_error(e.what());
        }
    }();
    for (const auto& r : old.runs().list()) fresh.runs().begin(r);
    const std::string now = utc_now();
    fresh.runs().begin({now, now,
                        "grown from " + std::to_string(old.n_points()) + " to " + std::to_string(g.size()) +
                            " points (spec hash " + old.info().spec_hash + " to " + spec.hash() + "), " +
                            std::to_string(plan.rows.size()) + " computed points kept",
                        "", ctx.size(), "", ""});
    if (ctx.rank() == 0) {
        const auto status = old.read_status();
        const auto attempts = old.read_attempts();
        const auto metrics = old.read_metrics();
        const auto messages = old.read_messages();
        const auto damaged = old.damaged_done_points(status);
        if (!damaged.empty())
            std::cerr << "hetsweep run: " << damaged.size() << " done point"
                      << (damaged.size() == 1 ? "" : "s") << " of " << path
                      << " no longer match their checksum (the file was damaged): " << point_list(damaged)
                      << "; they are not kept and are computed again" << std::endl;
        for (const auto& [row, point] : plan.rows) {
            if (std::binary_search(damaged.begin(), damaged.end(), row)) continue;
            if (status[row] == store::point_status::failed) {
                fresh.write_failed(point, messages[row], attempts[row]);
                continue;
            }
            copy_done_row(old, row, metrics, attempts[row], fresh, point);
        }
    }
    ctx.barrier();
    old.close();
    fresh.close();
    if (const std::string error = rename_on_root(ctx, partial, path); !error.empty())
        throw config_error(error);
    return store::sweep_store::open(ctx, path);
}

}  // namespace hetsweep::engine
