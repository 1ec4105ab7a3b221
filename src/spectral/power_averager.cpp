#include "spectral/power_averager.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace acoustream::spectral {

PowerAverager::PowerAverager(std::size_t bins, unsigned count)
    : bins_(bins), slots_(count, std::vector<float>(bins, 0.0F)), sum_(bins, 0.0) {
    if (count == 0) throw std::invalid_argument("power averager needs count >= 1");
}

void PowerAverager::add(std::span<const float> amplitudes) {
    if (amplitudes.size() != bins_) {
        throw std::invalid_argument("power averager: spectrum of " +
                                    std::to_string(amplitudes.size()) + " bins, expected " +
                                    std::to_string(bins_));
    }
    auto& slot = slots_[next_];
    for (std::size_t k = 0; k < bins_; ++k) slot[k] = amplitudes[k] * amplitudes[k];
    next_ = (next_ + 1) % slots_.size();
    if (held_ < slots_.size()) ++held_;
}

void PowerAverager::rms_into(std::span<float> out) {
    if (out.size() != bins_) {
        throw std::invalid_argument("power averager: output of " + std::to_string(out.size()) +
                                    " bins, expected " + std::to_string(bins_));
    }
    if (held_ == 0) {
        std::fill(out.begin(), out.end(), 0.0F);
        return;
    }
    // Summed in double: many small powers are added to a few large ones.
    const double inv = 1.0 / static_cast<double>(held_);
    std::fill(sum_.begin(), sum_.end(), 0.0);
    for (std::size_t s = 0; s < held_; ++s) {
        const auto& slot = slots_[s];
        for (std::size_t k = 0; k < bins_; ++k) sum_[k] += slot[k];
    }
    for (std::size_t k = 0; k < bins_; ++k) out[k] = static_cast<float>(std::sqrt(sum_[k] * inv));
}

void PowerAverager::reset() noexcept {
    next_ = 0;
    held_ = 0;
}

}  // namespace acoustream::spectral
