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

// Frame k is number k and stamped `start_unix + offsets_ms[k]`.
void expect_numbers_and_stamps(const std::vector<audio::FramePtr>& frames, std::uint64_t start_unix,
                               const std::vector<std::uint64_t>& offsets_ms) {
    ASSERT_EQ(frames.size(), offsets_ms.size());
    for (std::size_t k = 0; k < frames.size(); ++k) {
        EXPECT_EQ(frames[k]->frame_number, k);
        EXPECT_EQ(frames[k]->timestamp, start_unix + offsets_ms[k]) << "frame " << k;
    }
}

// Steady time since the fake clock's epoch at which `samples` samples at
// `rate` have elapsed (the daemon's deadlines, rounded down to the ns).
std::chrono::nanoseconds due_after(std::uint64_t samples, std::uint32_t rate) {
    return std::chrono::seconds(samples / rate) +
           std::chrono::nanoseconds(samples % rate * 1'000'000'000ULL / rate);
}

// Steady times (since the fake clock's epoch) of every publish on `stream`.
class PublishTimes {
public:
    PublishTimes(stream::SharedAudioStream& stream, const FakeClock& clock)
        : listener_(stream.ring().listen(
              [this, &clock] { times_.push_back(clock.now() - FakeClock::time_point{}); })) {}
    // Read once the daemon has ended (its thread wrote them).
    [[nodiscard]] const std::vector<FakeClock::duration>& times() const { return times_; }

private:
    std::vector<FakeClock::duration> times_;
    stream::Listener<audio::AudioFrame> listener_;
};

// 10 000 frames paced by an injected clock: frame k is published exactly at
// start + k * frame_size / rate (absolute deadlines, no accumulated drift),
// read half a period before that, and stamped
// start_ms + floor(k * frame_size * 1000 / rate).
TEST(AcquisitionDaemon, AbsoluteDeadlinesHaveZeroDriftOver10000Frames) {
    constexpr std::uint32_t kRate = 44100;  // 1470-sample frames: 33.333... ms
    constexpr std::size_t kFrame = 1470;
    constexpr std::uint64_t kFrames = 10000;
    FakeClock clock;
    const auto start_unix = clock.unix_ms();
    stream::SharedAudioStream stream(kFrames + 1);
    auto sub = stream.subscribe();
    PublishTimes published(stream, clock);
    auto source = std::make_unique<ScriptedSource>(kRate, kFrame * kFrames);
    std::vector<FakeClock::duration> read_at;
    source->on_read([&](int) { read_at.push_back(clock.now() - FakeClock::time_point{}); });
    AcquisitionDaemon daemon(std::move(source), stream, clock, DaemonOptions{.frame_size = kFrame});
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), kFrames);

    // The read that finds the end is paced too: it is due at sample kFrames * kFrame.
    EXPECT_EQ(clock.now() - FakeClock::time_point{}, due_after(kFrames * kFrame, kRate));
    const auto half_period = due_after(kFrame, kRate) / 2;
    ASSERT_EQ(read_at.size(), kFrames + 1);
    ASSERT_GE(published.times().size(), kFrames);  // + the close
    for (std::uint64_t k = 0; k < kFrames; ++k) {
        const auto due = due_after(k * kFrame, kRate);
        ASSERT_EQ(published.times()[k], due) << "frame " << k;
        if (k > 0) {
            ASSERT_EQ(read_at[k], due - half_period) << "frame " << k;
        }
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

// The daemon starts 0.7 ms past a wall-clock millisecond. Its reference
// instant is put back on that millisecond boundary, so every stamp is the
// wall time at which its frame became due, floored once: never above it
// (not in the future) and less than 1 ms below it (a reading floored and
// then a sample count floored would lag by up to 2 ms).
TEST(AcquisitionDaemon, StampsAreTheDueWallTimeFlooredOnce) {
    constexpr std::uint32_t kRate = 48000;  // 1600-sample frames: 33.333... ms
    constexpr std::size_t kFrame = 1600;
    constexpr std::uint64_t kFrames = 300;
    FakeClock clock;
    clock.advance(700us);
    stream::SharedAudioStream stream(kFrames + 1);
    auto sub = stream.subscribe();
    std::vector<std::chrono::nanoseconds> wall_at_publish;
    auto listener = stream.ring().listen([&] { wall_at_publish.push_back(clock.unix_time()); });
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(kRate, kFrame * kFrames), stream,
                             clock, DaemonOptions{.frame_size = kFrame});
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), kFrames);
    ASSERT_GE(wall_at_publish.size(), kFrames);
    for (std::uint64_t k = 1; k < kFrames; ++k) {  // frame 0 is due before the start
        const auto wall_ms = std::chrono::floor<std::chrono::milliseconds>(wall_at_publish[k]);
        ASSERT_EQ(frames[k]->timestamp, static_cast<std::uint64_t>(wall_ms.count()))
            << "frame " << k;
    }
    EXPECT_LE(frames[0]->timestamp, clock.unix_ms());
}

