// Encoding speed of one frame, in bytes of output per second (the target asks
// >= 300 MB/s of JSON per core). Frames are realistic simulated audio: a
// 2 kHz sine of amplitude 0.5 plus Gaussian noise, B in anti-phase, so the
// samples print like 0.4837261 (7-9 significant digits).

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>

#include "audio/audio_frame.hpp"
#include "encode/audio_f32.hpp"
#include "encode/audio_i16.hpp"
#include "encode/audio_json.hpp"
#include "encode/spectral_db.hpp"
#include "encode/spectral_json.hpp"
#include "encode/sse_event.hpp"
#include "simulated_frame.hpp"

namespace {

using acoustream::audio::AudioFrame;

using acoustream::bench::simulated_frame;

void BM_AudioJson(benchmark::State& state) {
    const AudioFrame frame = simulated_frame(static_cast<std::size_t>(state.range(0)));
    const auto decimate = static_cast<unsigned>(state.range(1));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto json = acoustream::encode::encode_audio_json(frame, decimate);
        bytes += json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["frame_bytes"] =
        static_cast<double>(acoustream::encode::encode_audio_json(frame, decimate).size());
}
BENCHMARK(BM_AudioJson)->Args({1600, 1})->Args({4096, 1})->Args({4096, 4});

void BM_AudioF32(benchmark::State& state) {
    const AudioFrame frame = simulated_frame(static_cast<std::size_t>(state.range(0)));
    const auto decimate = static_cast<unsigned>(state.range(1));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto encoded = acoustream::encode::encode_audio_f32(frame, decimate);
        bytes += encoded.size();
        benchmark::DoNotOptimize(encoded.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["frame_bytes"] =
        static_cast<double>(acoustream::encode::encode_audio_f32(frame, decimate).size());
}
BENCHMARK(BM_AudioF32)->Args({1600, 1})->Args({4096, 1})->Args({4096, 4});

void BM_AudioI16(benchmark::State& state) {
    const AudioFrame frame = simulated_frame(static_cast<std::size_t>(state.range(0)));
    const auto decimate = static_cast<unsigned>(state.range(1));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto encoded = acoustream::encode::encode_audio_i16(frame, decimate);
        bytes += encoded.size();
        benchmark::DoNotOptimize(encoded.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["frame_bytes"] =
        static_cast<double>(acoustream::encode::encode_audio_i16(frame, decimate).size());
}
BENCHMARK(BM_AudioI16)->Args({1600, 1})->Args({1600, 2})->Args({4096, 1});

// The whole serialise-once step of the HTTP layer: JSON then SSE framing.
void BM_AudioSseEvent(benchmark::State& state) {
    const AudioFrame frame = simulated_frame(static_cast<std::size_t>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto event = acoustream::encode::sse_event(acoustream::encode::encode_audio_json(frame),
                                                   frame.frame_number);
        bytes += event.size();
        benchmark::DoNotOptimize(event.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_AudioSseEvent)->Arg(1600)->Arg(4096);

// range(0): phase; range(1): 0 linear (encode_spectral_json), 1 format=db.
void BM_SpectralJson(benchmark::State& state) {
    acoustream::spectral::SpectralFrame frame;
    frame.sample_rate = 48000;
    frame.window_size = 4096;
    const AudioFrame source = simulated_frame(2049);
    // Amplitudes are not negative: a noise floor near -70 dBFS and a line.
    for (std::size_t k = 0; k < 2049; ++k) {
        frame.magnitude_a.push_back(k == 171 ? 0.5f : std::fabs(source.channel_a[k]) * 6e-4f);
        frame.magnitude_b.push_back(k == 171 ? 0.5f : std::fabs(source.channel_b[k]) * 6e-4f);
    }
    frame.phase_a = source.channel_b;
    frame.phase_b = source.channel_a;
    acoustream::encode::SpectralQuery query;
    query.phase = state.range(0) != 0;
    const bool db = state.range(1) != 0;
    if (db) query.format = acoustream::encode::SpectralQuery::Format::db;
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto json = db ? acoustream::encode::encode_spectral_db(frame, query)
                       : acoustream::encode::encode_spectral_json(frame, query);
        bytes += json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_SpectralJson)
    ->ArgNames({"phase", "db"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1});

}  // namespace

BENCHMARK_MAIN();
