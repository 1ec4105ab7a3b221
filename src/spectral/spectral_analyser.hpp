#pragma once
// Turns a stream of two-channel audio frames into spectra (docs/api.md, "Documents";
// SpectralDataResponse). The spectrum is taken over the last `window_size`
// samples, carried over between frames: nothing is produced until the window
// first fills, then one spectrum per incoming frame. Magnitudes are
// single-sided amplitudes (a sine of amplitude A reads ~A at its bin),
// optionally RMS-averaged over `averages` successive spectra; phases are
// radians (atan2 of the bin) of the latest spectrum.
//
// One FFTW plan per analyser, made at construction. Not thread-safe: one
// thread pushes (the SpectralHub's); the SpectralPtr results are immutable
// and may be shared freely.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "audio/audio_frame.hpp"
#include "spectral/power_averager.hpp"
#include "spectral/real_fft.hpp"
#include "spectral/sample_history.hpp"
#include "spectral/spectral_frame.hpp"
#include "spectral/window_function.hpp"

namespace acoustream::spectral {

struct AnalyserOptions {
    std::uint32_t window_size = 4096;  // spectral_window_size: power of two, 16 .. 2^20
    WindowKind window = WindowKind::hann;
    unsigned averages = 1;  // spectral_averages: 1 .. 1000
};

// Largest accepted values (bounding memory: averages x bins x 2 channels).
inline constexpr std::uint32_t kMaxWindowSize = 1U << 20;
inline constexpr unsigned kMaxAverages = 1000;

// Throws std::invalid_argument naming the option and the value.
void validate(const AnalyserOptions& options);

class SpectralAnalyser {
public:
    explicit SpectralAnalyser(AnalyserOptions options);

    // A spectrum once the window holds window_size samples (nullptr before,
    // and for an empty frame). The frame's sample rate must be > 0 and both
    // channels the same length (else std::invalid_argument naming the frame
    // number; the analyser's state is then unchanged). A change of sample
    // rate restarts accumulation (the old samples are not comparable).
    SpectralPtr push(const audio::AudioFrame& frame);

    // Forgets carried-over samples and the averaging history (after a gap).
    void reset() noexcept;

    [[nodiscard]] const AnalyserOptions& options() const noexcept { return options_; }
    [[nodiscard]] std::size_t bins() const noexcept { return options_.window_size / 2 + 1; }
    // Samples held towards the window (== window_size once full).
    [[nodiscard]] std::size_t buffered() const noexcept { return history_a_.filled(); }
    [[nodiscard]] const std::vector<float>& window() const noexcept { return window_; }

private:
    void analyse(const SampleHistory& history, PowerAverager& averager,
                 std::vector<float>& magnitude, std::vector<float>& phase);

    AnalyserOptions options_;
    std::vector<float> window_;
    std::vector<float> scale_;  // per bin: window coherent-gain and single-sided correction
    RealFft fft_;
    SampleHistory history_a_;
    SampleHistory history_b_;
    PowerAverager average_a_;
    PowerAverager average_b_;
    std::uint32_t sample_rate_ = 0;  // of the samples held
};

}  // namespace acoustream::spectral
