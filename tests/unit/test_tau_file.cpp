// Time constants from a file (tau.file): values in order or drawn from the file as a pool, the
// floor, the errors a bad file gets, and the spec hash that follows the file's content.

#include <hetsweep/errors.hpp>
#include <hetsweep/model/evaluate.hpp>
#include <hetsweep/model/tau_profile.hpp>
#include <hetsweep/sweep/spec.hpp>
#include <hetsweep/vocab/random.hpp>

#include <gtest/gtest.h>

#include "unit/error_of.hpp"
#include "unit/small_point.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace hetsweep {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed at the end.
struct scratch {
    fs::path dir;
    scratch() {
        dir = fs::temp_directory_path() /
              ("hetsweep-tau-file-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~scratch() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text) const {
        const fs::path p = dir / name;
        std::ofstream(p) << text;
        return p.string();
    }
};

TEST(TauFile, ValuesInOrderOrDrawnFromThePool) {
    const scratch s;
    const std::string path =
        s.write("taus.txt", "# measured on chip 3\n0.2\n0.4  # a slow one\n\n0.005\n0.3\n");
    random_stream rng(1, 1, purpose::tau);
    const Eigen::ArrayXd in_order = file_tau(path, false, 4, 0.01, rng);
    EXPECT_EQ(in_order[0], 0.2);
    EXPECT_EQ(in_order[1], 0.4);
    EXPECT_EQ(in_order[2], 0.01) << "0.005 is below the floor";
    EXPECT_EQ(in_order[3], 0.3);
    const std::string wrong = test::error_of([&] { file_tau(path, false, 5, 0.01, rng); });
    EXPECT_NE(wrong.find("holds 4 time constants and network.N = 5"), std::string::npos) << wrong;

    random_stream a(1, 2, purpose::tau), b(1, 2, purpose::tau);
    const Eigen::ArrayXd pool = file_tau(path, true, 2000, 0.01, a);
    EXPECT_TRUE((pool == file_tau(path, true, 2000, 0.01, b)).all()) << "the same stream, the same draws";
    std::map<double, int> counts;
    for (double x : pool) ++counts[x];
    EXPECT_EQ(counts.size(), 4u);
    for (const auto& [value, count] : counts)
        EXPECT_NEAR(count, 500, 100) << value;  // 4 sd of Binomial(2000, 1/4)
}

TEST(TauFile, BadFilesNameTheFileTheLineAndTheRule) {
    const scratch s;
    const auto error = [](const std::string& path) { return test::error_of([&] { tau_file_values(path); }); };
    EXPECT_NE(error((s.dir / "absent.txt").string()).find("cannot open the file"), std::string::npos);
    EXPECT_NE(error(s.write("word.txt", "0.1\nfast\n")).find("line 2: \"fast\" is not a time constant"),
              std::string::npos);
    EXPECT_NE(error(s.write("negative.txt", "0.1\n-0.2\n")).find("line 2"), std::string::npos);
    EXPECT_NE(error(s.write("nan.txt", "nan\n")).find("line 1"), std::string::npos);
    EXPECT_NE(error(s.write("huge.txt", "1e400\n")).find("line 1"), std::string::npos);
    EXPECT_NE(error(s.write("two.txt", "0.1 0.2\n")).find("line 1"), std::string::npos);
    EXPECT_NE(error(s.write("empty.txt", "# nothing\n\n")).find("holds no time constant"), std::string::npos);
}

TEST(TauFile, SpecFindsTheFileBesideItAndHashesItsContent) {
    const scratch s;
    s.write("taus.txt", "0.2\n0.3\n");
    const std::string origin = (s.dir / "sweep.toml").string();
    const std::string text = "[tau]\nfile = \"taus.txt\"\nfile_mode = \"pool\"\n";
    const sweep_spec first = parse_spec(text, origin);
    EXPECT_EQ(first.base.tau_file, "taus.txt")
        << "kept as written: the hash does not depend on the directory";
    EXPECT_EQ(tau_file_values("taus.txt").size(), 2u);
    const std::string hash = first.hash();
    s.write("taus.txt", "0.2\n0.31\n");
    EXPECT_NE(parse_spec(text, origin).hash(), hash) << "another content, another sweep";
    s.write("taus.txt", "0.2\n0.3\n");
    EXPECT_EQ(parse_spec(text, origin).hash(), hash);

    const std::string missing = test::error_of([&] { parse_spec("[tau]\nfile = \"none.txt\"\n", origin); });
    EXPECT_NE(missing.find(origin + ": tau.file = \"none.txt\""), std::string::npos) << missing;
    EXPECT_NE(missing.find("cannot open"), std::string::npos) << missing;
}

// A network built from a file: its time constants' moments are the file's.
TEST(TauFile, APointUsesTheFilesTimeConstants) {
    const scratch s;
    std::string text;
    for (int i = 0; i < 20; ++i) text += std::to_string(0.05 + 0.02 * i) + "\n";
    point_params p = test::small_point();
    p.tau_file = s.write("twenty.txt", text);
    p.tau_file_mode = "values";
    const point_result r = evaluator(3).run(p);
    EXPECT_NEAR(r.tau.mean, 0.05 + 0.02 * 9.5, 1e-12);
    EXPECT_EQ(r.tau_floor_fraction, 0.0);
    EXPECT_TRUE(r.r2.allFinite());
}

}  // namespace
}  // namespace hetsweep
