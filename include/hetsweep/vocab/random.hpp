#pragma once

// Counter-based random streams (Philox4x32-10, Salmon et al., SC'11) keyed by
// (sweep seed, network seed, purpose). A draw depends only on its key and its
// position in the stream, never on rank, thread or schedule, and the
// distributions are written here so that results do not depend on the
// standard library's implementation.

#include <array>
#include <cstdint>

namespace hetsweep {

// What a stream is used for. A new kind of draw gets a new tag; existing tags
// never change, so adding a draw never shifts the existing streams.
enum class purpose : std::uint32_t {
    tau = 1,
    weights = 2,
    input_weights = 3,
    input_mask = 4,
    initial_state = 5,
    noise = 6,
    input_series = 7,
    prune = 8,
    bootstrap = 9,  // the query's resamples of replicates (keyed by the query's own seed, not a network's)
};

using philox_counter = std::array<std::uint32_t, 4>;
using philox_key = std::array<std::uint32_t, 2>;

// The bijection of Philox4x32 with 10 rounds.
philox_counter philox4x32_10(philox_counter counter, philox_key key);

// SplitMix64's finaliser: a bijective 64-bit mixer used to fold seeds into keys.
std::uint64_t mix64(std::uint64_t x);

class random_stream {
  public:
    // The stream of `what` for network `network_seed` of sweep `sweep_seed`;
    // `substream` separates independent sequences of the same purpose.
    random_stream(std::uint64_t sweep_seed, std::uint64_t network_seed, purpose what,
                  std::uint32_t substream = 0);

    std::uint32_t next_u32() {
        if (used_ == buffered_words) refill();
        return buffer_[used_++];
    }
    std::uint64_t next_u64() {
        const std::uint64_t hi = next_u32();
        return (hi << 32) | next_u32();
    }
    // Uniform on [0, 1) with 53 random bits.
    double uniform();
    // Uniform on (0, 1): never exactly zero, safe under log().
    double uniform_open();
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Standard normal by the ziggurat method (Marsaglia and Tsang 2000, with
    // Doornik's 2005 fix of the layer/value correlation).
    double normal();
    // n standard normals by the same ziggurat, in batches: the common case
    // (a point inside a rectangle, 98.8%) is decided for a whole batch in one
    // vectorisable loop, the rest afterwards in order. Deterministic, but a
    // different sequence from n calls of normal().
    void fill_normal(double* out, std::int64_t n);
    double normal(double mean, double sd) { return mean + sd * normal(); }
    // Gamma(shape, scale = 1) by Marsaglia and Tsang (2000); shape < 1 by
    // the boost Gamma(a) = Gamma(a + 1) * U^(1/a).
    double gamma(double shape);
    double lognormal(double mu, double sigma);
    // Uniform integer in [0, n) without modulo bias.
    std::uint64_t below(std::uint64_t n);

  private:
    // The ziggurat's slow path for a draw `bits` that fell outside its rectangle.
    double normal_outside(std::uint64_t bits);
    // Philox blocks are made 16 at a time, in a loop the compiler vectorises;
    // the sequence is the same as one block at a time.
    static constexpr int buffered_blocks = 16;
    static constexpr int buffered_words = 4 * buffered_blocks;
    void refill();

    philox_key key_;
    std::uint32_t purpose_;
    std::uint32_t substream_;
    std::uint64_t block_ = 0;
    std::array<std::uint32_t, buffered_words> buffer_{};
    int used_ = buffered_words;
};

}  // namespace hetsweep
