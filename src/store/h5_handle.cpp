#include "h5_handle.hpp"

#include <utility>

#include <hetsweep/errors.hpp>

namespace hetsweep::store {

namespace {

herr_t collect_error(unsigned, const H5E_error2_t* e, void* data) {
    auto& text = *static_cast<std::string*>(data);
    const std::string description = e->desc ? e->desc : "";
    // HDF5 often repeats one description at several levels of the stack.
    if (description.empty() || text.find(description) != std::string::npos) return 0;
    if (!text.empty()) text += "; ";
    text += description;
    return 0;
}

}  // namespace

std::string h5_error_text() {
    std::string text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &text);
    H5Eclear2(H5E_DEFAULT);
    return text.empty() ? "no further detail from HDF5" : text;
}

void h5_silence_errors() {
    // The automatic printer is per error stack; this process uses only the default stack.
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

void h5_fail(const std::string& operation, const std::string& object) {
    throw store_error(operation + " failed for " + object + ": " + h5_error_text());
}

h5_handle& h5_handle::operator=(h5_handle&& other) noexcept {
    if (this != &other) {
        close_quietly();
        id_ = std::exchange(other.id_, H5I_INVALID_HID);
        name_ = std::move(other.name_);
    }
    return *this;
}

hid_t h5_handle::release() {
    return std::exchange(id_, H5I_INVALID_HID);
}

void h5_handle::close() {
    if (!valid()) return;
    const hid_t id = release();
    herr_t result = 0;
    const char* operation = "H5Idec_ref";
    switch (H5Iget_type(id)) {
        case H5I_FILE:
            result = H5Fclose(id), operation = "H5Fclose";
            break;
        case H5I_GROUP:
            result = H5Gclose(id), operation = "H5Gclose";
            break;
        case H5I_DATASET:
            result = H5Dclose(id), operation = "H5Dclose";
            break;
        case H5I_ATTR:
            result = H5Aclose(id), operation = "H5Aclose";
            break;
        case H5I_DATASPACE:
            result = H5Sclose(id), operation = "H5Sclose";
            break;
        case H5I_DATATYPE:
            result = H5Tclose(id), operation = "H5Tclose";
            break;
        case H5I_GENPROP_LST:
            result = H5Pclose(id), operation = "H5Pclose";
            break;
        default:
            result = H5Idec_ref(id);
            break;
    }
    h5_check(result, operation, name_);
}

void h5_handle::close_quietly() noexcept {
    try {
        close();
    } catch (...) {
        // A destructor must not throw; callers who need to know use close().
    }
}

}  // namespace hetsweep::store
