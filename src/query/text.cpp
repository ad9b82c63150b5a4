#include <hetsweep/query/text.hpp>

namespace hetsweep::query {

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
    return out;
}

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

}  // namespace hetsweep::query
