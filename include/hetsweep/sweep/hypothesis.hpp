#pragma once

// Hypotheses written into a spec before its run: the verdicts the sweep is meant to decide, each as a
// paired comparison or a slope, a direction or a margin, and the family whose correction it shares. They do
// not change what is computed (they are not part of the spec hash); `hetsweep query STORE --hypotheses`
// decides them from the store's own spec text, by the rule it quotes (query/hypotheses.hpp).
//
//   [[hypothesis]]
//   name = "rate-cv1"                      # letters, digits, _, - and ., unique
//   claim = "heterogeneity helps the rate network"
//   compare = "cv=0"                       # the partner: query --paired KEY=VALUE
//   slope = "skew"                         # or, instead of compare: the slope of the score against a
//                                          # numeric key within each replicate (query --slope KEY)
//   contrast = "dt=0.0025"                 # optional, with compare: the difference between the pairs'
//                                          # differences and those at KEY=VALUE, replicate by replicate
//                                          # (query --by KEY --contrast KEY=VALUE); where then selects one
//                                          # other value of KEY and the reference ("dt=0.01,0.0025")
//   where = ["model=rate", "cv=1"]         # the points compared (query --where), optional
//   test = "greater"                       # greater, less, two-sided, no_worse or equivalent
//   margin = 0.01                          # R^2; no_worse and equivalent need it, the others refuse it
//   family = "claim-1"                     # corrected together (Holm); default "hypotheses"
//   alpha = 0.05                           # default
//   tuned = "tau_mean"                     # optional: each configuration at its best value of this key,
//                                          # chosen on validation (query --tuned)

#include <string>
#include <vector>

namespace hetsweep {

struct hypothesis_spec {
    std::string name, claim, compare, slope, contrast, test, family = "hypotheses", tuned;
    std::vector<std::string> where;
    double margin = 0, alpha = 0.05;
};

// The tests a hypothesis may name.
inline const std::vector<std::string>& hypothesis_tests() {
    static const std::vector<std::string> tests{"greater", "less", "two-sided", "no_worse", "equivalent"};
    return tests;
}

}  // namespace hetsweep
