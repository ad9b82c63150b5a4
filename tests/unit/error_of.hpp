#pragma once

// The message a rule-breaking input gets, for tests that assert on it.

#include <hetsweep/errors.hpp>

#include <functional>
#include <string>

namespace hetsweep::test {

// The config_error message of `action`, or a marker if it throws none.
inline std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const config_error& e) {
        return e.what();
    }
    return "(no config_error)";
}

// The same for the numerical_error of a computation that cannot be done.
inline std::string numerical_error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const numerical_error& e) {
        return e.what();
    }
    return "(no numerical_error)";
}

}  // namespace hetsweep::test
