#include <hetsweep/model/memory.hpp>

#include <sys/mman.h>
#include <cstdint>

namespace hetsweep {

void prefer_huge_pages(void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    // madvise wants whole pages: the huge pages inside [data, data + bytes).
    constexpr std::uintptr_t huge = std::uintptr_t(2) << 20;
    const auto first = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
    const auto last = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
    if (last > first)
        madvise(reinterpret_cast<void*>(first), last - first,
                MADV_HUGEPAGE);  // a hint: its failure changes nothing
#else
    (void)data;
    (void)bytes;
#endif
}

}  // namespace hetsweep
