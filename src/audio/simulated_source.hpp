#pragma once
// Built-in photoacoustic signal model: two microphones of a differential
// cell see the same modulated sine, channel B shifted (anti-phase by default),
// each with its own Gaussian white noise.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

#include "audio/audio_source.hpp"

namespace acoustream::audio {

struct SimulatedOptions {
    std::uint32_t sample_rate = 48000;
    double frequency = 2000.0;            // Hz, in [0, sample_rate / 2]
    double amplitude = 0.5;               // peak of the sine, >= 0
    double noise_amplitude = 0.05;        // standard deviation of the noise, >= 0
    double phase_difference_deg = 180.0;  // B relative to A
    std::uint64_t seed = 42;
    double modulation_depth = 0.0;      // in [0, 1]
    double modulation_frequency = 0.0;  // Hz, in [0, sample_rate / 2]
};

// Fraction of a cycle, in [0, 1), reached by a sine of `frequency_hz` after
// `sample_index` samples at `sample_rate`. Exact integer arithmetic on the
// whole-Hz part keeps the phase as precise after days as at the start.
[[nodiscard]] double cycle_fraction(double frequency_hz, std::uint32_t sample_rate,
                                    std::uint64_t sample_index) noexcept;

class SimulatedSource final : public AudioSource {
public:
    // Throws SourceError naming the first invalid option.
    explicit SimulatedSource(SimulatedOptions options);

    // Always `ok` with exactly `max_samples` samples (an `error` for 0).
    ReadResult read(std::size_t max_samples) override;

    [[nodiscard]] std::uint32_t sample_rate() const override { return options_.sample_rate; }
    [[nodiscard]] int channel_count() const override { return 2; }
    [[nodiscard]] std::string name() const override { return "simulated"; }
    [[nodiscard]] Pacing pacing() const override { return Pacing::clock; }

    [[nodiscard]] const SimulatedOptions& options() const noexcept { return options_; }
    // Samples per channel produced so far (the index of the next sample).
    [[nodiscard]] std::uint64_t position() const noexcept { return next_index_; }

private:
    SimulatedOptions options_;
    // std::normal_distribution's algorithm is implementation-defined: the
    // sequence is reproducible for one standard library (ours: libstdc++).
    std::mt19937_64 rng_;
    std::normal_distribution<double> noise_;
    std::uint64_t next_index_ = 0;
};

}  // namespace acoustream::audio
