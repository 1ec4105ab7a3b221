#include "config/config.hpp"

#include <algorithm>
#include <cmath>

namespace acoustream::config {

std::uint32_t AcquisitionConfig::effective_frame_size() const {
    if (frame_size) {
        return *frame_size;
    }
    if (!(target_fps > 0.0) || !std::isfinite(target_fps)) {
        // Unvalidated input: fall back to one frame per second rather than divide by zero.
        return std::max<std::uint32_t>(1, sample_rate);
    }
    const double samples = std::round(static_cast<double>(sample_rate) / target_fps);
    // Clamp before converting so an unvalidated config cannot overflow the cast.
    const double clamped = std::clamp(samples, 1.0, 4294967295.0);
    return static_cast<std::uint32_t>(clamped);
}

}  // namespace acoustream::config
