#include "common.hpp"

#include <hetsweep/cli/commands.hpp>
#include <hetsweep/engine/store_setup.hpp>
#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/sweep/batching.hpp>
#include <hetsweep/text.hpp>

#include <iostream>

namespace hetsweep::cli {

namespace {

// Effective FLOP rate of one core on the reference machine (docs/performance.md), for estimates only.
constexpr double reference_flop_rate = 2.0e10;
// The relative cost of the costliest batch (the sum of its points').
double largest_batch_cost(const grid& g, const std::vector<std::vector<std::size_t>>& batches) {
    double largest = 0;
    for (const auto& b : batches) {
        double sum = 0;
        for (const auto i : b) sum += relative_cost(g[i]);
        largest = std::max(largest, sum);
    }
    return largest;
}

}  // namespace

int cmd_plan(const std::vector<std::string>& words) {
    const args a(words, {}, {"ranks", "format"});
    const sweep_spec spec = spec_from_args(a, "plan");
    const std::string format = a.option_or("format", "table");
    if (format != "table" && format != "json")
        throw config_error("--format " + format + ": must be table or json");
    const grid g(spec);
    const long long ranks = a.integer_or("ranks", 0);
    if (a.option("ranks") && ranks < 1)
        throw config_error("--ranks = " + std::to_string(ranks) + ": must be >= 1");
    double flops = 0, largest = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (g.same_as(i) != i) continue;  // computed once, with the point it repeats
        const double cost = relative_cost(g[i]);
        flops += cost;
        largest = std::max(largest, cost);
    }
    const double core_seconds = flops / reference_flop_rate;
    const auto batch_list = make_batches(g, spec.batch);
    const std::size_t batches = batch_list.size();
    const memory_need memory = largest_memory_need(g, batch_list);
    const double memory_limit = engine::memory_limit_per_rank(int(ranks ? ranks : 1));
    const std::vector<long long> rank_counts =
        ranks ? std::vector<long long>{ranks} : std::vector<long long>{2, 16, 128};
    auto wall = [&](long long r) {
        return std::max(core_seconds / double(r), largest / reference_flop_rate);
    };
    if (format == "json") {
        std::cout << "{\"sweep\": " << json_string(spec.name) << ", \"spec\": " << json_string(spec.origin)
                  << ", \"spec_hash\": " << json_string(spec.hash()) << ", \"seed\": " << spec.seed
                  << ", \"points\": " << g.size() << ", \"distinct\": " << g.distinct()
                  << ", \"batches\": " << batches << ", \"batch\": " << spec.batch << ",\n \"grids\": [";
        for (std::size_t k = 0; k < g.sections().size(); ++k) {
            const auto& section = g.sections()[k];
            std::cout << (k ? ",\n  " : "\n  ") << "{\"name\": " << json_string(section.name)
                      << ", \"first\": " << section.first << ", \"size\": " << section.size
                      << ", \"shape\": " << json_string(section.shape()) << ", \"axes\": {";
            bool first = true;
            for (const auto& dim : section.dims)
                for (const auto& ax : dim) {
                    std::vector<std::string> values;
                    for (const auto& v : ax.values) values.push_back(format_value(v));
                    std::cout << (first ? "" : ", ") << json_string(ax.key->path()) << ": "
                              << json_strings(values);
                    first = false;
                }
            std::cout << "}}";
        }
        std::cout << "],\n \"flops\": " << json_number(flops)
                  << ", \"core_seconds\": " << json_number(core_seconds)
                  << ", \"largest_point_seconds\": " << json_number(largest / reference_flop_rate)
                  << ", \"reference_flop_rate\": " << json_number(reference_flop_rate)
                  << ", \"wall_seconds\": {";
        for (std::size_t k = 0; k < rank_counts.size(); ++k)
            std::cout << (k ? ", " : "") << '"' << rank_counts[k]
                      << "\": " << json_number(wall(rank_counts[k]));
        std::cout << "}, \"store_bytes\": " << json_number(engine::store_bytes(g))
                  << ", \"memory_bytes_per_rank\": " << json_number(memory.bytes)
                  << ", \"memory_limit_per_rank\": " << json_number(memory_limit) << "}\n";
        return exit_ok;
    }

