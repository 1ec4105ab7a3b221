#pragma once
// Shared by the audio encoders: how many samples decimation keeps, and the
// check of the factor.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace acoustream::encode::detail {

inline void check_decimate(unsigned decimate) {
    if (decimate == 0) {
        throw std::invalid_argument("decimate must be at least 1, got 0");
    }
}

// Samples 0, K, 2K, … below `samples`.
[[nodiscard]] inline std::size_t decimated_count(std::size_t samples, unsigned decimate) noexcept {
    return samples == 0 ? 0 : (samples - 1) / decimate + 1;
}

}  // namespace acoustream::encode::detail
