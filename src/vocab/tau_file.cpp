#include <hetsweep/vocab/tau_file.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/fnv1a.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace hetsweep {

namespace {

struct tau_file_entry {
    std::vector<double> values;
    std::string hash;
};

std::mutex& cache_mutex() {
    static std::mutex mutex;
    return mutex;
}

std::map<std::string, std::unique_ptr<tau_file_entry>>& cache() {
    static std::map<std::string, std::unique_ptr<tau_file_entry>> entries;
    return entries;
}

std::unique_ptr<tau_file_entry> parse_tau_file(const std::string& name, const std::string& path) {
    const std::string what = "tau.file = " + quoted(name) + (name == path ? "" : " (" + path + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw config_error(what + ": cannot open the file");
    constexpr std::uintmax_t max_bytes = 256u << 20;
    in.seekg(0, std::ios::end);
    const auto size = std::uintmax_t(std::max<std::streamoff>(0, in.tellg()));
    if (size > max_bytes)
        throw config_error(what + ": " + human_bytes(double(size)) +
                           "; a file of time constants may hold at most " + human_bytes(double(max_bytes)));
    in.seekg(0);
    std::string bytes(size, '\0');
    in.read(bytes.data(), std::streamsize(size));
    if (!in) throw config_error(what + ": cannot read the file");
    auto entry = std::make_unique<tau_file_entry>();
    entry->hash = fnv1a64_hex(bytes);

    std::istringstream lines(bytes);
    std::string line;
    std::int64_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        line = line.substr(0, line.find('#'));
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        const auto last = line.find_last_not_of(" \t\r");
        const std::string text = line.substr(first, last - first + 1);
        errno = 0;
        char* end = nullptr;
        const double x = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(x) || !(x > 0))
            throw config_error(what + ", line " + std::to_string(number) + ": " + quoted(text) +
                               " is not a time constant (each line holds one finite number > 0, in TU)");
        if (entry->values.size() >= 10'000'000)
            throw config_error(what + ": more than 10 million time constants");
        entry->values.push_back(x);
    }
    if (entry->values.empty()) throw config_error(what + ": the file holds no time constant");
    return entry;
}

const tau_file_entry& entry_of(const std::string& name) {
    const std::lock_guard<std::mutex> lock(cache_mutex());
    auto& entries = cache();
    if (auto it = entries.find(name); it != entries.end()) return *it->second;
    return *entries.emplace(name, parse_tau_file(name, name)).first->second;
}

}  // namespace

void load_tau_file(const std::string& name, const std::string& path) {
    auto entry = parse_tau_file(name, path);
    const std::lock_guard<std::mutex> lock(cache_mutex());
    cache()[name] = std::move(entry);
}

const std::vector<double>& tau_file_values(const std::string& name) {
    return entry_of(name).values;
}

std::string tau_file_hash(const std::string& name) {
    return entry_of(name).hash;
}

}  // namespace hetsweep
