#pragma once

// The grid of a sweep: the cartesian product of its axes, zipped axes
// varying together. Canonical order: axes in param_table order (a zip group
// at the place of its first member), the first axis slowest; a point's id is
// its index in that order.

#include <hetsweep/sweep/spec.hpp>

#include <string>
#include <unordered_map>
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

    // The first point whose identity (point_identity) is point i's: i itself, or an earlier point
    // with bit-identical results (the homogeneous network of another profile, say).
    std::size_t same_as(std::size_t i) const { return same_as_[i]; }
    // Points that are the first of their identity: the computations the grid needs.
    std::size_t distinct() const { return distinct_; }
    // The later points whose identity is point i's (empty unless same_as(i) == i).
    const std::vector<std::size_t>& copies(std::size_t i) const;

  private:
    std::vector<std::vector<axis>> dims_;
    std::vector<point_params> points_;
    std::vector<std::size_t> same_as_;
    std::unordered_map<std::size_t, std::vector<std::size_t>> copies_;
    std::size_t distinct_ = 0;
};

}  // namespace hetsweep
