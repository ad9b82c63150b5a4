#pragma once

#include <string>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/store/run_log.hpp>

#include "h5_handle.hpp"

namespace hetsweep::store {

// The open file of the store that owns the log.
struct run_log::impl {
    const h5_handle* file = nullptr;
    std::string path;
    bool writable = false;
    const comm::context* ctx = nullptr;  // null for a read-only store
};

}  // namespace hetsweep::store
