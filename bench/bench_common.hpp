#pragma once

// What the benchmarks share: the machine's name and a robust average.

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
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

// The machine's dense multiply rate on the readout's largest product, X'Y with X 10000 x 201 and
// Y 10000 x 882, in FLOP/s (median of `repeats`); `checksum` receives the product's sum, which
// keeps the product from being optimised away.
inline double gemm_rate(int repeats, double& checksum) {
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(201, 10000);
    const Eigen::MatrixXd y = Eigen::MatrixXd::Random(10000, 882);
    Eigen::MatrixXd c(201, 882);
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        c.noalias() = x * y;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rates.push_back(2.0 * 201 * 10000 * 882 / s);
    }
    checksum = c.sum();
    return median(rates);
}

}  // namespace hetsweep::bench
