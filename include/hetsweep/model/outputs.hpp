#pragma once

// What a point produces, declared once. The store's schema, the rows a run records, the trivial
// points of the engine benchmark, the store size estimate, `point --json` and the query's columns
// are all loops over these tables: a metric computed from what a point_result already holds is one
// line here; a new quantity is a field of point_result and the code that computes it, plus its
// line here. The task columns are declared beside the tasks (tasks.hpp).

#include <hetsweep/model/evaluate.hpp>

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace hetsweep {

enum class output_shape {
    per_point,  // one float64 per point: a column of /metrics
    per_task,   // one float64 per point and task: a matrix of its own, /<name>
};

struct output {
    const char* name;
    output_shape shape;
    const char* unit;  // "" for a pure number
    const char* doc;
    double (*scalar)(const point_result&);  // per_point; NaN where it does not apply
    Eigen::ArrayXd point_result::*row;      // per_task; n_tasks values
    bool timing;  // measures the machine, not the model: left out of determinism checks
};

// Every output, per-point metrics first, each shape in store order. Append only: stores and
// readers address outputs by name, older tools by position.
const std::vector<output>& outputs();
// The outputs of one shape, in store order; the per-task ones start with "scores".
std::vector<const output*> outputs_of(output_shape shape);
std::vector<std::string> output_names(output_shape shape);

// The output named `name` of that shape, or nullptr.
const output* find_output(const std::string& name, output_shape shape);

// One point's values in the order of the given names (a store's own lists, which an older store
// keeps shorter): its metrics, and a pointer to each per-task row (valid while `r` lives). Every
// name must be an output of this build (find_output).
std::vector<double> metric_values(const point_result& r, const std::vector<std::string>& names);
std::vector<const double*> per_task_rows(const point_result& r, const std::vector<std::string>& names);

// A point of the engine benchmark (`run --trivial`): every per-task row 0, no science.
point_result trivial_result(std::size_t n_tasks);

}  // namespace hetsweep
