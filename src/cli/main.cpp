#include <hetsweep/cli/commands.hpp>

int main(int argc, char** argv) {
    return hetsweep::cli::dispatch(argc, argv);
}
