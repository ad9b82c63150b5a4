#include "summary.hpp"

#include "common.hpp"

#include <map>
#include <sstream>

namespace hetsweep::cli {

std::string summary_table(const store::sweep_store& s, const grid& g) {
    std::vector<const param_key*> by;
    for (const param_key* k : g.varying_keys())
        if (!k->seed) by.push_back(k);
    const auto status = s.read_status();
    const auto raw = s.read_metric("r2_mean");
    const auto clipped = s.read_metric("r2_clipped_mean");

    struct cell {
        double raw = 0, clipped = 0;
        std::size_t n = 0;
    };
    std::map<std::vector<std::string>, cell> groups;  // ordered by the formatted values
    std::vector<std::vector<std::string>> order;
    auto key_of = [&](std::size_t i) {
        std::vector<std::string> key;
        for (const param_key* k : by) key.push_back(display_value(k->get(g[i])));
        return key;
    };
    for (std::size_t i = 0; i < g.size(); ++i) {
        const auto key = key_of(i);
        auto [it, fresh] = groups.try_emplace(key);
        if (fresh) order.push_back(key);
        if (status[i] != store::point_status::done) continue;
        // A network two grids share is one network of its row.
        if (g.same_as(i) != i && key_of(g.same_as(i)) == key) continue;
        it->second.raw += raw[i];
        it->second.clipped += clipped[i];
        ++it->second.n;
    }
    std::ostringstream out;
    out << "mean R^2 over the " << s.n_tasks()
        << " tasks and the replicates (network x input seeds; test window; clipped = each task's R^2 clipped "
           "at 0 first)\n";
    std::vector<std::size_t> width;
    for (const param_key* k : by) {
        std::size_t w = k->name.size();
        for (const auto& k : order) w = std::max(w, k[width.size()].size());
        width.push_back(w);
    }
    auto pad = [](const std::string& x, std::size_t w) {
        return x + std::string(w > x.size() ? w - x.size() : 0, ' ');
    };
    for (std::size_t j = 0; j < by.size(); ++j) out << pad(by[j]->name, width[j]) << "  ";
    out << "clipped   raw      points\n";
    for (const auto& key : order) {
        const cell& c = groups[key];
        for (std::size_t j = 0; j < by.size(); ++j) out << pad(key[j], width[j]) << "  ";
        if (c.n)
            out << fixed(c.clipped / double(c.n), 4) << "    " << pad(fixed(c.raw / double(c.n), 4), 7)
                << "  " << c.n;
        else
            out << "-         -        0";
        out << '\n';
    }
    return out.str();
}

}  // namespace hetsweep::cli
