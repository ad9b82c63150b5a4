#include <hetsweep/engine/platform.hpp>

#include <hetsweep/comm/pack.hpp>
#include <hetsweep/model/blas.hpp>
#include <hetsweep/version.hpp>

#include <fstream>
#include <map>
#include <vector>

namespace hetsweep::engine {

namespace {

// The kernel's own name for the processor ("AMD EPYC 9R14"), the first "model name" of /proc/cpuinfo.
std::string cpu_model_name() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) != 0) continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) break;
        const auto first = line.find_first_not_of(" \t", colon + 1);
        return first == std::string::npos ? "unknown" : line.substr(first);
    }
    return "unknown";
}

// "0-3" for a run of consecutive ranks, "4" for one.
std::string rank_ranges(const std::vector<int>& ranks) {
    std::string out;
    for (std::size_t i = 0; i < ranks.size();) {
        std::size_t j = i;
        while (j + 1 < ranks.size() && ranks[j + 1] == ranks[j] + 1) ++j;
        out += (out.empty() ? "" : ", ") + std::to_string(ranks[i]) +
               (j > i ? "-" + std::to_string(ranks[j]) : std::string());
        i = j + 1;
    }
    return out;
}

}  // namespace

std::string build_description() {
    // The macros say what the compiler was allowed to emit for this file, compiled with the flags of
    // every layer (CMake's add_compile_options).
    std::string isa;
#if defined(__AVX512F__)
    isa = "AVX-512F";
#elif defined(__AVX2__)
    isa = "AVX2";
#elif defined(__AVX__)
    isa = "AVX";
#elif defined(__SSE2__)
    isa = "SSE2";
#else
    isa = "no x86 vector extension";
#endif
#if defined(__FMA__)
    isa += ", FMA";
#endif
    return native_build ? "native (-march=native: " + isa + ")" : "portable (" + isa + ")";
}

std::string cpu_description() {
    return cpu_model_name() + " [" + describe(this_cpu()) + "]";
}

std::string this_platform() {
    return "CPU " + cpu_description() + "; " + blas_in_use().text() + "; build " + build_description();
}

std::string platforms_of(const comm::context& ctx) {
    const auto all = ctx.gather(comm::pack(this_platform()), 0);
    std::string text;
    if (ctx.rank() == 0) {
        std::vector<std::string> order;
        std::map<std::string, std::vector<int>> ranks;
        for (std::size_t r = 0; r < all.size(); ++r) {
            const auto p = comm::unpack<std::string>(all[r]);
            if (!ranks.count(p)) order.push_back(p);
            ranks[p].push_back(int(r));
        }
        for (const auto& p : order) {
            const auto& rs = ranks[p];
            text += (text.empty() ? "" : " | ") + p;
            if (order.size() > 1)
                text += " (rank" + std::string(rs.size() > 1 ? "s " : " ") + rank_ranges(rs) + ")";
        }
    }
    return comm::unpack<std::string>(ctx.broadcast(comm::pack(text), 0));
}

}  // namespace hetsweep::engine
