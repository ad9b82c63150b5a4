#pragma once

// The few text helpers every layer needs: lists, quoting, and JSON values. Header-only, so that
// the numerics layer can use them without a dependency.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace hetsweep {

// "a, b, c"
inline std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i];
    }
    return out;
}

// "name", with its double quotes: a name or value the user gave, set apart in a message.
// "point 7" or "points 3, 17, 40 and 2 more": at most `shown` numbers.
inline std::string point_list(const std::vector<std::uint64_t>& points, std::size_t shown = 10) {
    std::string out = points.size() == 1 ? "point " : "points ";
    for (std::size_t i = 0; i < points.size() && i < shown; ++i)
        out += (i ? ", " : "") + std::to_string(points[i]);
    if (points.size() > shown) out += " and " + std::to_string(points.size() - shown) + " more";
    return out;
}

inline std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

// The shortest decimal spelling of x that parses back to x ("0.5", "1e-06", "-1.92"); "nan",
// "inf", "-inf".
inline std::string shortest(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
    return std::string(buf, end);
}

// A message for stderr, cut to `limit` characters: an error that echoes its input (a key, a
// value, a file name) must not echo a megabyte of it.
inline std::string cut(const std::string& message, std::size_t limit = 2000) {
    if (message.size() <= limit) return message;
    return message.substr(0, limit) + " ... (" + std::to_string(message.size()) + " characters in all)";
}

// An error for stderr: each line of `message` (cut to 2000 characters each) after `prefix`.
inline std::string error_lines(const std::string& prefix, const std::string& message) {
    std::string out;
    for (std::size_t from = 0; from < message.size() || out.empty();) {
        const std::size_t end = std::min(message.find('\n', from), message.size());
        out += prefix + cut(message.substr(from, end - from)) + '\n';
        from = end + 1;
    }
    return out;
}

// A JSON string literal: quotes, backslashes and control characters escaped.
inline std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

// Full precision, so that a reader gets the very double; JSON has no NaN or infinity: null.
inline std::string json_number(double x) {
    return std::isfinite(x) ? shortest(x) : "null";
}

// "512 B", "1.5 KiB", "24.0 MiB": a size for people.
inline std::string human_bytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f %s", u ? 1 : 0, bytes, units[u]);
    return buf;
}

inline std::string json_strings(const std::vector<std::string>& items) {
    std::vector<std::string> quoted_items;
    for (const auto& s : items) quoted_items.push_back(json_string(s));
    return "[" + join(quoted_items) + "]";
}

}  // namespace hetsweep
