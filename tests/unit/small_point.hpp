#pragma once

// A grid point cheap enough for a unit test: N = 20 and a timeline of 2 + 5 + 3 TU (plus margins),
// and a validation gap of 0.5 TU that leaves each of the readout's 3 folds training data, with every
// other key at its default.

#include <hetsweep/vocab/params.hpp>

namespace hetsweep::test {

inline point_params small_point(double cv = 1.0) {
    point_params p;
    p.N = 20;
    p.washout = 2;
    p.train = 5;
    p.test = 3;
    p.margin = 2;
    p.gap = 0.5;
    p.transient = 10;
    p.cv = cv;
    return p;
}

}  // namespace hetsweep::test
