#pragma once

// When two points are the same computation, and which point is a point's partner in a paired
// comparison: defined here once, for the grid of a spec, the columns of a store, growth, the query
// and the progress line alike.
//
//   identity   the value of every key that applies to the point (param_key::applies), one
//              "path = value" line each, in table order (point_identity). Two points of one
//              identity have bit-identical results: a homogeneous network is the same under every
//              profile.
//   replicate  the values of the seed keys (param_key::seed: the network seed and the input seed):
//              the unit whose repetition a statistic is over.
//   partner    under KEY = VALUE, the point equal to a point in every other grid column, with
//              KEY = VALUE (--paired cv=0: the homogeneous network of the same seeds).

#include <hetsweep/vocab/column.hpp>
#include <hetsweep/vocab/params.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace hetsweep {

// The key whose value 0 is the homogeneous network: the heterogeneity level, the axis every paired
// comparison of the paper is against.
inline constexpr const char* heterogeneity_key = "cv";

std::string point_identity(const point_params& p);
// The identity without the [tau] keys: points equal in it are one network with different time
// constants (the same weights, input, noise and targets), which a batch simulates together.
std::string network_identity(const point_params& p);

// Per point i of n, the first point whose identity is i's (i itself if none), from identity_of(i).
// Identities are compared by their FNV-1a hash first and then in full, so a collision cannot merge
// two points.
std::vector<std::size_t> first_of_each_identity(std::size_t n,
                                                const std::function<std::string(std::size_t)>& identity_of);

// The identity of each point of stored grid columns: point_identity of the point rebuilt from the
// columns, a key the columns lack taking its value in `defaults` (defaults_of_numerics of the store's
// version), plus a "name=value" line for each column this build cannot set as a key (they still
// tell points apart).
std::vector<std::string> identity_texts(const std::vector<column>& grid, std::uint64_t n_points,
                                        const point_params& defaults);

inline constexpr std::uint64_t no_partner = std::numeric_limits<std::uint64_t>::max();

// Per point, its partner: the point (the first, in store order) whose `key` column is a reference
// value (is_reference) and whose other grid columns all equal the point's; no_partner where there is
// none. A reference point's partner is itself.
// `tuned`, where given, is a column left out of the comparison too (a setting each point chose for
// itself: query/tuning.hpp).
std::vector<std::uint64_t> partners(const std::vector<column>& grid, const column& key,
                                    const std::vector<char>& is_reference, const column* tuned = nullptr);

// The point's replicate: the values of its seed columns, as one text (equal for points of the same
// network seed and input seed).
std::string replicate_of(const std::vector<column>& grid, std::uint64_t point);

// The two replicate factors, crossed in a design: the network seed (weights, time constants, noise)
// and the input realisation (the input seed; and any other seed column). Statistics over replicates
// separate their variances (query/replicates.hpp).
inline constexpr const char* network_seed_key = "seed";
struct replicate_factors {
    std::string network, input;  // the levels, as texts; "" for a factor the grid lacks
};
replicate_factors factors_of(const std::vector<column>& grid, std::uint64_t point);

}  // namespace hetsweep
