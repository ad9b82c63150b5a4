#include <hetsweep/model/evaluate.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/model/lorenz.hpp>
#include <hetsweep/model/mechanisms.hpp>
#include <hetsweep/model/memory.hpp>
#include <hetsweep/model/neuron_model.hpp>
#include <hetsweep/model/noise_path.hpp>
#include <hetsweep/model/readout.hpp>
#include <hetsweep/model/ridge_selection.hpp>
#include <hetsweep/vocab/identity.hpp>
#include <hetsweep/vocab/random.hpp>

#include <chrono>
#include <cmath>
#include <new>
#include <stdexcept>

namespace hetsweep {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

}  // namespace

bool shapes_benchmark(const param_key& key) {
    return key.section == "input" || key.section == "timeline" || key.path() == "network.dt";
}

const benchmark_data& evaluator::benchmark(const point_params& p) {
    prepare(p);
    return *cached_;
}

bool evaluator::prepare(const point_params& p) {
    std::string key;
    for (const auto& k : param_table())
        if (shapes_benchmark(k)) key += format_value(k.get(p)) + ' ';
    if (cached_ && cached_key_ == key) return false;

    cached_.reset();
    selection_targets_.clear();
    auto data = std::make_unique<benchmark_data>();
    const timeline_steps tl = make_timeline(p);
    auto start = clock_type::now();
    input_spec in;
    in.lorenz = {p.lorenz_sigma, p.lorenz_rho, p.lorenz_beta};
    in.dt = p.dt;
    in.step = p.input_step;
    in.transient = p.transient;
    in.steps = tl.total();
    in.scale_steps = tl.test_from();  // margin, washout and training: never the test window
    in.sweep_seed = sweep_seed_;
    in.input_seed = std::uint64_t(p.input_seed);
    data->u = lorenz_series(in);
    data->seconds_input = seconds_since(start);

    start = clock_type::now();
    data->tasks = make_tasks(task_family{}, data->u, tl.train_from(), tl.train, tl.test, p.dt);
    cached_key_ = key;
    cached_ = std::move(data);
    if (p.readout_mode == "validated") selection_sums(p);  // a fixed cost of the targets, timed with them
    cached_->seconds_tasks = seconds_since(start);
    return true;
}

Eigen::MatrixXd& evaluator::design_matrix(std::size_t g, std::int64_t n, const timeline_steps& tl) {
    if (designs_.size() <= g) designs_.resize(g + 1);
    Eigen::MatrixXd& design = designs_[g];
    if (design.rows() != n + 1 || design.cols() != tl.train + tl.test) {  // a new allocation
        design.resize(n + 1, tl.train + tl.test);
        prefer_huge_pages(design);
    }
    design.row(n).setOnes();
    return design;
}

const selection_targets& evaluator::selection_sums(const point_params& p) const {
    const int folds = int(p.folds);
    const std::int64_t gap = std::llround(p.gap / p.dt);
    auto [sums, fresh] = selection_targets_.try_emplace({folds, gap});
    if (fresh) {
        sums->second = target_sums(cached_->tasks.y_train, folds, gap);
        sums->second.single = &cached_->tasks.y_train_single;
    }
    return sums->second;
}

point_result evaluator::run(const point_params& p) {
    const neuron_model& model = find_model(p.model);
    const bool built = prepare(p);
    const benchmark_data& bench = *cached_;
    point_result out;
    if (built) {  // a reused benchmark costs this point nothing
        out.seconds.input = bench.seconds_input;
        out.seconds.tasks = bench.seconds_tasks;
    }

    const timeline_steps tl = make_timeline(p);
    auto start = clock_type::now();

    noise_path noise_rng = network_noise(p, sweep_seed_);
    Eigen::MatrixXd& design = design_matrix(0, p.N, tl);
    model.simulate(p, sweep_seed_, bench.u, noise_rng, tl.train_from(), design.topRows(p.N), out);
    out.seconds.simulation = seconds_since(start);
    score(p, design, out);
    return out;
}

namespace {

const char* const out_of_memory =
    "out of memory (std::bad_alloc): the point needs more memory than this rank could get; `hetsweep plan` "
    "estimates it (a smaller network.N, timeline or sweep.batch, or fewer ranks per node)";

}  // namespace

