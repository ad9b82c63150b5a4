#pragma once

// What the engine tests (unit and MPI) check a store against: every point
// evaluated here, directly, with evaluator::run.

#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/outputs.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/sweep/grid.hpp>
#include <hetsweep/sweep/spec.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace hetsweep::test {

// Small enough that a run takes well under a second; two seeds and two cv values make four points of
// different cost, and both seeds share one benchmark.
inline const char* const tiny_engine_spec = R"(
[sweep]
name = "engine"
seed = 7

[network]
N = 20
seed = [1, 2]

[tau]
cv = [0.0, 0.5]

[timeline]
washout = 1.0
train = 5.0
test = 5.0

[readout]
gap = 0.5
)";

inline bool same_bits(const double* a, const double* b, std::size_t n) {
    return std::memcmp(a, b, n * sizeof(double)) == 0;
}

// Every point of `spec` is done in the store at `path`, and its per-task rows and model metrics (not
// the timings) are those of evaluator::run, bit for bit.
inline void expect_store_equals_direct_evaluation(const std::string& path, const sweep_spec& spec) {
    const grid g(spec);
    const auto s = store::sweep_store::open_read_only(path);
    ASSERT_EQ(s.n_points(), g.size());
    const auto status = s.read_status();
    const auto metrics = s.read_metrics();
    const auto& names = s.metric_names();
    evaluator eval(spec.seed);
    for (std::uint64_t i = 0; i < g.size(); ++i) {
        ASSERT_EQ(status[i], store::point_status::done) << "point " << i;
        const point_result direct = eval.run(g[i]);
        ASSERT_EQ(std::size_t(direct.r2.size()), s.n_tasks());
        for (const auto* o : outputs_of(output_shape::per_task)) {
            const auto row = s.read_per_task(o->name, i, 1);
            EXPECT_TRUE(same_bits(row.data(), (direct.*(o->row)).data(), s.n_tasks()))
                << o->name << " of point " << i;
        }
        const auto outputs = outputs_of(output_shape::per_point);
        ASSERT_EQ(outputs.size(), names.size());
        for (std::size_t k = 0; k < names.size(); ++k) {
            ASSERT_EQ(names[k], outputs[k]->name);
            if (outputs[k]->timing) continue;
            const double want = outputs[k]->scalar(direct);
            EXPECT_TRUE(same_bits(&metrics[i * names.size() + k], &want, 1)) << names[k] << " of point " << i;
        }
    }
}

}  // namespace hetsweep::test
