#pragma once

// Numbers as a query's text gives them (a condition's value, a --reference level), and how they
// match the stored ones.

#include <string>

namespace hetsweep::query {

// The whole of text as a finite number, leading white space not allowed; false otherwise.
bool parse_number(const std::string& text, double& out);

// Equal within a relative tolerance of 1e-9: a value typed as 0.08 matches the stored 8 * 0.01.
bool same_number(double a, double b);

}  // namespace hetsweep::query
