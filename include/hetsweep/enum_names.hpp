#pragma once

// One name table per enum: to_string, parsing and the list of names all read the same table, so an
// enum gains a value in one line.
//
//     inline constexpr enum_name<colour> colour_names[] = {{colour::red, "red"}, {colour::blue, "blue"}};
//     name_of(colour_names, c);                 // "red"
//     parse_name(colour_names, "blue");         // colour::blue, or nothing

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hetsweep {

template <class E>
struct enum_name {
    E value;
    const char* name;
};

// The value's name, or `unknown` for a value the table does not hold (a byte read from a file).
template <class E, std::size_t N>
const char* name_of(const enum_name<E> (&table)[N], E value, const char* unknown = "unknown") {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return unknown;
}

template <class E, std::size_t N>
std::optional<E> parse_name(const enum_name<E> (&table)[N], const std::string& name) {
    for (const auto& entry : table)
        if (name == entry.name) return entry.value;
    return std::nullopt;
}

// Every name, in table order.
template <class E, std::size_t N>
std::vector<std::string> all_names(const enum_name<E> (&table)[N]) {
    std::vector<std::string> out;
    for (const auto& entry : table) out.emplace_back(entry.name);
    return out;
}

}  // namespace hetsweep
