#include <hetsweep/model/blas.hpp>

extern "C" void openblas_set_num_threads(int);

namespace hetsweep {

void set_blas_threads(int n) {
    openblas_set_num_threads(n);
}

}  // namespace hetsweep
