#include "row_blocks.hpp"

namespace hetsweep::query {

std::uint64_t group_sums(const plan& p, const double* row, std::vector<double>& sum,
                         std::vector<std::uint64_t>& count) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(count.begin(), count.end(), 0);
    std::uint64_t non_finite = 0;
    for (std::size_t k = 0; k < p.tasks.size(); ++k) {
        const double v = row[p.tasks[k]];
        if (!std::isfinite(v)) {
            ++non_finite;
            continue;
        }
        sum[p.task_group[k]] += p.req.clip ? std::max(v, 0.0) : v;
        ++count[p.task_group[k]];
    }
    return non_finite;
}

}  // namespace hetsweep::query
