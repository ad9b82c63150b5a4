#include <hetsweep/sweep/batching.hpp>

#include <hetsweep/text.hpp>
#include <hetsweep/vocab/estimates.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/model_rules.hpp>

#include <algorithm>
#include <string>
#include <unordered_map>

namespace hetsweep {

namespace {

double state_bytes(const point_params& p) {
    const timeline_steps tl = make_timeline(p);
    return 8.0 * double(p.N + 1) * double(tl.train + tl.test);
}

}  // namespace

std::vector<std::vector<std::size_t>> make_batches(const grid& g, std::size_t max_members) {
    // The points of each network, networks in the order of their first point.
    std::vector<std::vector<std::size_t>> networks;
    std::vector<std::size_t> limits;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (g.same_as(i) != i) continue;
        const point_params& p = g[i];
        const auto fits = std::size_t(std::max(1.0, batch_state_bytes / state_bytes(p)));
        const std::size_t limit = find_model_rules(p.model).batches ? std::min(max_members, fits) : 1;
        const std::string network = limit > 1 ? network_identity(p) : "#" + std::to_string(i);
        const auto [it, added] = index.emplace(network, networks.size());
        if (added) {
            networks.emplace_back();
            limits.push_back(limit);
        }
        networks[it->second].push_back(i);
    }
    // Each network's points in as few batches as the limit allows, of sizes that differ by at most
    // one (12 points at most 8 to a batch: 6 and 6, not 8 and 4), so that the batches even out.
    std::vector<std::vector<std::size_t>> out;
    for (std::size_t k = 0; k < networks.size(); ++k) {
        const std::vector<std::size_t>& points = networks[k];
        const std::size_t count = (points.size() + limits[k] - 1) / limits[k];
        for (std::size_t b = 0; b < count; ++b)
            out.emplace_back(points.begin() + long(points.size() * b / count),
                             points.begin() + long(points.size() * (b + 1) / count));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
    return out;
}

memory_need largest_memory_need(const grid& g, const std::vector<std::vector<std::size_t>>& batches) {
    memory_need out;
    for (const auto& b : batches) {
        const double bytes = point_memory_bytes(g[b.front()], b.size());
        if (bytes > out.bytes) out = {bytes, b.front(), b.size()};
    }
    return out;
}

std::string memory_problem(const grid& g, const memory_need& need, double limit_bytes) {
    if (need.bytes <= limit_bytes) return {};
    const point_params& p = g[need.point];
    return "point " + std::to_string(need.point) + " (" + g.describe(need.point) + ") needs about " +
           human_bytes(need.bytes) + " of memory" +
           (need.members > 1 ? " in a batch of " + std::to_string(need.members) : std::string()) +
           ", more than the " + human_bytes(limit_bytes) +
           " a rank may use here (HETSWEEP_MEMORY_LIMIT, or the node's memory over its ranks); it grows with "
           "network.N = " +
           std::to_string(p.N) + ", the recorded samples timeline.train + timeline.test = " +
           format_value(param_value(p.train + p.test)) +
           " TU over network.dt = " + format_value(param_value(p.dt)) +
           (need.members > 1 ? " and sweep.batch" : "");
}

}  // namespace hetsweep
