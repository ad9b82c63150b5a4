#pragma once

// The grid of a sweep: the cartesian product of its axes, zipped axes
// varying together. Canonical order: axes in param_table order (a zip group
// at the place of its first member), the first axis slowest; a point's id is
// its index in that order. A design's grids ([[grid]] tables) follow each other
// in the order written, each in that order.

#include <hetsweep/sweep/spec.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace hetsweep {

// Empty if the point is valid, else the rule it breaks (cross-key rules:
// profile/cv feasibility, dt below tau_mean, ...).
std::string point_rule_violation(const point_params& p);

// One grid of a design (or the spec's only grid): points [first, first + size).
struct grid_section {
    std::string name;                     // the [[grid]] name; "" for a spec without them
    std::vector<std::vector<axis>> dims;  // outermost first: each is one axis or a zip group
    std::size_t first = 0, size = 0;
    // "seed (5) x N (5) x cv (4)", zipped axes joined by "+"; "" for a single point.
    std::string shape() const;
};

// The most points a sweep may have. Making and checking a point takes about 20 us, so a grid of
// this size takes seconds before any work starts; a larger one is likelier a typo than a plan
// (a million points of 0.3 s each are already 80 core-hours).
inline constexpr std::size_t max_points = 1'000'000;

class grid {
  public:
    // Expands and validates every point; throws config_error naming each bad point (up to 20, a
    // line each), its axis values and the rule.
    explicit grid(const sweep_spec& spec);

    std::size_t size() const { return points_.size(); }
    const point_params& operator[](std::size_t i) const { return points_[i]; }
    const std::vector<point_params>& points() const { return points_; }
    const std::vector<grid_section>& sections() const { return sections_; }
    const grid_section& section_of(std::size_t i) const;
    // The keys whose value is not the same at every point, in table order.
    std::vector<const param_key*> varying_keys() const;
    // "profile = "uniform", cv = 1.0" for point i ("grid size: N = 400, ..." in a design).
    std::string describe(std::size_t i) const;

    // The first point whose identity (point_identity) is point i's: i itself, or an earlier point
    // with bit-identical results (the homogeneous network of another profile, say).
    std::size_t same_as(std::size_t i) const { return same_as_[i]; }
    // Points that are the first of their identity: the computations the grid needs.
    std::size_t distinct() const { return distinct_; }
    // The later points whose identity is point i's (empty unless same_as(i) == i).
    const std::vector<std::size_t>& copies(std::size_t i) const;

  private:
    std::vector<grid_section> sections_;
    std::vector<const param_key*> varying_;
    std::vector<point_params> points_;
    std::vector<std::size_t> same_as_;
    std::unordered_map<std::size_t, std::vector<std::size_t>> copies_;
    std::size_t distinct_ = 0;
};

}  // namespace hetsweep
