#pragma once

// Large buffers a rank keeps from point to point (the targets, the state matrices) backed by
// transparent huge pages where the kernel offers them on request (madvise(MADV_HUGEPAGE);
// Debian's default /sys/kernel/mm/transparent_hugepage/enabled is "madvise"), so that first
// touching them costs one page fault per 2 MiB instead of one per 4 KiB. Speed only: the values,
// the addresses and their alignment are unchanged. Call it after allocating and before the first
// write; it does nothing where huge pages are not offered or the buffer is smaller than one.

#include <cstddef>

namespace hetsweep {

void prefer_huge_pages(void* data, std::size_t bytes);

template <typename Matrix>
void prefer_huge_pages(Matrix& m) {
    prefer_huge_pages(m.data(), sizeof(typename Matrix::Scalar) * std::size_t(m.size()));
}

}  // namespace hetsweep
