#include "h5_io.hpp"

#include <algorithm>

#include <hetsweep/errors.hpp>

namespace hetsweep::store {

std::string h5_child_name(const h5_handle& parent, const std::string& name) {
    const std::string& p = parent.name();
    if (p.find(":/") == std::string::npos) return p + ":/" + name;
    return p.back() == '/' ? p + name : p + "/" + name;
}

h5_handle h5_create_plist(hid_t plist_class, const std::string& purpose) {
    return h5_own(H5Pcreate(plist_class), "H5Pcreate", purpose);
}

bool h5_link_exists(const h5_handle& parent, const std::string& name) {
    return h5_check(H5Lexists(parent.id(), name.c_str(), H5P_DEFAULT), "H5Lexists",
                    h5_child_name(parent, name)) > 0;
}

h5_handle h5_create_group(const h5_handle& parent, const std::string& name) {
    const std::string full = h5_child_name(parent, name);
    auto gcpl = h5_create_plist(H5P_GROUP_CREATE, full);
    h5_check(H5Pset_obj_track_times(gcpl.id(), false), "H5Pset_obj_track_times", full);
    return h5_own(H5Gcreate2(parent.id(), name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT), "H5Gcreate2",
                  full);
}

h5_handle h5_open_group(const h5_handle& parent, const std::string& name) {
    const std::string full = h5_child_name(parent, name);
    if (!h5_link_exists(parent, name)) throw store_error(full + " is missing");
    return h5_own(H5Gopen2(parent.id(), name.c_str(), H5P_DEFAULT), "H5Gopen2", full);
}

namespace {

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

}  // namespace

std::vector<std::string> h5_child_names(const h5_handle& group) {
    std::vector<std::string> names;
    h5_check(H5Literate(group.id(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names), "H5Literate",
             group.name());
    return names;
}

bool h5_has_attribute(const h5_handle& object, const std::string& name) {
    return h5_check(H5Aexists(object.id(), name.c_str()), "H5Aexists", object.name() + " attribute " + name) >
           0;
}

namespace {

h5_handle open_or_create_attribute(const h5_handle& object, const std::string& name, hid_t type,
                                   const std::string& full) {
    if (h5_has_attribute(object, name))
        return h5_own(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), "H5Aopen", full);
    auto space = h5_own(H5Screate(H5S_SCALAR), "H5Screate", full);
    return h5_own(H5Acreate2(object.id(), name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                  "H5Acreate2", full);
}

h5_handle open_scalar_attribute(const h5_handle& object, const std::string& name, const std::string& full) {
    if (!h5_has_attribute(object, name)) throw store_error(full + " is missing");
    auto attribute = h5_own(H5Aopen(object.id(), name.c_str(), H5P_DEFAULT), "H5Aopen", full);
    auto space = h5_own(H5Aget_space(attribute.id()), "H5Aget_space", full);
    const hssize_t n =
        h5_check(H5Sget_simple_extent_npoints(space.id()), "H5Sget_simple_extent_npoints", full);
    if (n != 1) throw store_error(full + " holds " + std::to_string(n) + " values, expected one");
    return attribute;
}

}  // namespace

void h5_write_attribute(const h5_handle& object, const std::string& name, const std::string& value) {
    const std::string full = object.name() + " attribute " + name;
    auto type = h5_variable_string_type();
    auto attribute = open_or_create_attribute(object, name, type.id(), full);
    const char* data = value.c_str();
    h5_check(H5Awrite(attribute.id(), type.id(), &data), "H5Awrite", full);
}

void h5_write_attribute(const h5_handle& object, const std::string& name, std::int32_t value) {
    const std::string full = object.name() + " attribute " + name;
    auto attribute = open_or_create_attribute(object, name, H5T_STD_I32LE, full);
    h5_check(H5Awrite(attribute.id(), H5T_NATIVE_INT32, &value), "H5Awrite", full);
}

std::string h5_read_string_attribute(const h5_handle& object, const std::string& name) {
    const std::string full = object.name() + " attribute " + name;
    auto attribute = open_scalar_attribute(object, name, full);
    auto type = h5_own(H5Aget_type(attribute.id()), "H5Aget_type", full);
    if (h5_check(H5Tget_class(type.id()), "H5Tget_class", full) != H5T_STRING) {
        throw store_error(full + " is not a string");
    }
    if (h5_check(H5Tis_variable_str(type.id()), "H5Tis_variable_str", full) > 0) {
        char* data = nullptr;
        h5_check(H5Aread(attribute.id(), type.id(), &data), "H5Aread", full);
        std::string value = data ? data : "";
        H5free_memory(data);
        return value;
    }
    const std::size_t size = H5Tget_size(type.id());
    if (size == 0) h5_fail("H5Tget_size", full);
    std::string value(size, '\0');
    h5_check(H5Aread(attribute.id(), type.id(), value.data()), "H5Aread", full);
    return value.substr(0, value.find('\0'));
}

std::int32_t h5_read_int_attribute(const h5_handle& object, const std::string& name) {
    const std::string full = object.name() + " attribute " + name;
    auto attribute = open_scalar_attribute(object, name, full);
    auto type = h5_own(H5Aget_type(attribute.id()), "H5Aget_type", full);
    if (h5_check(H5Tget_class(type.id()), "H5Tget_class", full) != H5T_INTEGER) {
        throw store_error(full + " is not an integer");
    }
    std::int32_t value = 0;
    h5_check(H5Aread(attribute.id(), H5T_NATIVE_INT32, &value), "H5Aread", full);
    return value;
}

h5_handle h5_fixed_string_type(std::size_t size) {
    const std::string what = "fixed-length string type of " + std::to_string(size) + " bytes";
    auto type = h5_own(H5Tcopy(H5T_C_S1), "H5Tcopy", what);
    h5_check(H5Tset_size(type.id(), std::max<std::size_t>(size, 1)), "H5Tset_size", what);
    h5_check(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), "H5Tset_strpad", what);
    h5_check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", what);
    return type;
}

h5_handle h5_variable_string_type() {
    const std::string what = "variable-length string type";
    auto type = h5_own(H5Tcopy(H5T_C_S1), "H5Tcopy", what);
    h5_check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size", what);
    h5_check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", what);
    return type;
}

h5_handle h5_create_dataset(const h5_handle& parent, const std::string& name, hid_t file_type,
                            const std::vector<hsize_t>& dims, hid_t fill_type, const void* fill) {
    const std::string full = h5_child_name(parent, name);
    auto space = h5_own(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                        "H5Screate_simple", full);
    auto dcpl = h5_create_plist(H5P_DATASET_CREATE, full);
    h5_check(H5Pset_layout(dcpl.id(), H5D_CONTIGUOUS), "H5Pset_layout", full);
    h5_check(H5Pset_alloc_time(dcpl.id(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", full);
    // No time stamps: they would make otherwise identical stores differ.
    h5_check(H5Pset_obj_track_times(dcpl.id(), false), "H5Pset_obj_track_times", full);
    if (fill) {
        h5_check(H5Pset_fill_value(dcpl.id(), fill_type, fill), "H5Pset_fill_value", full);
        h5_check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_ALLOC), "H5Pset_fill_time", full);
    } else {
        h5_check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER), "H5Pset_fill_time", full);
    }
    return h5_own(
        H5Dcreate2(parent.id(), name.c_str(), file_type, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
        "H5Dcreate2", full);
}

h5_handle h5_open_dataset(const h5_handle& parent, const std::string& name) {
    const std::string full = h5_child_name(parent, name);
    if (!h5_link_exists(parent, name)) throw store_error(full + " is missing");
    return h5_own(H5Dopen2(parent.id(), name.c_str(), H5P_DEFAULT), "H5Dopen2", full);
}

std::vector<hsize_t> h5_dims(const h5_handle& dataset) {
    auto space = h5_own(H5Dget_space(dataset.id()), "H5Dget_space", dataset.name());
    const int rank =
        h5_check(H5Sget_simple_extent_ndims(space.id()), "H5Sget_simple_extent_ndims", dataset.name());
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    h5_check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), "H5Sget_simple_extent_dims",
             dataset.name());
    return dims;
}

