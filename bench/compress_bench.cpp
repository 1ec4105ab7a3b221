// The CPU cost of compressing one stream event (what a gzip or deflate
// stream pays once per frame and variant, shared by all its clients), and
// the bytes it saves: a 48 kHz simulator frame as the SSE event of each
// audio encoding, and a 4096-point spectrum. Counters: raw_bytes, wire_bytes.
// Results: docs/benchmarks.md.

#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>

#include "audio/audio_frame.hpp"
#include "encode/audio_f32.hpp"
#include "encode/audio_i16.hpp"
#include "encode/audio_json.hpp"
#include "encode/event_compression.hpp"
#include "encode/spectral_db.hpp"
#include "encode/spectral_json.hpp"
#include "encode/sse_event.hpp"
#include "simulated_frame.hpp"

namespace {

using acoustream::audio::AudioFrame;
namespace enc = acoustream::encode;

using acoustream::bench::simulated_frame;

std::string event_for(int kind, unsigned decimate) {
    const AudioFrame frame = simulated_frame(1600);
    if (kind == 0) return enc::sse_event(enc::encode_audio_json(frame, decimate), 123456);
    if (kind == 1) return enc::sse_event(enc::encode_audio_f32(frame, decimate), 123456);
    if (kind == 3) return enc::sse_event(enc::encode_audio_i16(frame, decimate), 123456);
    // A spectrum like the analyser's of that signal: a noise floor of
    // amplitudes around 3e-4 (about -70 dBFS) and the 2 kHz line at 0.5.
    acoustream::spectral::SpectralFrame spectrum;
    spectrum.sample_rate = 48000;
    spectrum.window_size = 4096;
    std::mt19937 rng(7);
    std::normal_distribution<float> floor(0.0f, 3e-4f);
    for (int k = 0; k <= 2048; ++k) {
        spectrum.magnitude_a.push_back(k == 171 ? 0.5f : std::fabs(floor(rng)));
        spectrum.magnitude_b.push_back(k == 171 ? 0.5f : std::fabs(floor(rng)));
    }
    enc::SpectralQuery query;
    if (kind == 4) query.format = enc::SpectralQuery::Format::db;
    const std::string payload = kind == 4 ? enc::encode_spectral_db(spectrum, query)
                                          : enc::encode_spectral_json(spectrum, query);
    return enc::sse_event(payload, 123456);
}

// range(0): 0 JSON audio, 1 f32 audio, 2 spectrum, 3 i16 audio, 4 spectrum (format=db);
// range(1): decimate; range(2): zlib level.
void BM_CompressEvent(benchmark::State& state) {
    const std::string event =
        event_for(static_cast<int>(state.range(0)), static_cast<unsigned>(state.range(1)));
    std::size_t wire = 0;
    for (auto _ : state) {
        auto compressed = enc::compress_event(event, static_cast<int>(state.range(2)));
        wire = compressed.segment.size();
        benchmark::DoNotOptimize(compressed.segment.data());
    }
    state.counters["raw_bytes"] = static_cast<double>(event.size());
    state.counters["wire_bytes"] = static_cast<double>(wire);
}
BENCHMARK(BM_CompressEvent)
    ->ArgNames({"kind", "decimate", "level"})
    ->Args({0, 1, 1})
    ->Args({0, 2, 1})
    ->Args({0, 1, 6})
    ->Args({1, 1, 1})
    ->Args({2, 1, 1})
    ->Args({2, 1, 6})
    ->Args({3, 1, 1})
    ->Args({3, 2, 1})
    ->Args({4, 1, 1})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
