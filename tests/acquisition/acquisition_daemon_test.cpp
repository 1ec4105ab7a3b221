#include "acquisition/acquisition_daemon.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "support/fake_clock.hpp"
#include "support/scripted_source.hpp"

namespace acoustream::acquisition {
namespace {

using namespace std::chrono_literals;
using testing::FakeClock;
using testing::ScriptedSource;

std::vector<audio::FramePtr> drain(stream::Subscriber<audio::AudioFrame>& sub) {
    std::vector<audio::FramePtr> out;
    for (;;) {
        auto p = sub.wait(10s);
        if (auto* f = std::get_if<audio::FramePtr>(&p)) {
            out.push_back(*f);
            continue;
        }
        EXPECT_FALSE(std::holds_alternative<stream::Lagged>(p)) << "test ring too small";
        if (std::holds_alternative<stream::Closed>(p)) return out;
    }
}

// 10 000 frames paced by an injected clock: frame k is due exactly at
// start + k * frame_size / rate (absolute deadlines, no accumulated drift),
// and stamped start_ms + floor(k * frame_size * 1000 / rate).
TEST(AcquisitionDaemon, AbsoluteDeadlinesHaveZeroDriftOver10000Frames) {
    constexpr std::uint32_t kRate = 44100;  // 1470-sample frames: 33.333... ms
    constexpr std::size_t kFrame = 1470;
    constexpr std::uint64_t kFrames = 10000;
    FakeClock clock;
    const auto start_unix = clock.unix_ms();
    stream::SharedAudioStream stream(kFrames + 1);
    auto sub = stream.subscribe();
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(kRate, kFrame * kFrames), stream,
                             clock, DaemonOptions{.frame_size = kFrame});
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), kFrames);

    // Deadlines: the sum of all waits is the exact time of the last frame.
    const auto waits = clock.waits();
    ASSERT_GE(waits.size(), kFrames);
    // The read that finds the end is paced too: it is due at sample kFrames * kFrame.
    const std::uint64_t total = kFrames * kFrame;
    const auto end_due = std::chrono::seconds(total / kRate) +
                         std::chrono::nanoseconds(total % kRate * 1'000'000'000ULL / kRate);
    EXPECT_EQ(clock.now() - FakeClock::time_point{}, end_due);
    // Every wait is one period (33 333 333.3 ns) rounded down or up, never more.
    for (std::size_t i = 1; i < waits.size(); ++i) {
        ASSERT_GE(waits[i].count(), 33'333'333) << "wait " << i;
        ASSERT_LE(waits[i].count(), 33'333'334) << "wait " << i;
    }

    for (std::uint64_t k = 0; k < kFrames; ++k) {
        const auto& f = *frames[k];
        ASSERT_EQ(f.frame_number, k);
        ASSERT_EQ(f.timestamp, start_unix + k * kFrame * 1000 / kRate) << "frame " << k;
        ASSERT_EQ(f.channel_a.front(), static_cast<float>(k * kFrame));
    }
    EXPECT_EQ(daemon.status().state, DaemonState::ended);
    EXPECT_EQ(daemon.status().frames_published, kFrames);
}

TEST(AcquisitionDaemon, EndOfSourceClosesStreamAndLastFrameIsShort) {
    FakeClock clock;
    stream::SharedAudioStream stream(16);
    auto sub = stream.subscribe();
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(1000, 250), stream, clock,
                             DaemonOptions{.frame_size = 100});
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[2]->samples(), 50u);
    EXPECT_DOUBLE_EQ(frames[2]->duration_ms(), 50.0);
    EXPECT_EQ(frames[2]->channel_a.back(), 249.0f);
    EXPECT_TRUE(stream.closed());
    EXPECT_EQ(stream.stats().total_frames, 3u);
    EXPECT_EQ(stream.latest()->samples(), 50u);
}

