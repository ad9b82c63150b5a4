#pragma once

// A small command-line reader: positional words, --flag, --option value and
// --option=value, with every unknown or unused option an error.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hetsweep::cli {

class args {
  public:
    // `flags` take no value; `options` take one.
    args(const std::vector<std::string>& words, const std::set<std::string>& flags,
         const std::set<std::string>& options);

    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    std::optional<std::string> option(const std::string& name) const;
    std::string option_or(const std::string& name, const std::string& fallback) const;
    long long integer_or(const std::string& name, long long fallback) const;
    double number_or(const std::string& name, double fallback) const;
    // Every value given for a repeatable option, in order.
    std::vector<std::string> all(const std::string& name) const;

  private:
    std::vector<std::string> positional_;
    std::set<std::string> flags_;
    std::multimap<std::string, std::string> options_;
};

}  // namespace hetsweep::cli
