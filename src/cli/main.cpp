#include <hetsweep/cli/blas_kernel.hpp>

#include <hetsweep/cli/commands.hpp>

int main(int argc, char** argv) {
    hetsweep::cli::choose_blas_kernel(argv);  // first: it may restart the process
    return hetsweep::cli::dispatch(argc, argv);
}
