#pragma once

#include <string>

#include <hetsweep/comm/context.hpp>

// Shared by the MPI tests; set up in main.cpp.
namespace hetsweep::test {

// All ranks of this test run.
comm::context& world();

// A path in a directory unique to this test run (named after rank 0's PID) and shared by all ranks.
std::string scratch_file(const std::string& name);

}  // namespace hetsweep::test