h5_handle h5_dataset_type(const h5_handle& dataset) {
    return h5_own(H5Dget_type(dataset.id()), "H5Dget_type", dataset.name());
}

namespace {

// Selects rows [first, first + count) in the file and returns the selection and the element count.
std::pair<h5_handle, hsize_t> select_rows(const h5_handle& dataset, hsize_t first, hsize_t count) {
    auto space = h5_own(H5Dget_space(dataset.id()), "H5Dget_space", dataset.name());
    const int rank =
        h5_check(H5Sget_simple_extent_ndims(space.id()), "H5Sget_simple_extent_ndims", dataset.name());
    if (rank != 1 && rank != 2) {
        throw store_error(dataset.name() + " has " + std::to_string(rank) + " dimensions, expected 1 or 2");
    }
    hsize_t dims[2] = {0, 1};
    h5_check(H5Sget_simple_extent_dims(space.id(), dims, nullptr), "H5Sget_simple_extent_dims",
             dataset.name());
    if (first > dims[0] || count > dims[0] - first) {
        throw store_error(dataset.name() + ": rows [" + std::to_string(first) + ", " +
                          std::to_string(first + count) + ") are outside its " + std::to_string(dims[0]) +
                          " rows");
    }
    const hsize_t start[2] = {first, 0};
    const hsize_t block[2] = {count, dims[1]};
    h5_check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, start, nullptr, block, nullptr),
             "H5Sselect_hyperslab", dataset.name());
    return {std::move(space), count * dims[1]};
}

}  // namespace

