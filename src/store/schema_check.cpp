// The rules a schema keeps before a store is made of it: names HDF5 can link, no name twice, no
// name the store uses itself, sizes that agree.

#include "schema_check.hpp"

#include <set>
#include <string_view>

#include <hetsweep/text.hpp>
#include <hetsweep/vocab/fnv1a.hpp>

namespace hetsweep::store {

namespace {

// Root names a per-task matrix may not take.
const std::set<std::string> reserved_names = {
    "grid",   "tasks",    "task_column_names", "per_task_names", "metric_names", "metrics",
    "status", "attempts", "message",           "runs",           "checksum",     "same_as"};

// Names that become HDF5 link names: non-empty, no '/', not "." .
std::string check_link_name(const std::string& where, const std::string& name) {
    if (name.empty()) return where + " is empty";
    if (name == "." || name.find('/') != std::string::npos)
        return where + " = " + quoted(name) + ": may not contain '/' or be '.'";
    return "";
}

// The first thing wrong with a list of columns of `rows` values each, or "".
std::string find_columns_problem(const std::string& what, const std::vector<column>& columns,
                                 std::uint64_t rows, const std::string& rows_name) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto& c = columns[i];
        const std::string where = what + "[" + std::to_string(i) + "].name";
        if (auto p = check_link_name(where, c.name); !p.empty()) return p;
        if (!seen.insert(c.name).second) return where + " = " + quoted(c.name) + ": appears twice";
        if (c.size() != rows) {
            return what + "[" + std::to_string(i) + "] " + quoted(c.name) + " has " +
                   std::to_string(c.size()) + " values: must have one per row (" + rows_name + " = " +
                   std::to_string(rows) + ")";
        }
    }
    return "";
}

}  // namespace

// The first thing wrong with a schema, or "" if it can be stored.
std::string find_schema_problem(const schema& s) {
    if (s.n_points == 0) return "schema.n_points = 0: must be at least 1";
    if (auto p = find_columns_problem("schema.grid", s.grid, s.n_points, "n_points"); !p.empty()) return p;
    if (s.tasks.empty() || s.tasks.front().size() == 0)
        return "schema.tasks has no rows: must have at least one task";
    if (auto p = find_columns_problem("schema.tasks", s.tasks, s.tasks.front().size(), "n_tasks"); !p.empty())
        return p;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.metric_names.size(); ++i) {
        const std::string where = "schema.metric_names[" + std::to_string(i) + "]";
        if (s.metric_names[i].empty()) return where + " is empty";
        if (!seen.insert(s.metric_names[i]).second)
            return where + " = " + quoted(s.metric_names[i]) + ": appears twice";
    }
    if (s.per_task_names.empty() || s.per_task_names.front() != "scores") {
        return "schema.per_task_names = [" + join(s.per_task_names) + "]: must start with \"scores\"";
    }
    seen.clear();
    for (std::size_t i = 0; i < s.per_task_names.size(); ++i) {
        const std::string& name = s.per_task_names[i];
        const std::string where = "schema.per_task_names[" + std::to_string(i) + "]";
        if (auto p = check_link_name(where, name); !p.empty()) return p;
        if (reserved_names.count(name))
            return where + " = " + quoted(name) + ": is a name the store uses itself";
        if (!seen.insert(name).second) return where + " = " + quoted(name) + ": appears twice";
    }
    if (!s.same_as.empty()) {
        if (s.same_as.size() != s.n_points)
            return "schema.same_as has " + std::to_string(s.same_as.size()) +
                   " values, not n_points = " + std::to_string(s.n_points);
        for (std::size_t i = 0; i < s.same_as.size(); ++i)
            if (s.same_as[i] < 0 || std::uint64_t(s.same_as[i]) > i)
                return "schema.same_as[" + std::to_string(i) + "] = " + std::to_string(s.same_as[i]) +
                       ": must be a point in [0, " + std::to_string(i) + "]";
    }
    return "";
}

// Enough to tell whether two ranks were given the same schema.
std::uint64_t fingerprint(const std::vector<char>& bytes) {
    return fnv1a64(std::string_view(bytes.data(), bytes.size()));
}

}  // namespace hetsweep::store
