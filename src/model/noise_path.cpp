#include <hetsweep/model/noise_path.hpp>

#include <hetsweep/errors.hpp>
#include <hetsweep/text.hpp>
#include <hetsweep/vocab/noise_rules.hpp>
#include <hetsweep/vocab/params.hpp>

#include <cmath>

namespace hetsweep {

noise_path::noise_path(random_stream stream) : base_(std::move(stream)) {}

noise_path::noise_path(random_stream stream, std::uint64_t sweep_seed, std::uint64_t network_seed, double dt,
                       double base)
    : base_(std::move(stream)) {
    const noise_steps r = shared_noise_steps(dt, base);
    if (r.levels < 0) throw config_error(shared_noise_violation(dt, base));
    coarsen_ = r.coarsen;
    levels_ = r.levels;
    for (int l = 1; l <= levels_; ++l)
        bridge_.emplace_back(sweep_seed, network_seed, purpose::noise, std::uint32_t(l));
}

void noise_path::fill_normal(double* out, std::int64_t n) {
    if (coarsen_ == 1 && levels_ == 0) {
        base_.fill_normal(out, n);
        return;
    }
    if (levels_ == 0) {
        // The sum of m base steps' values: an increment over m base steps, standardised.
        next_.resize(std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i) out[i] = 0;
        for (std::int64_t k = 0; k < coarsen_; ++k) {
            base_.fill_normal(next_.data(), n);
            for (std::int64_t i = 0; i < n; ++i) out[i] += next_[std::size_t(i)];
        }
        const double scale = 1 / std::sqrt(double(coarsen_));
        for (std::int64_t i = 0; i < n; ++i) out[i] *= scale;
        return;
    }
    const std::int64_t parts = std::int64_t(1) << levels_;
    if (served_ == 0) {
        // A new base step: its value, then each level splits every segment of the one before.
        // Every value is written before it is read: the buffers are sized once, not cleared.
        sub_.resize(std::size_t(parts * n));
        next_.resize(std::size_t(parts * n));
        split_.resize(std::size_t(n));
        base_.fill_normal(sub_.data(), n);
        const double half = std::sqrt(0.5);
        for (int l = 0; l < levels_; ++l) {
            const std::int64_t segments = std::int64_t(1) << l;
            for (std::int64_t s = 0; s < segments; ++s) {
                bridge_[std::size_t(l)].fill_normal(split_.data(), n);
                const double* z = sub_.data() + s * n;
                double* left = next_.data() + 2 * s * n;
                double* right = left + n;
                for (std::int64_t i = 0; i < n; ++i) {
                    left[i] = (z[i] + split_[std::size_t(i)]) * half;
                    right[i] = (z[i] - split_[std::size_t(i)]) * half;
                }
            }
            std::swap(sub_, next_);
        }
    }
    const double* z = sub_.data() + served_ * n;
    for (std::int64_t i = 0; i < n; ++i) out[i] = z[i];
    served_ = (served_ + 1) % parts;
}

noise_path network_noise(const point_params& p, std::uint64_t sweep_seed) {
    random_stream stream(sweep_seed, std::uint64_t(p.seed), purpose::noise);
    if (p.noise_path == "shared")
        return noise_path(std::move(stream), sweep_seed, std::uint64_t(p.seed), p.dt, p.noise_window);
    return noise_path(std::move(stream));
}

}  // namespace hetsweep
