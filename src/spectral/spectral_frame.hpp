#pragma once
// One spectrum of both channels, computed once per audio frame and shared by
// every client. Bins k = 0 .. window_size/2 sit at k * sample_rate / window_size.

#include <cstdint>
#include <memory>
#include <vector>

namespace acoustream::spectral {

struct SpectralFrame {
    std::uint32_t sample_rate = 0;
    std::uint32_t window_size = 0;
    std::uint64_t frame_number = 0;  // of the audio frame that completed the window
    std::uint64_t timestamp = 0;     // Unix ms, of that audio frame
    // Single-sided amplitudes (a sine of amplitude A reads ~A at its bin).
    std::vector<float> magnitude_a;
    std::vector<float> magnitude_b;
    // Radians, same bins.
    std::vector<float> phase_a;
    std::vector<float> phase_b;

    [[nodiscard]] std::size_t bins() const noexcept { return magnitude_a.size(); }
    [[nodiscard]] double bin_hz() const noexcept {
        return window_size == 0 ? 0.0 : static_cast<double>(sample_rate) / window_size;
    }
};

using SpectralPtr = std::shared_ptr<const SpectralFrame>;

}  // namespace acoustream::spectral
