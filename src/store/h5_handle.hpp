#pragma once

#include <string>
#include <utility>

#include <hdf5.h>

namespace hetsweep::store {

// HDF5's error stack as one line, outermost call first, then cleared.
std::string h5_error_text();

// Makes HDF5 stop printing its error stack to stderr; errors reach callers as store_error instead.
// Idempotent; called by every entry point that opens or creates a file.
void h5_silence_errors();

// Throws store_error: "<operation> failed for <object>: <HDF5's error text>".
[[noreturn]] void h5_fail(const std::string& operation, const std::string& object);

// The one checked wrapper around raw calls: a negative hid_t, herr_t or htri_t is an error.
template <class R>
R h5_check(R result, const char* operation, const std::string& object) {
    if (result < 0) h5_fail(operation, object);
    return result;
}

// An owned HDF5 identifier of any kind (file, group, dataset, attribute, dataspace, datatype,
// property list) and the name of what it refers to, for error messages. Move-only; the destructor
// closes it and never throws.
class h5_handle {
  public:
    h5_handle() = default;
    // Takes ownership of the result of a raw call, which must have succeeded (see h5_own).
    h5_handle(hid_t id, std::string name) : id_(id), name_(std::move(name)) {}
    ~h5_handle() { close_quietly(); }

    h5_handle(h5_handle&& other) noexcept : id_(other.id_), name_(std::move(other.name_)) {
        other.id_ = H5I_INVALID_HID;
    }
    h5_handle& operator=(h5_handle&& other) noexcept;
    h5_handle(const h5_handle&) = delete;
    h5_handle& operator=(const h5_handle&) = delete;

    hid_t id() const { return id_; }
    const std::string& name() const { return name_; }
    bool valid() const { return id_ >= 0; }

    // Closes now and throws store_error if HDF5 reports a failure (a file's final flush, say).
    void close();
    // Gives up ownership without closing.
    hid_t release();

  private:
    void close_quietly() noexcept;

    hid_t id_ = H5I_INVALID_HID;
    std::string name_;
};

// Checks the result of a raw call that creates or opens an identifier, and owns it.
inline h5_handle h5_own(hid_t id, const char* operation, std::string name) {
    h5_check(id, operation, name);
    return h5_handle(id, std::move(name));
}

}  // namespace hetsweep::store
