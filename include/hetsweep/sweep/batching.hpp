#pragma once

// Batches: the points a rank evaluates together. The points of one network (equal
// network_identity: the same weights, input, noise and targets, other time constants) share their
// simulation where the model batches (neuron_model::batches), so the scheduler hands them out as
// one piece of work. Batches are fixed by the grid and the spec's `batch`, never by the schedule;
// and since a member's results do not depend on its batch, neither do the store's.

#include <hetsweep/sweep/grid.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace hetsweep {

// The most bytes of simulated states a batch holds at once (each member's (N + 1) x samples
// design matrix): 1 GiB, so that a batch of large networks stays within a node's share per core.
inline constexpr double batch_state_bytes = double(1u << 30);

// The grid's points that are the first of their identity (grid::same_as), in batches: the points
// of one network in id order, cut into as few runs as hold at most `max_members` each (and at most
// batch_state_bytes of states), of sizes that differ by at most one; a point of a model that does
// not batch is a batch of its own. Batches are in the order of their first point.
std::vector<std::vector<std::size_t>> make_batches(const grid& g, std::size_t max_members);

// The largest memory estimate (point_memory_bytes) of any batch of `batches`, and the batch's first point.
struct memory_need {
    double bytes = 0;
    std::size_t point = 0, members = 0;
};
memory_need largest_memory_need(const grid& g, const std::vector<std::vector<std::size_t>>& batches);

// Empty if the largest batch fits in `limit_bytes`, else a message naming the point, both sizes and
// the keys that drive the estimate.
std::string memory_problem(const grid& g, const memory_need& need, double limit_bytes);

}  // namespace hetsweep
