#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "h5_handle.hpp"

// Typed reads and writes of groups, attributes and datasets in the shapes the store uses. Every
// function names the object it failed on.
namespace hetsweep::store {

// "<file>:/a/b" for the child `name` of `parent`; a file handle is named by its path alone.
std::string h5_child_name(const h5_handle& parent, const std::string& name);

h5_handle h5_create_plist(hid_t plist_class, const std::string& purpose);

bool h5_link_exists(const h5_handle& parent, const std::string& name);
h5_handle h5_create_group(const h5_handle& parent, const std::string& name);
h5_handle h5_open_group(const h5_handle& parent, const std::string& name);
std::vector<std::string> h5_child_names(const h5_handle& group);  // in name order

bool h5_has_attribute(const h5_handle& object, const std::string& name);
// Creates the attribute, or overwrites it if it exists. Strings are variable-length UTF-8, so their
// size is not limited by HDF5's 64 KiB object header.
void h5_write_attribute(const h5_handle& object, const std::string& name, const std::string& value);
void h5_write_attribute(const h5_handle& object, const std::string& name, std::int32_t value);
// Accepts variable- and fixed-length strings, as other writers (h5py) may use either.
std::string h5_read_string_attribute(const h5_handle& object, const std::string& name);
std::int32_t h5_read_int_attribute(const h5_handle& object, const std::string& name);

// Fixed-length, null-padded UTF-8 strings of `size` bytes (at least 1).
h5_handle h5_fixed_string_type(std::size_t size);
h5_handle h5_variable_string_type();

// A contiguous dataset allocated in full now, so that later writes change raw data only. With a
// fill value, every element is written with it at once; without, the caller writes it all.
h5_handle h5_create_dataset(const h5_handle& parent, const std::string& name, hid_t file_type,
                            const std::vector<hsize_t>& dims, hid_t fill_type = H5I_INVALID_HID,
                            const void* fill = nullptr);
h5_handle h5_open_dataset(const h5_handle& parent, const std::string& name);
std::vector<hsize_t> h5_dims(const h5_handle& dataset);
h5_handle h5_dataset_type(const h5_handle& dataset);

// Rows [first, first + count) of a 1-D or 2-D dataset, as count x row-length elements of mem_type.
void h5_write_rows(const h5_handle& dataset, hid_t mem_type, hsize_t first, hsize_t count, const void* data,
                   hid_t transfer);
void h5_read_rows(const h5_handle& dataset, hid_t mem_type, hsize_t first, hsize_t count, void* data,
                  hid_t transfer);

// Whole 1-D datasets of fixed-length strings. Writing cuts each value to the dataset's string size
// at a UTF-8 character boundary; reading drops the null padding.
void h5_write_strings(const h5_handle& dataset, const std::vector<std::string>& values, hsize_t first,
                      hid_t transfer);
std::vector<std::string> h5_read_strings(const h5_handle& dataset, hid_t transfer);

// The longest prefix of `s` of at most `bytes` bytes that does not split a UTF-8 character.
std::string utf8_prefix(const std::string& s, std::size_t bytes);

}  // namespace hetsweep::store
