#include "stream/shared_audio_stream.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace acoustream::stream {
namespace {

using namespace std::chrono_literals;

audio::FramePtr frame(std::uint64_t n) {
    auto f = std::make_shared<audio::AudioFrame>();
    f->channel_a = {static_cast<float>(n)};
    f->channel_b = {-static_cast<float>(n)};
    f->sample_rate = 48000;
    f->frame_number = n;
    f->timestamp = 1000 + n;
    return f;
}

struct ManualTime {
    std::chrono::steady_clock::time_point now{};
    std::uint64_t unix = 5000;
};

TEST(SharedAudioStream, StatsCountFramesSubscribersAndDrops) {
    ManualTime t;
    SharedAudioStream s(
        2, [&] { return t.now; }, [&] { return t.unix; });
    EXPECT_EQ(s.latest(), nullptr);
    auto sub = s.subscribe();
    EXPECT_EQ(s.stats().active_subscribers, 1u);
    for (std::uint64_t i = 0; i < 5; ++i) {
        t.unix += 10;
        s.publish(frame(i));
    }
    auto st = s.stats();
    EXPECT_EQ(st.total_frames, 5u);
    EXPECT_EQ(st.last_update, 5050u);
    EXPECT_EQ(s.latest()->frame_number, 4u);
    auto p = sub.poll();
    ASSERT_TRUE(std::holds_alternative<Lagged>(p));
    EXPECT_EQ(std::get<Lagged>(p).skipped, 3u);
    EXPECT_EQ(s.stats().dropped_frames, 3u);
}

TEST(SharedAudioStream, FpsIsMeasuredOverAtLeastOneSecond) {
    ManualTime t;
    SharedAudioStream s(
        8, [&] { return t.now; }, [&] { return t.unix; });
    for (int i = 0; i < 10; ++i) {  // 10 frames over 0.45 s: not yet a full second
        s.publish(frame(static_cast<std::uint64_t>(i)));
        t.now += 50ms;
    }
    EXPECT_EQ(s.stats().fps, 0.0);
    for (int i = 10; i < 61; ++i) {  // keep publishing at 20 fps past 2 s
        s.publish(frame(static_cast<std::uint64_t>(i)));
        t.now += 50ms;
    }
    EXPECT_NEAR(s.stats().fps, 20.0, 0.01);
    t.now += 3s;  // the producer stalls: the rate reported falls
    EXPECT_LT(s.stats().fps, 10.0);
}

TEST(SharedAudioStream, SubscribeAfterReplaysFramesNewerThanLastSeen) {
    SharedAudioStream s(10);
    for (std::uint64_t i = 0; i < 8; ++i) s.publish(frame(i));
    auto sub = s.subscribe_after(5);
    auto p = sub.poll();
    ASSERT_TRUE(std::holds_alternative<audio::FramePtr>(p));
    EXPECT_EQ(std::get<audio::FramePtr>(p)->frame_number, 6u);
    auto live = s.subscribe_after(100);  // unknown future id: live frames only
    EXPECT_TRUE(std::holds_alternative<Empty>(live.poll()));
}

TEST(SharedAudioStream, CloseEndsEveryConsumer) {
    SharedAudioStream s(4);
    std::vector<std::thread> threads;
    std::atomic<int> closed{0};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, sub = s.subscribe()]() mutable {
            for (;;) {
                if (std::holds_alternative<Closed>(sub.wait(10s))) {
                    ++closed;
                    return;
                }
            }
        });
    }
    s.publish(frame(0));
    s.close();
    for (auto& t : threads) t.join();
    EXPECT_EQ(closed.load(), 4);
    EXPECT_TRUE(s.stats().closed);
    EXPECT_EQ(s.stats().active_subscribers, 0u);
}

}  // namespace
}  // namespace acoustream::stream
