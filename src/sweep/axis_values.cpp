// Axes generated from a rule (ranges and geometric series), their values rounded so that an axis
// holds the numbers a person would write.

#include "axis_values.hpp"

#include <hetsweep/errors.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace hetsweep {

namespace {

// x rounded to 12 significant digits: the value a generated axis holds (0.30000000000000004 is 0.3).
double twelve_digits(double x) {
    char text[64];
    std::snprintf(text, sizeof text, "%.12g", x);
    return std::strtod(text, nullptr);
}

}  // namespace

// START:STOP:STEP, as an axis of numbers START, START + STEP, ..., STOP (STOP reached exactly, to
// 1e-9 of a step); nothing if `value` is not of that form. Each value is rounded to 12 significant
// digits, so that 0:1:0.1 gives 0.3, not 0.30000000000000004.
std::optional<toml::array> range_values(const std::string& value, const std::string& where) {
    if (std::count(value.begin(), value.end(), ':') != 2 || value.find_first_of("\"'[]") != std::string::npos)
        return std::nullopt;
    double part[3];
    std::size_t from = 0;
    for (int k = 0; k < 3; ++k) {
        const std::size_t to = k < 2 ? value.find(':', from) : value.size();
        const std::string text = value.substr(from, to - from);
        char* end = nullptr;
        part[k] = std::strtod(text.c_str(), &end);
        if (text.empty() || *end || !std::isfinite(part[k])) return std::nullopt;
        from = to + 1;
    }
    const auto [start, stop, step] = part;
    const std::string rule =
        ": a range is START:STOP:STEP with STEP > 0, STOP >= START, STOP - START a whole "
        "number of steps and at most 10000 values";
    if (!(step > 0) || stop < start) throw config_error(where + value + rule);
    const double steps = (stop - start) / step;
    if (steps > 9999 || std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps))
        throw config_error(where + value + rule);
    // Whole numbers stay integers, so that N=100:400:100 fits an integer key.
    const bool whole = std::trunc(start) == start && std::trunc(step) == step && std::fabs(stop) < 1e15;
    toml::array out;
    for (long i = 0; i <= std::lround(steps); ++i) {
        if (whole) {
            out.push_back(std::int64_t(start) + std::int64_t(i) * std::int64_t(step));
            continue;
        }
        out.push_back(twelve_digits(start + double(i) * step));
    }
    return out;
}

// BASE*FACTOR^FIRST..LAST, as an axis BASE*FACTOR^FIRST, ..., BASE*FACTOR^LAST (whole exponents):
// 50*2^0..4 is [50, 100, 200, 400, 800]. Nothing if `value` is not of that form. Integers stay
// integers; other values are rounded to 12 significant digits, as ranges are.
std::optional<toml::array> geometric_values(const std::string& value, const std::string& where) {
    static const std::regex form(R"(^([-+0-9.eE]+)\*([-+0-9.eE]+)\^(-?[0-9]+)\.\.(-?[0-9]+)$)");
    std::smatch m;
    if (!std::regex_match(value, m, form)) return std::nullopt;
    const std::string rule =
        ": a geometric axis is BASE*FACTOR^FIRST..LAST with finite BASE and FACTOR > 0, whole "
        "exponents FIRST <= LAST, at most 10000 values, each finite";
    char* end = nullptr;
    const double base = std::strtod(m[1].str().c_str(), &end);
    if (*end || !std::isfinite(base)) throw config_error(where + value + rule);
    const double factor = std::strtod(m[2].str().c_str(), &end);
    if (*end || !(factor > 0) || !std::isfinite(factor)) throw config_error(where + value + rule);
    const long first = std::strtol(m[3].str().c_str(), nullptr, 10),
               last = std::strtol(m[4].str().c_str(), nullptr, 10);
    if (last < first || last - first > 9999) throw config_error(where + value + rule);
    const bool whole = std::trunc(base) == base && std::trunc(factor) == factor && first >= 0;
    toml::array out;
    for (long k = first; k <= last; ++k) {
        const double x = base * std::pow(factor, double(k));
        if (!std::isfinite(x)) throw config_error(where + value + rule);
        if (whole && std::fabs(x) < 1e15) {
            out.push_back(std::int64_t(std::llround(x)));
            continue;
        }
        out.push_back(twelve_digits(x));
    }
    return out;
}

}  // namespace hetsweep