// The pre-encode hook sees each frame, numbered and stamped, half a period
// before it is published; a throwing hook costs no frame.
TEST(AcquisitionDaemon, PreEncodeSeesEachFrameHalfAPeriodBeforeItIsDue) {
    FakeClock clock;
    stream::SharedAudioStream stream(32);
    auto sub = stream.subscribe();
    PublishTimes published(stream, clock);
    AcquisitionDaemon daemon(std::make_unique<ScriptedSource>(1000, 2000), stream, clock,
                             DaemonOptions{.frame_size = 100});
    std::vector<std::pair<std::uint64_t, FakeClock::duration>> pre_encoded;
    daemon.set_pre_encode([&](const audio::AudioFrame& f) {
        pre_encoded.emplace_back(f.frame_number, clock.now() - FakeClock::time_point{});
        if (f.frame_number == 7) throw std::runtime_error("pre-encode failed");
    });
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), 20u);
    ASSERT_EQ(pre_encoded.size(), 20u);
    for (std::uint64_t k = 1; k < 20; ++k) {
        EXPECT_EQ(pre_encoded[k].first, k);
        EXPECT_EQ(pre_encoded[k].second, published.times()[k] - 50ms) << "frame " << k;
        EXPECT_EQ(published.times()[k], std::chrono::milliseconds(100 * k));
    }
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
    EXPECT_THROW(daemon.set_pre_encode({}), std::logic_error);  // only before start()
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
    AcquisitionDaemon daemon(
        std::make_unique<ScriptedSource>(48000, 48000, std::set<int>{}, audio::Pacing::device),
        stream, clock, DaemonOptions{.frame_size = 1600});
    daemon.start();
    daemon.wait();
    EXPECT_TRUE(clock.waits().empty());
    EXPECT_EQ(stream.stats().total_frames, 30u);
}

// Clock jumps (an NTP step, `date -s`, a VM resumed): the wall clock moves by
// hours while the steady clock does not. Pacing uses only the steady clock and
// timestamps come from one wall reading plus the sample count (docs/api.md, "Documents"),
// so neither may change: same waits, same stamps as without the jumps.
TEST(AcquisitionDaemon, WallClockJumpsDoNotChangePacingOrTimestamps) {
    constexpr std::uint32_t kRate = 44100;  // 1470-sample frames: 33.333... ms
    constexpr std::size_t kFrame = 1470;
    constexpr std::uint64_t kFrames = 900;
    FakeClock clock;
    const auto start_unix = clock.unix_ms();
    stream::SharedAudioStream stream(kFrames + 1);
    auto sub = stream.subscribe();
    auto source = std::make_unique<ScriptedSource>(kRate, kFrame * kFrames);
    PublishTimes published(stream, clock);
    std::vector<std::chrono::milliseconds> steady_at_read;  // since the start
    std::vector<std::uint64_t> wall_at_read;
    source->on_read([&](int read) {
        if (read == 300) clock.jump_wall(3h);   // forward
        if (read == 600) clock.jump_wall(-5h);  // backward, 2 h before where it began
        steady_at_read.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
            clock.now() - FakeClock::time_point{}));
        wall_at_read.push_back(clock.unix_ms());
    });
    AcquisitionDaemon daemon(std::move(source), stream, clock, DaemonOptions{.frame_size = kFrame});
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), kFrames);

    // The jumps did happen to the wall clock the daemon could read.
    ASSERT_EQ(wall_at_read.size(), kFrames + 1);  // + the read that finds the end
    const auto steady_wall = [&](std::size_t read) {
        return start_unix + static_cast<std::uint64_t>(steady_at_read[read].count());
    };
    EXPECT_EQ(wall_at_read[299], steady_wall(299));
    EXPECT_EQ(wall_at_read[300], steady_wall(300) + 3 * 3'600'000ULL);
    EXPECT_EQ(wall_at_read[600], steady_wall(600) - 2 * 3'600'000ULL);

    // Pacing: every frame is published exactly when due, also across the
    // jumps, and the run takes exactly its sample count.
    ASSERT_GE(published.times().size(), kFrames);
    for (std::uint64_t k = 0; k < kFrames; ++k)
        ASSERT_EQ(published.times()[k], due_after(k * kFrame, kRate)) << "frame " << k;
    EXPECT_EQ(clock.now() - FakeClock::time_point{}, due_after(kFrames * kFrame, kRate));

    // Timestamps: reference + sample count, strictly increasing, and never
    // ahead of the reference plus the steady time at which the frame was
    // published.
    for (std::uint64_t k = 0; k < kFrames; ++k) {
        const auto& f = *frames[k];
        ASSERT_EQ(f.frame_number, k);
        ASSERT_EQ(f.timestamp, start_unix + k * kFrame * 1000 / kRate) << "frame " << k;
        const auto published_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(published.times()[k]);
        ASSERT_LE(f.timestamp, start_unix + static_cast<std::uint64_t>(published_ms.count()))
            << "frame " << k << " stamped in the future";
        if (k > 0) {
            ASSERT_LT(frames[k - 1]->timestamp, f.timestamp) << "frame " << k;
        }
    }
}

