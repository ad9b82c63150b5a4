#pragma once

// How the query engine and its output spell lists and quote values, so that a message and an answer
// name things the same way.

#include <string>
#include <vector>

namespace hetsweep::query {

// "a, b, c"; another separator for canonical conditions ("0,1") and combined filters (" and ").
std::string join(const std::vector<std::string>& items, const char* sep = ", ");

// "abc", with its double quotes: a value as the user typed it, set apart in a message.
std::string quoted(const std::string& s);

}  // namespace hetsweep::query
