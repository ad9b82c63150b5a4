#include <hetsweep/query/column.hpp>

#include <hetsweep/query/levels.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace hetsweep::query {

std::string describe_values(const column& c) {
    std::vector<std::uint64_t> rows(c.size());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    const levels l = distinct(c, rows);
    if (l.text.size() <= 12) return join(l.text);
    if (c.is_text()) {
        std::vector<std::string> first(l.text.begin(), l.text.begin() + 12);
        return join(first) + ", ... (" + std::to_string(l.text.size()) + " values)";
    }
    return l.text.front() + " .. " + l.text.back() + " (" + std::to_string(l.text.size()) + " values)";
}

bool varies(const column& c) {
    if (c.size() < 2) return false;
    if (c.is_text())
        return std::any_of(c.text.begin(), c.text.end(), [&](const auto& v) { return v != c.text[0]; });
    return std::any_of(c.numbers.begin(), c.numbers.end(), [&](double v) { return v != c.numbers[0]; });
}

}  // namespace hetsweep::query