    std::cout << "sweep " << spec.name << " (" << spec.origin << "), spec hash " << spec.hash() << ", seed "
              << spec.seed << '\n';
    auto dims_line = [](const grid_section& section) {
        const std::string shape = section.shape();
        return shape.empty() ? shape : " = " + shape;
    };
    auto axes_lines = [](const grid_section& section, const std::string& indent) {
        for (const auto& dim : section.dims)
            for (const auto& ax : dim) {
                std::cout << indent << ax.key->path() << (dim.size() > 1 ? " (zipped)" : "") << " = [";
                for (std::size_t i = 0; i < ax.values.size(); ++i)
                    std::cout << (i ? ", " : "") << format_value(ax.values[i]);
                std::cout << "]\n";
            }
    };
    const auto& sections = g.sections();
    std::cout << g.size() << (g.size() == 1 ? " point" : " points");
    if (spec.grids.empty())
        std::cout << dims_line(sections.front());
    else
        std::cout << " in " << sections.size() << " grids (the design's union, in the order written)";
    if (g.distinct() < g.size())
        std::cout << "\n"
                  << g.distinct() << " distinct computations: " << g.size() - g.distinct()
                  << (g.size() - g.distinct() == 1 ? " point repeats" : " points repeat")
                  << " an earlier one exactly (a homogeneous network is the same under every profile"
                  << (spec.grids.empty() ? "" : "; a point two grids share is computed once") << ")";
    if (spec.grids.empty()) {
        std::cout << "\naxes (canonical order: the first is the slowest, point ids count from 0):\n";
        axes_lines(sections.front(), "  ");
    } else {
        std::cout << "\ngrids (each in canonical order: the first axis is the slowest):\n";
        for (const auto& section : sections) {
            std::size_t fresh = 0;
            for (std::size_t i = section.first; i < section.first + section.size; ++i)
                fresh += g.same_as(i) == i;
            std::cout << "  grid " << section.name << ": points " << section.first << ".."
                      << section.first + section.size - 1 << ", " << section.size << dims_line(section)
                      << ", " << fresh << " not computed by an earlier point\n";
            axes_lines(section, "    ");
        }
    }
    if (batches < g.distinct())
        std::cout << batches << " batches: the points of one network simulated together, at most "
                  << spec.batch << " to a batch (sweep.batch)\n";
    std::cout << "estimated compute: " << fixed(flops / 1e12, 2) << " TFLOP, about "
              << human_seconds(core_seconds) << " on one core (at " << fixed(reference_flop_rate / 1e9, 0)
              << " GFLOP/s, measured on the machine of docs/performance.md); the largest point takes about "
              << human_seconds(largest / reference_flop_rate) << '\n';
    for (long long r : rank_counts)
        std::cout << "  on " << r << " ranks: about " << human_seconds(wall(r)) << '\n';
    std::cout << "store size: about " << human_bytes(engine::store_bytes(g)) << '\n';
    std::cout << "memory: about " << human_bytes(memory.bytes) << " per rank at most (point " << memory.point
              << (memory.members > 1 ? ", in a batch of " + std::to_string(memory.members) : std::string())
              << "); a rank may use " << human_bytes(memory_limit) << " here\n";
    if (const std::string problem = memory_problem(g, memory, memory_limit); !problem.empty())
        std::cout << "warning: " << problem << "; run would refuse it\n";
    // Under SLURM the warning comes --grace seconds before the limit: the batches in flight must fit.
    const double batch_seconds = largest_batch_cost(g, batch_list) / reference_flop_rate;
    if (batch_seconds > default_grace_seconds)
        std::cout << "warning: the largest batch takes about " << human_seconds(batch_seconds)
                  << ", longer than submit's default --grace of " << default_grace_seconds
                  << " s: give submit a --grace above it (or a smaller sweep.batch), or a job's last batches "
                     "are abandoned at its time limit and computed again in the next\n";
    return exit_ok;
}

}  // namespace hetsweep::cli