std::vector<member_outcome> evaluator::run_batch(const std::vector<point_params>& ps) {
    std::vector<member_outcome> outcomes(ps.size());
    auto attempt = [](member_outcome& o, auto&& work) {
        try {
            work();
            o.ok = true;
        } catch (const std::bad_alloc&) {
            o.message = out_of_memory;
        } catch (const std::exception& e) {
            o.message = e.what();
        }
    };
    if (ps.empty()) return outcomes;
    const neuron_model& model = find_model(ps.front().model);
    if (ps.size() == 1 || !find_model_rules(ps.front().model).batches) {
        for (std::size_t g = 0; g < ps.size(); ++g)
            attempt(outcomes[g], [&] { outcomes[g].result = run(ps[g]); });
        return outcomes;
    }
    std::vector<point_result> outs(ps.size());
    try {
        const std::string network = network_identity(ps.front());
        for (const auto& p : ps)
            if (network_identity(p) != network)
                throw std::invalid_argument("a batch holds points of different networks");
        if (prepare(ps.front())) {
            outs.front().seconds.input = cached_->seconds_input;
            outs.front().seconds.tasks = cached_->seconds_tasks;
        }
        const auto start = clock_type::now();
        const timeline_steps tl = make_timeline(ps.front());
        const std::int64_t n = ps.front().N;
        std::vector<Eigen::Ref<Eigen::MatrixXd>> states;
        if (designs_.size() < ps.size()) designs_.resize(ps.size());  // before the references below
        for (std::size_t g = 0; g < ps.size(); ++g) states.emplace_back(design_matrix(g, n, tl).topRows(n));
        noise_path noise_rng = network_noise(ps.front(), sweep_seed_);
        model.simulate_batch(ps, sweep_seed_, cached_->u, noise_rng, tl.train_from(), states, outs);
        const double shared = seconds_since(start) / double(ps.size());
        for (auto& o : outs) o.seconds.simulation = shared;
    } catch (const std::bad_alloc&) {
        for (auto& o : outcomes) o.message = std::string("the batch's simulation: ") + out_of_memory;
        return outcomes;
    } catch (const std::exception& e) {
        for (auto& o : outcomes) o.message = std::string("the batch's simulation: ") + e.what();
        return outcomes;
    }
    for (std::size_t g = 0; g < ps.size(); ++g) {
        attempt(outcomes[g], [&] {
            score(ps[g], designs_[g], outs[g]);
            outcomes[g].result = std::move(outs[g]);
        });
    }
    return outcomes;
}

void evaluator::score(const point_params& p, const Eigen::MatrixXd& design, point_result& out) const {
    if (!design.allFinite()) throw numerical_error("the network state is not finite");
    const benchmark_data& bench = *cached_;
    const timeline_steps tl = make_timeline(p);
    auto start = clock_type::now();
    const auto train = design.leftCols(tl.train);
    const auto test = design.rightCols(tl.test);
    ridge_solution fit;
    const bool single = p.precision == "single";
    if (p.readout_mode == "validated") {
        const selection_targets& sums = selection_sums(p);
        const ridge_selection_spec spec{log_grid(p.ridge_min, p.ridge_max, int(p.ridge_steps)),
                                        sums.folds,
                                        sums.gap,
                                        p.select == "task" ? ridge_rule::per_task : ridge_rule::per_point,
                                        single,
                                        p.scoring == "fractions"};
        ridge_selection chosen = select_ridge(train, bench.tasks.y_train, spec, &sums);
        fit.beta = std::move(chosen.beta);
        fit.flops = chosen.flops;
        fit.lambda = chosen.lambda;
        out.validation_r2_mean = chosen.chosen_validation_r2;
        out.ridge_factor = std::move(chosen.factor);
    } else {
        fit = fit_ridge(train, bench.tasks.y_train, p.ridge, single, &bench.tasks.y_train_single);
        out.ridge_factor = Eigen::ArrayXd::Constant(bench.tasks.y_train.cols(), p.ridge);
    }
    const r2_result score = r2_scores(test, fit.beta, bench.tasks.y_test, bench.tasks.ss_test, single);
    out.seconds.readout = seconds_since(start);
    out.r2 = score.r2;
    out.lambda = fit.lambda;
    out.readout_flops = fit.flops + score.flops;

    start = clock_type::now();
    const state_analysis mech =
        analyse_state(design.topRows(p.N).rightCols(tl.test), bench.tasks.y_test, int(p.components));
    out.participation_ratio = mech.participation_ratio;
    out.participation_ratio_standardised = mech.participation_ratio_standardised;
    out.alignment_components = mech.components;
    out.alignment = mech.alignment;
    out.alignment_fixed_components = mech.fixed_components;
    out.alignment_fixed = mech.alignment_fixed;
    out.seconds.mechanisms = seconds_since(start);
    out.mechanisms_flops = mech.flops;
}

}  // namespace hetsweep
