#pragma once

// Deciding the hypotheses a spec carries (sweep/hypothesis.hpp), each a paired comparison or a slope
// over the replicates of its selection (query/paired.hpp, query/slope.hpp, query/replicates.hpp), by
// a rule fixed in the code and quoted with every answer (diff: the paired difference or the slope):
//
//   greater (less)  H0: diff <= 0 (>= 0); p one-sided. Contradicted: the opposite one-sided p.
//   two-sided       H0: diff = 0; p two-sided. Never contradicted: it claims a difference only.
//   no_worse        non-inferiority, H0: diff <= -margin; p one-sided. Contradicted: the one-sided
//                   p of diff < -margin (worse by more than the margin).
//   equivalent      two one-sided tests (TOST), H0: |diff| >= margin; p the larger of the two.
//                   Contradicted: the smaller one-sided p of diff > margin or diff < -margin.
//
// The p-values of one family are corrected by Holm's method. A hypothesis is "supported" when its
// corrected p < alpha, "contradicted" when its contradicting p < alpha / m (Bonferroni over the m
// hypotheses of its family), "undecided" otherwise, "not computable" without a test.

#include <hetsweep/query/condition.hpp>
#include <hetsweep/query/paired.hpp>
#include <hetsweep/query/table.hpp>

#include <limits>
#include <string>
#include <vector>

namespace hetsweep::query {

struct hypothesis {
    std::string name, claim, family, test, tuned;  // tuned: a key chosen on validation (query/tuning.hpp)
    condition compare;                             // a paired comparison; or
    std::string contrast;                          // with compare: less the pairs at KEY=VALUE (paired.hpp)
    std::string slope;                             // the slope against this numeric key
    std::vector<condition> where;
    double margin = 0, alpha = 0.05;
};

struct hypothesis_verdict {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    hypothesis h;
    replicate_inference cells;           // the comparison or slope over the selection (no --by)
    std::vector<replicate_cell> values;  // its cells
    double p = nan;                      // the hypothesis' own p (see the rule)
    double p_adjusted = nan;             // Holm within its family
    double p_contrary = nan;             // the p that would contradict it
    std::uint64_t family_size = 0;
    std::string verdict;  // supported, contradicted, undecided, not computable
    std::string why;      // why not computable: the selection's or comparison's problem in this store
};

// The rule of a test, in the words the answer quotes.
std::string hypothesis_rule(const std::string& test);

// A hypothesis whose selection or comparison this store cannot make (a level it lacks) is "not
// computable", with the reason; the others are decided.
// `validation`: the store's r2_validation_mean per point, for tuned hypotheses (empty: none may be tuned).
std::vector<hypothesis_verdict> decide_hypotheses(const table& t, const std::vector<hypothesis>& hs,
                                                  const row_reader& read, const paired_request& how,
                                                  const std::vector<double>& validation = {});

}  // namespace hetsweep::query