// A read error re-anchors the timestamps (samples were lost in the outage).
// The new anchor is the reference plus the steady time elapsed: a wall-clock
// jump during the outage, either way, moves no timestamp.
TEST(AcquisitionDaemon, WallClockJumpDuringAReadErrorOutageDoesNotMoveTimestamps) {
    for (const auto jump : {-2h, 2h}) {
        SCOPED_TRACE(jump.count());
        FakeClock clock;
        const auto start_unix = clock.unix_ms();
        stream::SharedAudioStream stream(64);
        auto sub = stream.subscribe();
        // 1000 Hz, 100-sample frames (100 ms); reads 5 and 6 fail.
        auto source = std::make_unique<ScriptedSource>(1000, 1000, std::set<int>{5, 6});
        source->on_read([&](int read) {
            if (read == 5) clock.jump_wall(jump);
        });
        AcquisitionDaemon daemon(std::move(source), stream, clock,
                                 DaemonOptions{.frame_size = 100});
        daemon.start();
        daemon.wait();
        auto frames = drain(sub);
        ASSERT_EQ(frames.size(), 10u);
        // Frames 0-4 at 0..400 ms; read 5 (due at 500 ms) fails, 100 ms backoff,
        // read 6 (600 ms) fails, 200 ms backoff: frame 5 is read at 800 ms.
        const std::vector<std::uint64_t> expected{0,   100, 200,  300,  400,
                                                  800, 900, 1000, 1100, 1200};
        expect_numbers_and_stamps(frames, start_unix, expected);
        EXPECT_EQ(daemon.status().read_errors, 2u);
    }
}

// Stop, the wall clock steps back three hours, start again: the new run goes
// on from the steady clock (frame numbers and timestamps continue), it does
// not re-read the wall clock.
TEST(AcquisitionDaemon, RestartAfterAWallClockJumpKeepsTimestampsMonotonic) {
    FakeClock clock;
    const auto start_unix = clock.unix_ms();
    stream::SharedAudioStream stream(64);
    auto sub = stream.subscribe();
    auto source = std::make_unique<ScriptedSource>(1000, 1000);
    auto* scripted = source.get();
    AcquisitionDaemon daemon(std::move(source), stream, clock, DaemonOptions{.frame_size = 100});
    bool first_run = true;
    scripted->on_read([&](int read) {
        // Frame 3 is read (and stamped) half a period before it is due; the
        // stop comes before it is: it is kept, and goes out first at the
        // restart, with the stamp of when it was acquired.
        if (first_run && read == 3) daemon.stop();
    });
    daemon.start();
    daemon.wait();
    ASSERT_EQ(daemon.status().state, DaemonState::stopped);
    ASSERT_EQ(daemon.status().frames_published, 3u);
    first_run = false;
    clock.advance(1s);     // stopped for a second (steady) ...
    clock.jump_wall(-3h);  // ... while the wall clock stepped back
    daemon.start();
    daemon.wait();
    auto frames = drain(sub);
    ASSERT_EQ(frames.size(), 10u);
    // First run: 0..300 ms (300 published at the restart). Stopped at 300 ms,
    // restarted at 1300 ms.
    const std::vector<std::uint64_t> expected{0, 100, 200, 300, 1300, 1400, 1500, 1600, 1700, 1800};
    expect_numbers_and_stamps(frames, start_unix, expected);
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
