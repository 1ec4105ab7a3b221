// Broadcast hub: publish -> N consumers. Reports frames/s (publishes) and the
// cost of one delivery (one consumer receiving one frame).
#include <benchmark/benchmark.h>

#include <atomic>
#include <thread>
#include <vector>

#include "stream/shared_audio_stream.hpp"

namespace {

using acoustream::audio::AudioFrame;
using acoustream::audio::FramePtr;
using acoustream::stream::SharedAudioStream;
using acoustream::stream::Subscriber;

FramePtr make_frame(std::uint64_t n) {
    auto f = std::make_shared<AudioFrame>();
    f->channel_a.assign(1600, 0.25f);
    f->channel_b.assign(1600, -0.25f);
    f->sample_rate = 48000;
    f->frame_number = n;
    return f;
}

void report(benchmark::State& state, std::int64_t consumers) {
    state.SetItemsProcessed(state.iterations() * consumers);  // deliveries
    state.counters["frames_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["ns_per_delivery"] =
        benchmark::Counter(static_cast<double>(state.iterations() * consumers),
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Consumers polled in turn on the publishing thread: the ring's own cost.
void BM_PublishPoll(benchmark::State& state) {
    const auto n = state.range(0);
    SharedAudioStream stream(100);
    std::vector<Subscriber<AudioFrame>> subs;
    for (std::int64_t i = 0; i < n; ++i) subs.push_back(stream.subscribe());
    const FramePtr frame = make_frame(0);
    for (auto _ : state) {
        stream.publish(frame);
        for (auto& s : subs) benchmark::DoNotOptimize(s.poll());
    }
    report(state, n);
}

// Asynchronous consumers (as the HTTP event loops use it): the publish calls
// the loop's one persistent listener, then each consumer polls.
void BM_PublishWake(benchmark::State& state) {
    const auto n = state.range(0);
    SharedAudioStream stream(100);
    std::vector<Subscriber<AudioFrame>> subs;
    for (std::int64_t i = 0; i < n; ++i) subs.push_back(stream.subscribe());
    std::atomic<std::uint64_t> woken{0};
    const auto listener =
        stream.ring().listen([&woken] { woken.fetch_add(1, std::memory_order_relaxed); });
    const FramePtr frame = make_frame(0);
    for (auto _ : state) {
        stream.publish(frame);
        for (auto& s : subs) benchmark::DoNotOptimize(s.poll());
    }
    if (woken.load() != static_cast<std::uint64_t>(state.iterations()))
        state.SkipWithError("the listener did not run on every publish");
    report(state, n);
}

// Blocking consumers on their own threads.
void BM_PublishThreads(benchmark::State& state) {
    const auto n = state.range(0);
    SharedAudioStream stream(1024);
    std::vector<Subscriber<AudioFrame>> subs;
    for (std::int64_t i = 0; i < n; ++i) subs.push_back(stream.subscribe());
    std::atomic<std::uint64_t> received{0};
    std::vector<std::thread> threads;
    for (auto& s : subs) {
        threads.emplace_back([&s, &received] {
            for (;;) {
                auto p = s.wait(std::chrono::seconds(10));
                if (std::holds_alternative<acoustream::stream::Closed>(p)) return;
                if (std::holds_alternative<FramePtr>(p))
                    received.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    const FramePtr frame = make_frame(0);
    std::uint64_t published = 0;
    for (auto _ : state) {
        stream.publish(frame);
        ++published;
        // Keep consumers within the ring so every frame is delivered.
        while (published * static_cast<std::uint64_t>(n) - received.load() >
               512u * static_cast<std::uint64_t>(n))
            std::this_thread::yield();
    }
    stream.close();
    for (auto& t : threads) t.join();
    state.counters["lagged_deliveries"] =
        static_cast<double>(published * static_cast<std::uint64_t>(n) - received.load());
    report(state, n);
}

}  // namespace

BENCHMARK(BM_PublishPoll)->Arg(1)->Arg(100)->Arg(1000);
BENCHMARK(BM_PublishWake)->Arg(1)->Arg(100)->Arg(1000);
BENCHMARK(BM_PublishThreads)->Arg(1)->Arg(4)->Arg(16)->UseRealTime();

BENCHMARK_MAIN();
