#pragma once

// The grid of a sweep: the cartesian product of its axes, zipped axes
// varying together. Canonical order: axes in param_table order (a zip group
// at the place of its first member), the first axis slowest; a point's id is
// its index in that order.

#include <hetsweep/sweep/spec.hpp>

#include <string>
#include <vector>

namespace hetsweep {

// Empty if the point is valid, else the rule it breaks (cross-key rules:
// profile/cv feasibility, dt below tau_mean, ...).
std::string point_rule_violation(const point_params& p);

class grid {
  public:
    // Expands and validates every point; throws config_error naming the first
    // bad point, its axis values and the rule.
    explicit grid(const sweep_spec& spec);

    std::size_t size() const { return points_.size(); }
    const point_params& operator[](std::size_t i) const { return points_[i]; }
    const std::vector<point_params>& points() const { return points_; }
    // The varying dimensions, outermost first: each is one axis or a zip group.
    const std::vector<std::vector<axis>>& dimensions() const { return dims_; }
    // "profile = "uniform", cv = 1.0" for point i.
    std::string describe(std::size_t i) const;

  private:
    std::vector<std::vector<axis>> dims_;
    std::vector<point_params> points_;
};

}  // namespace hetsweep
