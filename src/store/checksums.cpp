// The CRC-32 of each done row: computed when the row is written, and checked to find rows that no
// longer hold what was written.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include <zlib.h>

#include "h5_io.hpp"
#include "sweep_store_impl.hpp"

namespace hetsweep::store {

std::uint32_t row_checksum(const std::vector<const double*>& per_task_rows, std::size_t n_tasks,
                           const std::vector<double>& metrics) {
    // The stored bytes are IEEE 754 little-endian; on such a machine they are the bytes in memory.
    static_assert(sizeof(double) == 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "row_checksum takes the bytes of doubles in memory as the stored little-endian bytes"
#endif
    // zlib's CRC-32: a well-kept library (HDF5 links it already), and the same function Python's
    // zlib.crc32 computes, so a reader can verify a row without hetsweep.
    uLong crc = crc32_z(0L, Z_NULL, 0);
    for (const double* row : per_task_rows)
        crc = crc32_z(crc, reinterpret_cast<const Bytef*>(row), n_tasks * sizeof(double));
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(metrics.data()), metrics.size() * sizeof(double));
    return static_cast<std::uint32_t>(crc);
}

bool sweep_store::has_checksums() const {
    return get().checksum.valid();
}

std::vector<std::uint64_t> sweep_store::failed_checksums(
    const std::vector<std::uint64_t>& points, const std::function<void(std::size_t)>& progress) const {
    const auto& s = get();
    std::vector<std::uint64_t> failed;
    if (!s.checksum.valid()) return failed;
    for (auto p : points) s.require_point("failed_checksums", p);
    // Blocks of consecutive points, at most about 64 MB of per-task values each.
    const std::size_t row_bytes = 8 * (s.n_tasks * s.per_task.size() + s.metric_names.size()) + 4;
    const std::size_t block = std::max<std::size_t>(1, (std::size_t(64) << 20) / row_bytes);
    std::vector<std::vector<double>> per_task(s.per_task.size());
    std::vector<double> metrics;
    std::vector<std::uint32_t> stored;
    for (std::size_t i = 0; i < points.size();) {
        std::size_t j = i + 1;
        while (j < points.size() && j - i < block && points[j] == points[j - 1] + 1) ++j;
        const std::uint64_t first = points[i], count = j - i;
        for (std::size_t k = 0; k < per_task.size(); ++k) {
            per_task[k].resize(count * s.n_tasks);
            h5_read_rows(s.per_task[k], H5T_NATIVE_DOUBLE, first, count, per_task[k].data(), s.transfer());
        }
        metrics.resize(count * s.metric_names.size());
        h5_read_rows(s.metrics, H5T_NATIVE_DOUBLE, first, count, metrics.data(), s.transfer());
        stored.resize(count);
        h5_read_rows(s.checksum, H5T_NATIVE_UINT32, first, count, stored.data(), s.transfer());
        std::vector<const double*> rows(per_task.size());
        for (std::uint64_t r = 0; r < count; ++r) {
            for (std::size_t k = 0; k < per_task.size(); ++k) rows[k] = per_task[k].data() + r * s.n_tasks;
            const auto m = metrics.begin() + long(r * s.metric_names.size());
            if (row_checksum(rows, s.n_tasks, std::vector<double>(m, m + long(s.metric_names.size()))) !=
                stored[r])
                failed.push_back(first + r);
        }
        i = j;
        if (progress) progress(i);
    }
    return failed;
}

std::vector<std::uint64_t> sweep_store::damaged_done_points(
    const std::vector<point_status>& status, const std::function<void(std::size_t)>& progress) const {
    std::vector<std::uint64_t> done;
    for (std::uint64_t i = 0; i < status.size(); ++i)
        if (status[i] == point_status::done) done.push_back(i);
    return failed_checksums(done, progress);
}

}  // namespace hetsweep::store
