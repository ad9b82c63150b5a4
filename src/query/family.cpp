#include <hetsweep/query/family.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hetsweep::query {

adjustment parse_adjustment(const std::string& name) {
    if (auto a = parse_name(adjustment_names, name)) return *a;
    throw config_error("--adjust " + name + ": must be one of " + join(all_names(adjustment_names)));
}

std::vector<double> adjust(const std::vector<double>& p, adjustment how) {
    std::vector<double> out(p.size(), std::nan(""));
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
    const double m = double(order.size());
    if (how == adjustment::none) {
        for (std::size_t i : order) out[i] = p[i];
    } else if (how == adjustment::holm) {
        // Step down: the k-th smallest (k from 0) times m - k, never below the one before.
        double running = 0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            running = std::max(running, std::min(1.0, (m - double(k)) * p[order[k]]));
            out[order[k]] = running;
        }
    } else {
        // Step up: the k-th smallest (k from 1) times m / k, never above the one after.
        double running = 1;
        for (std::size_t k = order.size(); k-- > 0;) {
            running = std::min(running, std::min(1.0, m / double(k + 1) * p[order[k]]));
            out[order[k]] = running;
        }
    }
    return out;
}

}  // namespace hetsweep::query
