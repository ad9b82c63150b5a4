#include <hetsweep/vocab/random.hpp>

#include <algorithm>
#include <cmath>

namespace hetsweep {

namespace {

constexpr std::uint32_t philox_m0 = 0xD2511F53u;
constexpr std::uint32_t philox_m1 = 0xCD9E8D57u;
constexpr std::uint32_t philox_w0 = 0x9E3779B9u;
constexpr std::uint32_t philox_w1 = 0xBB67AE85u;

inline void mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
    const std::uint64_t product = std::uint64_t(a) * b;
    hi = std::uint32_t(product >> 32);
    lo = std::uint32_t(product);
}

// Ziggurat tables for the standard normal, 128 layers (Doornik 2005).
struct ziggurat_tables {
    static constexpr int layers = 128;
    static constexpr double r = 3.442619855899;
    static constexpr double v = 9.91256303526217e-3;
    double x[layers + 1];
    double ratio[layers];

    ziggurat_tables() {
        double f = std::exp(-0.5 * r * r);
        x[0] = v / f;
        x[1] = r;
        x[layers] = 0;
        for (int i = 2; i < layers; ++i) {
            x[i] = std::sqrt(-2 * std::log(v / x[i - 1] + f));
            f = std::exp(-0.5 * x[i] * x[i]);
        }
        for (int i = 0; i < layers; ++i) ratio[i] = x[i + 1] / x[i];
    }
};

const ziggurat_tables& zig() {
    static const ziggurat_tables tables;
    return tables;
}

}  // namespace

philox_counter philox4x32_10(philox_counter c, philox_key k) {
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k[0] += philox_w0;
            k[1] += philox_w1;
        }
        std::uint32_t hi0, lo0, hi1, lo1;
        mulhilo(philox_m0, c[0], hi0, lo0);
        mulhilo(philox_m1, c[2], hi1, lo1);
        c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
    }
    return c;
}

std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

random_stream::random_stream(std::uint64_t sweep_seed, std::uint64_t network_seed, purpose what,
                             std::uint32_t substream)
    : purpose_(static_cast<std::uint32_t>(what)), substream_(substream) {
    // Two rounds of mixing keep (a, b) and (b, a) apart.
    const std::uint64_t k = mix64(mix64(sweep_seed) ^ network_seed);
    key_ = {std::uint32_t(k), std::uint32_t(k >> 32)};
}

// Eight Philox blocks side by side in 64-bit lanes holding 32-bit words;
// GCC's vector extension compiles the masked products to vector 32x32->64
// multiplies on any x86-64 target (two blocks per SSE2 register, eight per AVX-512).
typedef std::uint64_t lanes __attribute__((vector_size(64)));

void random_stream::refill() {
    constexpr std::uint64_t low = 0xFFFFFFFFull;
    static_assert(buffered_blocks % 8 == 0, "blocks come in groups of eight");
    for (int group = 0; group < buffered_blocks / 8; ++group) {
        lanes c0, c1, c2, c3;
        for (int b = 0; b < 8; ++b) {
            const std::uint64_t block = block_ + std::uint64_t(8 * group + b);
            c0[b] = block & low;
            c1[b] = block >> 32;
            c2[b] = purpose_;
            c3[b] = substream_;
        }
        std::uint64_t k0 = key_[0], k1 = key_[1];
        for (int round = 0; round < 10; ++round) {
            if (round > 0) {
                k0 = (k0 + philox_w0) & low;
                k1 = (k1 + philox_w1) & low;
            }
            const lanes p0 = (c0 & low) * philox_m0;
            const lanes p1 = (c2 & low) * philox_m1;
            c0 = (p1 >> 32) ^ c1 ^ k0;
            c2 = (p0 >> 32) ^ c3 ^ k1;
            c1 = p1 & low;
            c3 = p0 & low;
        }
        for (int b = 0; b < 8; ++b) {
            const std::size_t at = std::size_t(4 * (8 * group + b));
            buffer_[at] = std::uint32_t(c0[b]);
            buffer_[at + 1] = std::uint32_t(c1[b]);
            buffer_[at + 2] = std::uint32_t(c2[b]);
            buffer_[at + 3] = std::uint32_t(c3[b]);
        }
    }
    block_ += buffered_blocks;
    used_ = 0;
}

double random_stream::uniform() {
    return double(next_u64() >> 11) * 0x1.0p-53;
}

double random_stream::uniform_open() {
    return (double(next_u64() >> 11) + 0.5) * 0x1.0p-53;
}

__extension__ typedef unsigned __int128 u128;

std::uint64_t random_stream::below(std::uint64_t n) {
    // Lemire's rejection keeps the result exactly uniform.
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
        const std::uint64_t x = next_u64();
        const u128 m = static_cast<u128>(x) * n;
        if (std::uint64_t(m) >= threshold) return std::uint64_t(m >> 64);
    }
}

double random_stream::normal() {
    // One 64-bit draw: bits 11..63 give the value, the disjoint bits 0..6 the layer.
    const std::uint64_t bits = next_u64();
    const auto& t = zig();
    const double u = double(bits >> 11) * 0x1.0p-52 - 1;
    const int i = int(bits & 0x7F);
    if (std::fabs(u) < t.ratio[i]) return u * t.x[i];
    return normal_outside(bits);
}

double random_stream::normal_outside(std::uint64_t bits) {
    const auto& t = zig();
    const double u = double(bits >> 11) * 0x1.0p-52 - 1;
    const int i = int(bits & 0x7F);
    if (i == 0) {
        // The base layer: sample the tail beyond r (Marsaglia 1964).
        double x, y;
        do {
            x = std::log(uniform_open()) / t.r;
            y = std::log(uniform_open());
        } while (-2 * y < x * x);
        return u < 0 ? x - t.r : t.r - x;
    }
    const double x = u * t.x[i];
    const double f0 = std::exp(-0.5 * (t.x[i] * t.x[i] - x * x));
    const double f1 = std::exp(-0.5 * (t.x[i + 1] * t.x[i + 1] - x * x));
    if (f1 + uniform() * (f0 - f1) < 1.0) return x;
    return normal();  // rejected: a fresh draw
}

void random_stream::fill_normal(double* out, std::int64_t n) {
    const auto& t = zig();
    constexpr std::int64_t batch = 64;
    std::uint64_t bits[batch];
    bool inside[batch];
    for (std::int64_t first = 0; first < n; first += batch) {
        const std::int64_t count = std::min(batch, n - first);
        for (std::int64_t j = 0; j < count; ++j) bits[j] = next_u64();
        for (std::int64_t j = 0; j < count; ++j) {
            const double u = double(bits[j] >> 11) * 0x1.0p-52 - 1;
            const int layer = int(bits[j] & 0x7F);
            inside[j] = std::fabs(u) < t.ratio[layer];
            out[first + j] = u * t.x[layer];
        }
        for (std::int64_t j = 0; j < count; ++j)
            if (!inside[j]) out[first + j] = normal_outside(bits[j]);
    }
}

double random_stream::gamma(double shape) {
    if (shape < 1) {
        const double boost = std::pow(uniform_open(), 1.0 / shape);
        return gamma(shape + 1) * boost;
    }
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = normal();
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = uniform_open();
        if (u < 1 - 0.0331 * x * x * x * x) return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
    }
}

double random_stream::lognormal(double mu, double sigma) {
    return std::exp(mu + sigma * normal());
}

}  // namespace hetsweep
