// Cost of SpectralAnalyser::push for one 1600-sample stereo frame (the
// default frame at 48 kHz / 30 fps) with the window full: windowing, two real
// FFTs, magnitude/phase and the shared SpectralFrame allocation.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "audio/audio_frame.hpp"
#include "spectral/spectral_analyser.hpp"

namespace {

using acoustream::audio::AudioFrame;
using acoustream::spectral::AnalyserOptions;
using acoustream::spectral::SpectralAnalyser;

AudioFrame make_frame(std::size_t samples) {
    AudioFrame f;
    f.sample_rate = 48000;
    f.channel_a.resize(samples);
    f.channel_b.resize(samples);
    for (std::size_t n = 0; n < samples; ++n) {
        const double t = static_cast<double>(n) / 48000.0;
        f.channel_a[n] = static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 1000.0 * t));
        f.channel_b[n] = static_cast<float>(0.25 * std::cos(2.0 * std::numbers::pi * 3150.0 * t));
    }
    return f;
}

void BM_SpectralPush(benchmark::State& state) {
    const auto window = static_cast<std::uint32_t>(state.range(0));
    const auto averages = static_cast<unsigned>(state.range(1));
    SpectralAnalyser analyser(AnalyserOptions{.window_size = window, .averages = averages});
    auto frame = make_frame(1600);
    // Fill the window first so every timed push produces a spectrum.
    for (std::uint32_t seen = 0; seen < window; seen += 1600) analyser.push(frame);
    for (auto _ : state) {
        ++frame.frame_number;
        auto spectrum = analyser.push(frame);
        benchmark::DoNotOptimize(spectrum);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["frames_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_SpectralPush)
    ->ArgNames({"window", "averages"})
    ->Args({4096, 1})
    ->Args({16384, 1})
    ->Args({4096, 8})
    ->Args({16384, 8})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
