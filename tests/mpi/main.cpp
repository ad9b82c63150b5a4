#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include <hetsweep/comm/context.hpp>
#include <hetsweep/comm/mpi_session.hpp>
#include <hetsweep/comm/pack.hpp>

#include "mpi/mpi_test_env.hpp"

namespace {

std::unique_ptr<hetsweep::comm::context> world_context;
std::filesystem::path scratch_directory;

// Ranks other than 0 print only their failures, each line marked with the rank, so that the log
// stays readable and a failure on one rank is still seen.
class rank_failure_printer : public ::testing::EmptyTestEventListener {
  public:
    explicit rank_failure_printer(int rank) : rank_(rank) {}

    // Remembered here: asking gtest for the current test from OnTestPartResult deadlocks on its mutex.
    void OnTestStart(const ::testing::TestInfo& t) override {
        test_ = std::string(t.test_suite_name()) + "." + t.name();
    }

    void OnTestPartResult(const ::testing::TestPartResult& r) override {
        if (!r.failed()) return;
        std::cerr << "[rank " << rank_ << "] " << (r.file_name() ? r.file_name() : "?") << ":"
                  << r.line_number() << ": failure in " << test_ << "\n"
                  << r.summary() << std::endl;
    }

  private:
    int rank_;
    std::string test_;
};

}  // namespace

namespace hetsweep::test {

comm::context& world() {
    return *world_context;
}

std::string scratch_file(const std::string& name) {
    return (scratch_directory / name).string();
}

}  // namespace hetsweep::test

int main(int argc, char** argv) {
    using namespace hetsweep;
    comm::mpi_session session(argc, argv);
    int rank = -1;
    try {
        ::testing::InitGoogleTest(&argc, argv);
        world_context = comm::make_mpi_context();
        auto& ctx = *world_context;
        rank = ctx.rank();

        std::string directory;
        if (rank == 0) {
            directory =
                (std::filesystem::temp_directory_path() / ("hetsweep_mpi_tests." + std::to_string(getpid())))
                    .string();
            std::filesystem::create_directories(directory);
        }
        scratch_directory = comm::unpack<std::string>(ctx.broadcast(comm::pack(directory), 0));

        if (rank != 0) {
            auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
            delete listeners.Release(listeners.default_result_printer());
            listeners.Append(new rank_failure_printer(rank));
        }

        const bool failed = ctx.any(RUN_ALL_TESTS() != 0);
        ctx.barrier();
        if (rank == 0) {
            if (failed) {
                std::cerr << "Some rank failed; keeping " << scratch_directory << " for inspection"
                          << std::endl;
            } else {
                std::filesystem::remove_all(scratch_directory);
            }
        }
        world_context.reset();
        return failed ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "rank " << rank << ": " << e.what() << std::endl;
        comm::abort_all(1);
    }
}
