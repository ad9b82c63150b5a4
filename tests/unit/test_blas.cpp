// The BLAS in use and the kernel hetsweep asks OpenBLAS for.

#include <hetsweep/model/blas.hpp>

#include <gtest/gtest.h>

namespace hetsweep {
namespace {

cpu_features avx512(bool bf16) {
    cpu_features c;
    c.avx = c.avx2 = c.fma = c.avx512f = c.avx512bw = c.avx512vl = c.avx512dq = c.avx512cd = true;
    c.avx512bf16 = bf16;
    return c;
}

TEST(Blas, GenericKernelsAreTheOnesBeforeAvx) {
    for (const char* k : {"Prescott", "Core2", "Nehalem", "Barcelona", "unknown"})
        EXPECT_TRUE(is_generic_openblas_kernel(k)) << k;
    for (const char* k : {"Haswell", "SkylakeX", "Cooperlake", "Zen", "Sandybridge", "SapphireRapids"})
        EXPECT_FALSE(is_generic_openblas_kernel(k)) << k;
}

TEST(Blas, TheBestKernelTheFeaturesAllowReplacesAGenericOne) {
    // The case of the Intel family 6 model 207 CPU that OpenBLAS 0.3.21 does not know.
    EXPECT_EQ(better_openblas_coretype("Prescott", avx512(false)), "SkylakeX");
    EXPECT_EQ(better_openblas_coretype("Prescott", avx512(true)), "Cooperlake");
    cpu_features avx2;
    avx2.avx = avx2.avx2 = avx2.fma = true;
    EXPECT_EQ(better_openblas_coretype("Prescott", avx2), "Haswell");
    avx2.amd = true;
    EXPECT_EQ(better_openblas_coretype("Barcelona", avx2), "Zen");
    cpu_features avx_only;
    avx_only.avx = true;
    EXPECT_EQ(better_openblas_coretype("Nehalem", avx_only), "Sandybridge");
    // Nothing better to run, or a kernel that is not a fallback: leave it.
    EXPECT_EQ(better_openblas_coretype("Prescott", cpu_features{}), "");
    EXPECT_EQ(better_openblas_coretype("Haswell", avx512(false)), "");
    EXPECT_EQ(better_openblas_coretype("Zen", avx2), "");
    // AVX-512 without all of SkylakeX's subsets is not enough for it.
    cpu_features partial = avx512(false);
    partial.avx512bw = false;
    EXPECT_EQ(better_openblas_coretype("Prescott", partial), "Haswell");
}

TEST(Blas, TheLibraryInUseNamesItsVersionAndKernel) {
    const blas_info b = blas_in_use();
    EXPECT_EQ(b.name, "OpenBLAS");
    EXPECT_EQ(b.config.rfind("OpenBLAS ", 0), 0u) << b.config;
    EXPECT_NE(b.version, "(version unknown)");
    EXPECT_NE(b.kernel, "");
    EXPECT_NE(b.config.find(b.version), std::string::npos);
    EXPECT_EQ(b.text(), "OpenBLAS " + b.version + ", kernel " + b.kernel);
}

}  // namespace
}  // namespace hetsweep