void h5_write_rows(const h5_handle& dataset, hid_t mem_type, hsize_t first, hsize_t count, const void* data,
                   hid_t transfer) {
    auto [file_space, n] = select_rows(dataset, first, count);
    if (n == 0) return;
    auto mem_space = h5_own(H5Screate_simple(1, &n, nullptr), "H5Screate_simple", dataset.name());
    h5_check(H5Dwrite(dataset.id(), mem_type, mem_space.id(), file_space.id(), transfer, data), "H5Dwrite",
             dataset.name());
}

void h5_read_rows(const h5_handle& dataset, hid_t mem_type, hsize_t first, hsize_t count, void* data,
                  hid_t transfer) {
    auto [file_space, n] = select_rows(dataset, first, count);
    if (n == 0) return;
    auto mem_space = h5_own(H5Screate_simple(1, &n, nullptr), "H5Screate_simple", dataset.name());
    h5_check(H5Dread(dataset.id(), mem_type, mem_space.id(), file_space.id(), transfer, data), "H5Dread",
             dataset.name());
}

std::string utf8_prefix(const std::string& s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    std::size_t end = bytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the character that does not fit.
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

namespace {

std::size_t string_size(const h5_handle& dataset, const h5_handle& type) {
    if (h5_check(H5Tget_class(type.id()), "H5Tget_class", dataset.name()) != H5T_STRING ||
        h5_check(H5Tis_variable_str(type.id()), "H5Tis_variable_str", dataset.name()) > 0) {
        throw store_error(dataset.name() + " does not hold fixed-length strings");
    }
    const std::size_t size = H5Tget_size(type.id());
    if (size == 0) h5_fail("H5Tget_size", dataset.name());
    return size;
}

}  // namespace

void h5_write_strings(const h5_handle& dataset, const std::vector<std::string>& values, hsize_t first,
                      hid_t transfer) {
    auto type = h5_dataset_type(dataset);
    const std::size_t size = string_size(dataset, type);
    std::vector<char> buffer(values.size() * size, '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string v = utf8_prefix(values[i], size);
        std::copy(v.begin(), v.end(), buffer.begin() + static_cast<std::ptrdiff_t>(i * size));
    }
    h5_write_rows(dataset, type.id(), first, values.size(), buffer.data(), transfer);
}

std::vector<std::string> h5_read_strings(const h5_handle& dataset, hid_t transfer) {
    auto type = h5_dataset_type(dataset);
    const std::size_t size = string_size(dataset, type);
    const auto dims = h5_dims(dataset);
    if (dims.size() != 1) throw store_error(dataset.name() + " is not one-dimensional");
    std::vector<char> buffer(dims[0] * size);
    h5_read_rows(dataset, type.id(), 0, dims[0], buffer.data(), transfer);
    std::vector<std::string> values(dims[0]);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const char* begin = buffer.data() + i * size;
        values[i].assign(begin, std::find(begin, begin + size, '\0'));
    }
    return values;
}

}  // namespace hetsweep::store
