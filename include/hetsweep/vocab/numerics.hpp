#pragma once

// The version of the numbers: what a point's results are, given its spec keys. It is part of every
// spec hash and stored in every store, so that a store computed under other numerics is refused for
// resuming (it can still be queried) instead of being silently mixed with new rows.
//
// Bump it with any change that alters a result of an unchanged spec: a default value, an
// algorithm, the order of random draws. Adding a key whose default reproduces the old behaviour
// does not change the numbers, and does not change any hash (keys at their defaults are left out
// of it). tests/unit/test_spec.cpp pins the defaults of this version.
//
//   1  hetsweep 0.1 (stores of schema 1 carry no version attribute: they are version 1)
//   2  hetsweep 0.3: the readout's ridge is chosen by blocked cross-validation on the training window
//      (readout.mode = "validated", 3 folds, per task); the fixed readout's factor is 0.01.
//      Version 2 also covers changes made later in 0.3's development, without a bump: white
//      noise per unit time (network.noise_window), the Lorenz input at its own step (input.step)
//      and tau.floor in place of the clip at dt, bit-identical at the default dt = 0.01 but not at
//      other dt; the chip's static power pro rata (cost.static_share, per whole core before); and
//      lif.i_bias 1.0 -> 0.7, which changes every LIF result. A version-2 store records the
//      values it used in its grid columns (one without a column predates that key).
//   3  hetsweep 0.4: the readout's products with the targets in single precision
//      (readout.precision = "single"; every task's R^2 within 2e-6 of double, jobs/precision.toml);
//      the mechanisms' participation ratio by trace identities and their top components by
//      Lanczos (alignments equal to the full decomposition's to rounding)
//   4  hetsweep 0.5: the rate network's recurrent product sums each row in an order fixed in the
//      code (four interleaved partial sums), not by the compiler's vector width, so that a network
//      simulated in a batch (sweep.batch) is bit-identical to one simulated alone; results move
//      in the last bits only
//   5  hetsweep 0.6: the input is z-scored, and the noise scaled to the drive's variance, over the
//      samples before the test window (margin, washout, training) instead of the whole run, so
//      that no statistic of the test window enters training: a longer test window leaves every
//      chosen ridge factor as it was
//   6  hetsweep 0.7: the Lorenz input is integrated without fused multiply-adds (src/model/lorenz.cpp
//      is compiled with -ffp-contract=off), so that every build on every CPU integrates the same
//      trajectory; before, a build with -march=native on a CPU with FMA integrated another one
//      (the chaotic input amplifies the last bit), and scores moved by about 0.02 between a native
//      and a portable build
//   7  hetsweep 0.8: the per-task ridge selection scores every candidate from one product per fold by
//      partial fractions (readout.scoring = "fractions"; on jobs/scoring.toml's networks no task
//      chose another factor and every test score is bit-identical, the validation means move by
//      about 1e-13); X'X by a rank update (BLAS dsyrk), the test residuals summed in blocks of 256
//      samples, and the mechanisms' targets centred without a copy: results move in the last bits

#include <hetsweep/vocab/params.hpp>

namespace hetsweep {

inline constexpr int numerics_version = 7;

// The defaults of an earlier numerics version: what a key that a store of that version does not
// list meant there (a store lists every key of its build).
inline point_params defaults_of_numerics(int version) {
    point_params p;
    if (version < 2) {
        p.readout_mode = "fixed";
        p.ridge = 1e-6;
    }
    if (version < 3) p.precision = "double";
    if (version < 7) p.scoring = "direct";
    return p;
}

}  // namespace hetsweep
