// How a store's file is opened and created: through MPI-IO for a parallel context, the POSIX
// driver for a serial one, without a lock for readers, and never left half-made.

#include "file_access.hpp"

#include <filesystem>
#include <memory>

#include <hetsweep/comm/native_communicator.hpp>
#include <hetsweep/errors.hpp>

#include "h5_handle.hpp"
#include "h5_io.hpp"
#include "sweep_store_impl.hpp"

namespace hetsweep::store {

namespace {

namespace fs = std::filesystem;

// The file access list: MPI-IO over the context's communicator, or the POSIX driver.
h5_handle file_access(const comm::context* ctx, bool lock, const std::string& path) {
    auto fapl = h5_create_plist(H5P_FILE_ACCESS, path);
    const MPI_Comm comm = ctx ? comm::native_communicator(*ctx) : MPI_COMM_NULL;
    if (comm != MPI_COMM_NULL) {
        h5_check(H5Pset_fapl_mpio(fapl.id(), comm, MPI_INFO_NULL), "H5Pset_fapl_mpio", path);
    } else {
        h5_check(H5Pset_fapl_sec2(fapl.id()), "H5Pset_fapl_sec2", path);
        // A reader must not be locked out by a run that writes the file (nor block it).
        if (!lock) h5_check(H5Pset_file_locking(fapl.id(), false, true), "H5Pset_file_locking", path);
    }
    return fapl;
}

h5_handle make_transfer_list(bool through_mpi, const std::string& path) {
    if (!through_mpi) return h5_handle();  // the default list
    auto dxpl = h5_create_plist(H5P_DATASET_XFER, path);
    h5_check(H5Pset_dxpl_mpio(dxpl.id(), H5FD_MPIO_INDEPENDENT), "H5Pset_dxpl_mpio", path);
    return dxpl;
}

}  // namespace

// Why `path` cannot be a store, found without HDF5 opening it, or "".
std::string find_file_problem(const std::string& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (!fs::exists(st)) return path + " does not exist";
    if (!fs::is_regular_file(st)) return path + " is not a regular file";
    const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
    if (is_hdf5 < 0) return "H5Fis_hdf5 failed for " + path + ": " + h5_error_text();
    if (is_hdf5 == 0) return path + " is not an HDF5 file";
    return "";
}

std::unique_ptr<sweep_store::impl> sweep_store::impl::open_file(const std::string& path,
                                                                const comm::context* ctx, bool writable) {
    auto p = std::make_unique<impl>();
    p->path = path;
    p->writable = writable;
    p->ctx = ctx;
    p->through_mpi = ctx && comm::native_communicator(*ctx) != MPI_COMM_NULL;
    p->transfer_list = make_transfer_list(p->through_mpi, path);
    auto fapl = file_access(ctx, writable, path);
    const hid_t id = H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.id());
    if (id < 0) {
        throw store_error(
            path + " is an HDF5 file that HDF5 cannot open (truncated or damaged?): " + h5_error_text());
    }
    p->file = h5_handle(id, path);
    try {
        p->read_layout();
    } catch (...) {
        // The same file gives every rank the same error, so closing here stays collective.
        try {
            p->close();
        } catch (...) {
        }
        throw;
    }
    return p;
}

std::unique_ptr<sweep_store::impl> sweep_store::impl::create_file(const comm::context& ctx,
                                                                  const std::string& path, const schema& s,
                                                                  const provenance& info) {
    auto p = std::make_unique<impl>();
    p->path = path;
    p->writable = true;
    p->ctx = &ctx;
    p->through_mpi = comm::native_communicator(ctx) != MPI_COMM_NULL;
    p->transfer_list = make_transfer_list(p->through_mpi, path);
    auto fapl = file_access(&ctx, true, path);
    p->file = h5_own(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.id()), "H5Fcreate", path);
    try {
        p->build(s, info, ctx.rank() == 0);
    } catch (...) {
        // A half-built store would only be refused by the next create().
        if (ctx.rank() == 0) {
            std::error_code ec;
            fs::remove(path, ec);
        }
        throw;
    }
    return p;
}

}  // namespace hetsweep::store
