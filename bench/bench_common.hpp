#pragma once

// What the benchmarks share: the machine's name and a robust average.

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace hetsweep::bench {

inline std::string cpu_name() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace hetsweep::bench
