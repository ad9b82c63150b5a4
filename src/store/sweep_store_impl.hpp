#pragma once

// The open file behind a sweep_store: its handles, sizes and names. Shared by the files that open,
// create, read and check a store (sweep_store.cpp, file_access.cpp, read_layout.cpp, checksums.cpp).

#include <hetsweep/errors.hpp>
#include <hetsweep/store/sweep_store.hpp>
#include <hetsweep/text.hpp>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "h5_handle.hpp"
#include "layout.hpp"
#include "run_log_impl.hpp"

namespace hetsweep::store {

// The columns as declare_layout takes them. Shared: a new store (build) and an opened one
// (read_layout) both describe their columns to the layout.
std::vector<const column*> pointers(const std::vector<column>& columns);

struct sweep_store::impl {
    // Declared first so that it is closed last, after every object in it.
    h5_handle file;
    std::string path;
    bool writable = false;
    bool through_mpi = false;            // collective close; abandoned while unwinding
    const comm::context* ctx = nullptr;  // for the run log; outlives the store
    int uncaught_at_open = std::uncaught_exceptions();
    h5_handle transfer_list;  // independent MPI-IO; empty for the default
    h5_handle status_type;

    provenance info;
    std::uint64_t n_points = 0;
    std::size_t n_tasks = 0;
    std::vector<std::string> metric_names, per_task_names, grid_names;
    std::vector<column> tasks;

    std::map<std::string, h5_handle> grid;
    std::vector<h5_handle> per_task;
    h5_handle metrics, status, attempts, message, checksum;  // checksum: schema 3
    std::unique_ptr<run_log> log;

    impl() = default;
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    ~impl() {
        if (through_mpi && std::uncaught_exceptions() > uncaught_at_open) {
            abandon();
            return;
        }
        try {
            close();
        } catch (...) {
            // Destructors never throw; sweep_store::close() reports.
        }
    }

    void close_objects() {
        grid.clear();
        per_task.clear();
        metrics = h5_handle();
        status = h5_handle();
        attempts = h5_handle();
        message = h5_handle();
        checksum = h5_handle();
        transfer_list = h5_handle();
    }

    void close() {
        close_objects();
        file.close();
    }

    // Gives up every identifier without closing: closing an MPI-IO file is collective, and while one
    // rank unwinds the others are elsewhere, so a close would hang instead of letting the run abort.
    // Every metadata change was flushed when it was made, so nothing is lost.
    void abandon() {
        for (auto& [name, handle] : grid) handle.release();
        for (auto& handle : per_task) handle.release();
        for (auto* h : {&metrics, &status, &attempts, &message, &checksum, &transfer_list, &file})
            h->release();
    }

    hid_t transfer() const { return transfer_list.valid() ? transfer_list.id() : H5P_DEFAULT; }

    void flush() { h5_check(H5Fflush(file.id(), H5F_SCOPE_GLOBAL), "H5Fflush", path); }

    void require_writable(const char* operation) const {
        if (!writable) throw store_error(std::string(operation) + ": " + path + " was opened read-only");
    }

    void require_point(const char* operation, std::uint64_t point) const {
        if (point >= n_points) {
            throw store_error(std::string(operation) + ": point " + std::to_string(point) +
                              " is outside [0, " + std::to_string(n_points) + ") of " + path);
        }
    }

    const h5_handle& per_task_dataset(const std::string& name) const {
        const auto it = std::find(per_task_names.begin(), per_task_names.end(), name);
        if (it == per_task_names.end()) {
            throw store_error(path + " has no per-task matrix " + quoted(name) + "; it has " +
                              join(per_task_names));
        }
        return per_task[static_cast<std::size_t>(it - per_task_names.begin())];
    }

    // Keeps the handle of every dataset a run writes or a reader reads again.
    void keep(const dataset_decl& d, h5_handle dataset) {
        if (d.group == "grid") {
            grid_names.push_back(d.name);
            grid.emplace(d.name, std::move(dataset));
        } else if (std::find(per_task_names.begin(), per_task_names.end(), d.name) != per_task_names.end() &&
                   d.group.empty()) {
            per_task.push_back(std::move(dataset));
        } else if (d.group.empty() && d.name == "metrics") {
            metrics = std::move(dataset);
        } else if (d.group.empty() && d.name == "status") {
            status_type = memory_type(d);
            status = std::move(dataset);
        } else if (d.group.empty() && d.name == "attempts") {
            attempts = std::move(dataset);
        } else if (d.group.empty() && d.name == "message") {
            message = std::move(dataset);
        } else if (d.group.empty() && d.name == "checksum") {
            checksum = std::move(dataset);
        }
    }

    void open_log() {
        log = std::make_unique<run_log>(
            std::make_unique<run_log::impl>(run_log::impl{&file, path, writable, ctx}));
    }

    void read_layout();
    void build(const schema& s, const provenance& p, bool write_data);

    static std::unique_ptr<impl> open_file(const std::string& path, const comm::context* ctx, bool writable);
    static std::unique_ptr<impl> create_file(const comm::context& ctx, const std::string& path,
                                             const schema& s, const provenance& p);
};

}  // namespace hetsweep::store
