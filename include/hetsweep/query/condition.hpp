#pragma once

// The condition language of --where, --task and the task shorthands (--tier, --k, --d, --delta):
// parsing a condition and evaluating it on a column.

#include <hetsweep/query/column.hpp>

#include <string>
#include <vector>

namespace hetsweep::query {

// One filter: cv>=0.5, profile=gamma,normal, N=100..400, seed!=3.
struct condition {
    enum class op { in, not_in, less, less_equal, greater, greater_equal, range };

    std::string option;  // "--where", "--tier", ...: how the user gave it, for messages
    std::string text;    // as the user wrote it
    std::string key;
    op kind = op::in;
    std::vector<std::string> values;  // in, not_in: the values; comparisons: the bound; range: lo, hi

    std::string describe() const;   // "--where cv>=abc", "--tier 5": as given
    std::string canonical() const;  // "cv>=abc", "tier=5"
};

// KEY=V, KEY=V1,V2, KEY=LO..HI, KEY!=V, KEY<X, KEY<=X, KEY>X, KEY>=X. Throws config_error naming
// the option, the text and the accepted forms. Values stay text until evaluate() knows the column.
condition parse_condition(const std::string& option, const std::string& text);
// The same without the key, for options that name it: "2", "0,1", "-1..1", ">=0".
condition parse_value_condition(const std::string& option, const std::string& key, const std::string& text);

// Which rows of c satisfy cond (1 or 0). Numbers compare with a relative tolerance of 1e-9, so that
// 0.08 matches the stored 8 * 0.01; ranges include both ends. Throws config_error when a value is
// not of the column's kind or the operator does not apply to it.
std::vector<char> evaluate(const condition& cond, const column& c);

}  // namespace hetsweep::query
