#pragma once

namespace hetsweep {

// One BLAS thread per process: ranks, not threads, use the cores, and
// results do not depend on a thread count.
void set_blas_threads(int n);

}  // namespace hetsweep
