#include <hetsweep/vocab/names.hpp>

#include <algorithm>
#include <cctype>

namespace hetsweep {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                               diag + (std::tolower(static_cast<unsigned char>(a[i - 1])) !=
                                       std::tolower(static_cast<unsigned char>(b[j - 1])))});
            diag = up;
        }
    }
    return row[b.size()];
}

std::size_t nearest_name(const std::string& name, const std::vector<std::string>& known) {
    std::size_t best = known.size(), best_d = 3;  // at most 2 edits away
    for (std::size_t i = 0; i < known.size(); ++i)
        if (const std::size_t d = edit_distance(name, known[i]); d < best_d) {
            best_d = d;
            best = i;
        }
    return best;
}

}  // namespace hetsweep
