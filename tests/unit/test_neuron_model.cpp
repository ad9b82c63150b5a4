// The model registry and what reaches a model only through it: the spec's choices, the cost
// estimate, and the evaluator's dispatch.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/vocab/param_table.hpp>

#include <hetsweep/text.hpp>

#include <gtest/gtest.h>

#include "unit/small_point.hpp"

#include <algorithm>
#include <set>

namespace hetsweep {
namespace {

TEST(NeuronModel, RegistryNamesEveryModelOnce) {
    const auto names = model_names();
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
    EXPECT_NE(std::find(names.begin(), names.end(), "rate"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "lif"), names.end());
    for (const auto& name : names) EXPECT_EQ(find_model(name).name(), name);
    EXPECT_THROW(find_model("hopfield"), config_error);
    try {
        find_model("hopfield");
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find(join(names)), std::string::npos) << e.what();
    }
}

TEST(NeuronModel, TheModelKeyAcceptsExactlyTheRegisteredModels) {
    const param_key* key = find_param("network.model");
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(key->choices, model_names());
    EXPECT_EQ(key->check(param_value(std::string("lif"))), "");
    EXPECT_NE(key->check(param_value(std::string("hopfield"))), "");
}

TEST(NeuronModel, OwnSectionsAreSectionsOfTheKeyTable) {
    for (const auto& name : model_names())
        for (const auto& section : find_model_rules(name).own_sections) {
            bool found = false;
            for (const auto& k : param_table()) found = found || k.section == section;
            EXPECT_TRUE(found) << name << " names section " << section;
        }
}

TEST(NeuronModel, RelativeCostKnowsTheModelAndGrowsWithSizeAndLength) {
    point_params small, large = small, longer = small;
    large.N = 2 * small.N;
    longer.train = 2 * small.train;
    EXPECT_GT(relative_cost(small), 0.0);
    EXPECT_GT(relative_cost(large), relative_cost(small));
    EXPECT_GT(relative_cost(longer), relative_cost(small));

    point_params lif = small;
    lif.model = "lif";
    EXPECT_NE(relative_cost(lif), relative_cost(small))
        << "plan must not estimate a LIF point as a rate point";
    point_params finer = lif;
    finer.substeps = 4;
    EXPECT_GT(relative_cost(finer), relative_cost(lif)) << "substeps cost time";
}

TEST(NeuronModel, BenchmarkKeysAreTheInputAndTimelineSectionsAndDt) {
    std::vector<std::string> keys;
    for (const auto& k : param_table())
        if (shapes_benchmark(k)) keys.push_back(k.path());
    EXPECT_EQ(keys, (std::vector<std::string>{"network.dt", "input.input_seed", "input.lorenz_sigma",
                                              "input.lorenz_rho", "input.lorenz_beta", "input.transient",
                                              "input.step", "timeline.washout", "timeline.train",
                                              "timeline.test", "timeline.margin"}));
}

// A cached benchmark is rebuilt whenever any benchmark key changes: a changed transient gives
// other scores in the same evaluator, the same transient again the first scores.
TEST(NeuronModel, EvaluatorRebuildsTheBenchmarkWhenAnInputKeyChanges) {
    const point_params p = test::small_point(0.0);
    point_params q = p;
    q.transient = 11;
    evaluator eval(5);
    const Eigen::ArrayXd first = eval.run(p).r2;
    const Eigen::ArrayXd other = eval.run(q).r2;
    EXPECT_FALSE((first == other).all());
    EXPECT_TRUE((evaluator(5).run(q).r2 == other).all()) << "the same as a fresh evaluator";
    EXPECT_TRUE((eval.run(p).r2 == first).all());
}

}  // namespace
}  // namespace hetsweep
