#include <hetsweep/query/plan.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace hetsweep::query {

bool plan::by_tasks() const {
    return std::any_of(by.begin(), by.end(), [](const levels& l) { return l.per_task; });
}

plan make_plan(const table& t, const request& r) {
    plan p;
    p.req = r;
    p.n_tasks = t.n_tasks;
    p.n_points = t.n_points;
    for (auto s : t.status)
        if (s >= 0 && s <= 2) ++p.counts[s];

    // Filters: each must select something on its own, and all together too.
    std::vector<char> point_mask(t.n_points, 1), task_mask(t.n_tasks, 1);
    std::vector<std::string> point_filters, task_filters;
    for (const auto& cond : r.where) {
        const column_ref f = find_column(t, cond.key, cond.describe());
        const auto mask = evaluate(cond, *f.col);
        if (std::find(mask.begin(), mask.end(), 1) == mask.end())
            throw config_error(cond.describe() + ": selects no " + (f.per_task ? "tasks" : "points") + " (" +
                               f.col->name + " takes " + describe_values(*f.col) + ")");
        auto& into = f.per_task ? task_mask : point_mask;
        for (std::size_t i = 0; i < mask.size(); ++i) into[i] &= mask[i];
        (f.per_task ? task_filters : point_filters).push_back(cond.describe());
        condition shown = cond;
        shown.key = f.col->name;
        (f.per_task ? p.task_filters : p.point_filters).push_back(shown.canonical());
        const bool none_left = std::find(into.begin(), into.end(), 1) == into.end();
        if (none_left)
            throw config_error(join(f.per_task ? task_filters : point_filters, " and ") +
                               ": together select no " + (f.per_task ? "tasks" : "points"));
    }
    if (!t.kept.empty()) {
        for (const auto& name : r.by)
            if (find_column(t, name, "--by " + name).col->name == t.tuned)
                throw config_error("--by " + name + ": " + t.tuned +
                                   " is tuned (--tuned): each configuration keeps "
                                   "its own best value, so it is no row");
        for (std::uint64_t i = 0; i < t.n_points; ++i) point_mask[i] &= t.kept[i];
        p.point_filters.push_back(t.tuned + " tuned on validation");
    }
    for (std::uint64_t i = 0; i < t.n_points; ++i)
        if (point_mask[i]) p.points.push_back(i);
    for (std::uint32_t j = 0; j < t.n_tasks; ++j)
        if (task_mask[j]) p.tasks.push_back(j);
    if (t.n_points == 0) throw config_error("the store has no points");
    for (auto i : p.points) p.done.push_back(t.status[i] == 1);

    // Groups: the levels of each grouping column, then one group per combination that occurs.
    std::vector<std::vector<std::uint32_t>> point_levels, task_levels;  // per grid/task by column
    const std::vector<std::uint64_t> task_rows(p.tasks.begin(), p.tasks.end());
    for (const auto& name : r.by) {
        const column_ref f = find_column(t, name, "--by " + name);
        for (const auto& l : p.by)
            if (l.name == f.col->name && l.per_task == f.per_task)
                throw config_error("--by " + name + ": " + f.col->name + " is given twice");
        std::vector<std::uint32_t> level_of;
        levels l = distinct(*f.col, f.per_task ? task_rows : p.points, &level_of);
        l.per_task = f.per_task;
        p.by.push_back(std::move(l));
        (f.per_task ? task_levels : point_levels).push_back(std::move(level_of));
    }
    auto group = [](std::size_t n, const std::vector<std::vector<std::uint32_t>>& levels_of,
                    std::vector<std::uint32_t>& group_of,
                    std::vector<std::vector<std::uint32_t>>& group_levels) {
        std::map<std::vector<std::uint32_t>, std::uint32_t> ids;
        std::vector<std::vector<std::uint32_t>> keys(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& l : levels_of) keys[i].push_back(l[i]);
            ids.emplace(keys[i], 0);
        }
        std::uint32_t next = 0;
        for (auto& [key, id] : ids) {  // std::map: ids follow the order of the levels
            id = next++;
            group_levels.push_back(key);
        }
        if (group_levels.empty()) group_levels.emplace_back();
        group_of.resize(n);
        for (std::size_t i = 0; i < n; ++i) group_of[i] = ids[keys[i]];
    };
    group(p.points.size(), point_levels, p.point_group, p.point_group_levels);
    if (!t.same_as.empty()) {
        // Keep one point per (group, identity): a done one if there is, else the first.
        std::set<std::pair<std::uint32_t, std::uint64_t>> seen;
        std::vector<char> keep(p.points.size(), 0);
        for (int done_pass = 1; done_pass >= 0; --done_pass)
            for (std::size_t i = 0; i < p.points.size(); ++i)
                if (bool(p.done[i]) == bool(done_pass))
                    keep[i] = seen.emplace(p.point_group[i], t.same_as[p.points[i]]).second;
        std::size_t kept = 0;
        for (std::size_t i = 0; i < p.points.size(); ++i) {
            if (!keep[i]) continue;
            p.points[kept] = p.points[i];
            p.done[kept] = p.done[i];
            p.point_group[kept] = p.point_group[i];
            ++kept;
        }
        p.repeats = p.points.size() - kept;
        p.points.resize(kept);
        p.done.resize(kept);
        p.point_group.resize(kept);
    }
    group(p.tasks.size(), task_levels, p.task_group, p.task_group_levels);
    p.task_group_size.assign(p.n_task_groups(), 0);
    for (auto g : p.task_group) ++p.task_group_size[g];
    return p;
}

}  // namespace hetsweep::query