TEST(AcquisitionDaemon, ReadErrorsAreRetriedWithExponentialBackoff) {
    FakeClock clock;
    stream::SharedAudioStream stream(64);
    auto sub = stream.subscribe();
    // Reads 1..4 fail; the loop must back off 100, 200, 400, 800 ms.
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(1000, 300, std::set<int>{1, 2, 3, 4}),
                             stream, clock, DaemonOptions{.frame_size = 100});
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), 3u);  // no data lost to the errors
    for (std::size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i]->frame_number, i);
    // Timestamps never go backwards across the outage.
    EXPECT_LT(frames[0]->timestamp, frames[1]->timestamp);
    EXPECT_LE(frames[1]->timestamp + 100, frames[2]->timestamp);

    std::vector<std::chrono::milliseconds> backoffs;
    for (auto w : clock.waits()) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(w);
        if (ms >= 100ms) backoffs.push_back(ms);
    }
    const std::vector<std::chrono::milliseconds> expected{100ms, 200ms, 400ms, 800ms};
    ASSERT_GE(backoffs.size(), expected.size());
    // The pacing wait of frame 1 (100 ms) precedes the backoffs; find them in order.
    auto it = std::search(backoffs.begin(), backoffs.end(), expected.begin(), expected.end());
    EXPECT_NE(it, backoffs.end());
    const auto st = daemon.status();
    EXPECT_EQ(st.read_errors, 4u);
    EXPECT_EQ(st.last_error, "scripted failure");
}

TEST(AcquisitionDaemon, BackoffIsCappedAt30Seconds) {
    FakeClock clock;
    stream::SharedAudioStream stream(4);
    std::set<int> failing;
    for (int i = 0; i < 12; ++i) failing.insert(i);
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(1000, 100, failing), stream, clock,
                             DaemonOptions{.frame_size = 100});
    daemon.start();
    daemon.wait();
    std::chrono::steady_clock::duration longest{};
    for (auto w : clock.waits()) longest = std::max(longest, w);
    EXPECT_EQ(longest, 30s);
}

TEST(AcquisitionDaemon, StartIsIdempotentAndStopTakesEffectWithinAFramePeriod) {
    SystemClock clock;
    stream::SharedAudioStream stream(4);
    auto sub = stream.subscribe();
    // One frame every hour: only an interruptible wait lets stop() return.
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(1, 1'000'000), stream, clock,
                             DaemonOptions{.frame_size = 3600});
    daemon.start();
    daemon.start();
    auto first = sub.wait(10s);
    ASSERT_TRUE(std::holds_alternative<audio::FramePtr>(first));
    EXPECT_TRUE(daemon.running());
    daemon.stop();
    EXPECT_FALSE(daemon.running());
    EXPECT_EQ(daemon.status().state, DaemonState::stopped);
    EXPECT_EQ(daemon.status().frames_published, 1u);
    EXPECT_FALSE(stream.closed());  // stop is not end of source
    daemon.stop();                  // idempotent
}

TEST(AcquisitionDaemon, DevicePacedSourcesAreReadWithoutWaiting) {
    FakeClock clock;
    stream::SharedAudioStream stream(64);
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(48000, 48000, std::set<int>{}, true),
                             stream, clock, DaemonOptions{.frame_size = 1600});
    daemon.start();
    daemon.wait();
    EXPECT_TRUE(clock.waits().empty());
    EXPECT_EQ(stream.stats().total_frames, 30u);
}

// The seed's scenario: one daemon, several consumers on their own threads,
// each receiving the same frames in order.
TEST(AcquisitionDaemon, MultipleConsumersReceiveTheSameFrames) {
    FakeClock clock;
    stream::SharedAudioStream stream(256);
    std::vector<stream::Subscriber<audio::AudioFrame>> subs;
    for (int i = 0; i < 4; ++i) subs.push_back(stream.subscribe());
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(48000, 1600 * 200), stream, clock,
                             DaemonOptions{.frame_size = 1600});
    std::vector<std::vector<audio::FramePtr>> got(subs.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < subs.size(); ++i)
        threads.emplace_back([&, i] { got[i] = drain(subs[i]); });
    daemon.start();
    for (auto& t : threads) t.join();
    for (const auto& g : got) {
        ASSERT_EQ(g.size(), 200u);
        for (std::size_t k = 0; k < g.size(); ++k) EXPECT_EQ(g[k].get(), got[0][k].get());
    }
}

}  // namespace
}  // namespace acoustream::acquisition
