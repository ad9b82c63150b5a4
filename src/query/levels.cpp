#include <hetsweep/query/levels.hpp>

#include <algorithm>
#include <unordered_map>

namespace hetsweep::query {

levels distinct(const column& c, const std::vector<std::uint64_t>& rows,
                std::vector<std::uint32_t>* level_of) {
    levels out;
    out.name = c.name;
    out.type = c.kind;
    if (level_of) level_of->resize(rows.size());
    if (c.is_text()) {
        std::unordered_map<std::string, std::uint32_t> index;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& v = c.text[rows[i]];
            auto [it, fresh] = index.try_emplace(v, std::uint32_t(out.text.size()));
            if (fresh) out.text.push_back(v);
            if (level_of) (*level_of)[i] = it->second;
        }
        return out;
    }
    std::vector<double> values;
    values.reserve(rows.size());
    for (auto r : rows) values.push_back(c.numbers[r]);
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    out.numbers = sorted;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        const column one{c.name, c.kind, {sorted[i]}, {}};
        out.text.push_back(one.display(0));
    }
    if (level_of)
        for (std::size_t i = 0; i < rows.size(); ++i)
            (*level_of)[i] =
                std::uint32_t(std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin());
    return out;
}

}  // namespace hetsweep::query
