#pragma once

// Cost per performance level: for each level of a heterogeneity axis and each score bin, the
// cheapest configuration whose score reaches the bin. A configuration is a set of points equal in
// every grid column but the averaged ones (the seeds): its score and its cost are the means over
// its done points, so a lucky seed cannot make a configuration look cheap.

#include <hetsweep/query/levels.hpp>
#include <hetsweep/query/plan.hpp>
#include <hetsweep/query/summary.hpp>
#include <hetsweep/query/table.hpp>
#include <hetsweep/vocab/identity.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hetsweep::query {

struct cost_request {
    std::string metric;  // the cost's name, for messages
    std::string level_axis = heterogeneity_key;
    std::string reference;             // level the savings are against; "": the smallest
    std::vector<double> bins;          // score thresholds; empty: chosen from the scores
    std::vector<std::string> average;  // grid columns averaged over: the seeds (table::seeds)
};

struct cost_row {
    std::uint32_t group = 0;     // point group of the plan (its --by levels)
    std::uint32_t level = 0;     // index into cost_result::level_values
    std::size_t bin = 0;         // index into cost_result::bins
    bool reached = false;        // a configuration of this level reaches the bin
    double cost = 0, score = 0;  // of the cheapest one
    std::uint64_t points = 0;    // its done points
    std::string configuration;   // its other varying columns: "N=200, g_rec=0.9" ("-": none)
    double saving = 0;           // reference cost / cost; NaN when the reference level never reaches the bin
};

struct cost_result {
    levels level_values;          // of the level axis
    std::uint32_t reference = 0;  // index into level_values
    std::vector<double> bins;     // given, or about ten round ones from the lowest to the highest score
    std::vector<std::string> configuration_columns;  // the varying columns naming a configuration
    std::size_t configurations = 0;
    std::vector<cost_row> rows;  // by group, then bin, then level
};

// score: per selected point (per_point_scores with one task group); cost: per store point. A
// configuration reaches bin b when its mean score is >= b; ties in cost go to the higher score.
// Throws config_error when the request does not fit the plan or no done point has a cost.
cost_result cost_per_level(const plan& p, const table& t, const point_values& score,
                           const std::vector<double>& cost, const cost_request& c);

}  // namespace hetsweep::query
