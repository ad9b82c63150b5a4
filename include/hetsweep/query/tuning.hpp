#pragma once

// A tuned baseline (query --tuned KEY): every network compared at its own best setting of KEY (the
// mean time constant, the LIF drive), chosen on validation inside its training window, never on the
// test window. A configuration is the points equal in every grid column but KEY: the same level,
// profile, network seed, input realisation and every other key. Of each, the done point with the
// highest validation score (the readout's blocked cross-validation, metric r2_validation_mean) is
// kept; the others leave the query. So "each level at its own best" against "the homogeneous network
// at its own best", per replicate.

#include <hetsweep/query/table.hpp>

#include <string>
#include <vector>

namespace hetsweep::query {

// Sets t.tuned and t.kept. `validation` holds one value per store point (NaN where not done or not
// validated). Throws config_error naming --tuned when KEY is not a grid column, takes one value
// only, or no point has a validation score (a fixed readout).
void tune(table& t, const std::string& key, const std::vector<double>& validation);

}  // namespace hetsweep::query
