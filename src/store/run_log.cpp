#include <hetsweep/store/run_log.hpp>

#include <cstdio>

#include <hetsweep/errors.hpp>

#include "from_root.hpp"
#include "h5_io.hpp"
#include "run_log_impl.hpp"

namespace hetsweep::store {

template <class Archive>
static void serialize(Archive& a, run_record& r, unsigned) {
    a& r.start_time& r.end_time& r.outcome& r.slurm_job_id& r.ranks& r.blas& r.platform;
}

namespace {

std::string run_group_name(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "%04zu", index);
    return name;
}

void require_writable(const run_log::impl& log, const char* operation) {
    if (!log.writable || !log.ctx)
        throw store_error(std::string(operation) + ": " + log.path + " was opened read-only");
}

void flush(const run_log::impl& log) {
    h5_check(H5Fflush(log.file->id(), H5F_SCOPE_GLOBAL), "H5Fflush", log.path);
}

}  // namespace

run_log::run_log(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
run_log::run_log(run_log&&) noexcept = default;
run_log& run_log::operator=(run_log&&) noexcept = default;
run_log::~run_log() = default;

std::size_t run_log::begin(const run_record& r) {
    require_writable(*impl_, "begin_run");
    run_record record = from_root(*impl_->ctx, r);
    if (record.outcome.empty()) record.outcome = "running";
    auto runs_group = h5_open_group(*impl_->file, "runs");
    const std::size_t index = h5_child_names(runs_group).size();
    auto group = h5_create_group(runs_group, run_group_name(index));
    h5_write_attribute(group, "ranks", static_cast<std::int32_t>(record.ranks));
    h5_write_attribute(group, "start_time", record.start_time);
    h5_write_attribute(group, "end_time", record.end_time);
    h5_write_attribute(group, "outcome", record.outcome);
    h5_write_attribute(group, "slurm_job_id", record.slurm_job_id);
    h5_write_attribute(group, "blas", record.blas);
    h5_write_attribute(group, "platform", record.platform);
    flush(*impl_);
    return index;
}

void run_log::end(std::size_t index, const std::string& end_time, const std::string& outcome) {
    require_writable(*impl_, "end_run");
    run_record ending;
    ending.end_time = end_time;
    ending.outcome = outcome;
    ending = from_root(*impl_->ctx, ending);
    auto runs_group = h5_open_group(*impl_->file, "runs");
    const std::string name = run_group_name(index);
    if (!h5_link_exists(runs_group, name)) {
        throw store_error("end_run: " + impl_->path + " has no run " + std::to_string(index) + "; it has " +
                          std::to_string(h5_child_names(runs_group).size()) + " runs");
    }
    auto group = h5_open_group(runs_group, name);
    h5_write_attribute(group, "end_time", ending.end_time);
    h5_write_attribute(group, "outcome", ending.outcome);
    flush(*impl_);
}

std::vector<run_record> run_log::list() const {
    auto runs_group = h5_open_group(*impl_->file, "runs");
    std::vector<run_record> out;
    for (const auto& name : h5_child_names(runs_group)) {
        auto group = h5_open_group(runs_group, name);
        run_record r;
        r.ranks = h5_read_int_attribute(group, "ranks");
        r.start_time = h5_read_string_attribute(group, "start_time");
        r.end_time = h5_read_string_attribute(group, "end_time");
        r.outcome = h5_read_string_attribute(group, "outcome");
        r.slurm_job_id = h5_read_string_attribute(group, "slurm_job_id");
        if (h5_has_attribute(group, "blas")) r.blas = h5_read_string_attribute(group, "blas");
        if (h5_has_attribute(group, "platform")) r.platform = h5_read_string_attribute(group, "platform");
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace hetsweep::store
