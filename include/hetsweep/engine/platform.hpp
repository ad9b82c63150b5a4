#pragma once

// Where a run computes: what decides the last bits of its floats. The same binary on the same
// platform gives bit-identical points for any rank count, batch size or interruption; another CPU,
// BLAS kernel or build (-march=native or not) agrees only to rounding (docs/running.md, Reproducibility).

#include <hetsweep/comm/context.hpp>

#include <string>

namespace hetsweep::engine {

// "native (-march=native: AVX-512F, FMA)" or "portable (-march=x86-64: SSE2)": the instruction set
// this binary was compiled for.
std::string build_description();

// "AMD EPYC 9R14 [AMD, AVX, AVX2, FMA, ...]": the processor's name (/proc/cpuinfo) and what it can run.
std::string cpu_description();

// This process's platform: "CPU AMD EPYC [AMD, AVX, AVX2, FMA, ...]; OpenBLAS 0.3.21, kernel
// Cooperlake; build native (-march=native: AVX-512F, FMA)".
std::string this_platform();

// Collective: the distinct platforms of the ranks, each with the ranks that run it, in rank order:
// "PLATFORM" when all ranks run one, "PLATFORM (ranks 0-3) | PLATFORM (ranks 4, 5)" otherwise. The
// same text on every rank.
std::string platforms_of(const comm::context& ctx);

}  // namespace hetsweep::engine
