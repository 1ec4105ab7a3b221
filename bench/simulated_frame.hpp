#pragma once
// The benchmarks' frame: realistic simulated audio, a 2 kHz sine of amplitude
// 0.5 plus Gaussian noise (σ 0.05), B in anti-phase, so samples print like
// 0.4837261 (7-9 significant digits) and compress as real data does.

#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>

#include "audio/audio_frame.hpp"

namespace acoustream::bench {

inline audio::AudioFrame simulated_frame(std::size_t samples) {
    audio::AudioFrame frame;
    frame.sample_rate = 48000;
    frame.timestamp = 1'700'000'000'000;
    frame.frame_number = 123456;
    std::mt19937 rng(42);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    for (std::size_t i = 0; i < samples; ++i) {
        const double phase = 2.0 * std::numbers::pi * 2000.0 * static_cast<double>(i) / 48000.0;
        const auto signal = static_cast<float>(0.5 * std::sin(phase));
        frame.channel_a.push_back(signal + noise(rng));
        frame.channel_b.push_back(-signal + noise(rng));
    }
    return frame;
}

}  // namespace acoustream::bench
