// The follower's decisions without a socket: which frame next, the exact gap
// to announce (ring lag, byte budget, resume across the ring's edge), and the
// slow-client policy.
#include "http/frame_follower.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace acoustream::http {
namespace {

struct TestFrame {
    std::uint64_t frame_number = 0;
};
using Ring = stream::BroadcastRing<TestFrame>;
using Follower = FrameFollower<TestFrame>;
using Kind = Follower::Step::Kind;

void publish(Ring& ring, std::uint64_t from, std::uint64_t to) {
    for (std::uint64_t n = from; n < to; ++n)
        ring.publish(std::make_shared<TestFrame>(TestFrame{n}));
}

struct Seen {
    std::vector<std::uint64_t> frames;
    std::uint64_t skipped = 0;
    std::uint64_t notices = 0;
    std::uint64_t resume_gap = 0;
};

// Everything the follower has now, as a client would receive it.
Seen drain(Follower& f, std::size_t event_bytes = 100) {
    Seen seen;
    EXPECT_TRUE(f.within_budget());
    for (auto step = f.next(); step.kind == Kind::frame; step = f.next()) {
        seen.frames.push_back(step.frame->frame_number);
        seen.skipped += step.skipped;
        seen.notices += step.skipped > 0;
        seen.resume_gap += step.resume_gap;
        f.sent(event_bytes);
    }
    return seen;
}

TEST(FrameFollower, LiveFramesInOrderWithoutNotices) {
    Ring ring(8);
    Follower f(ring, std::nullopt, {});
    publish(ring, 0, 5);
    const Seen seen = drain(f);
    EXPECT_EQ(seen.frames, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(seen.notices, 0u);
    EXPECT_EQ(f.next().kind, Kind::empty);
}

TEST(FrameFollower, RingLagIsAnnouncedExactlyEvenBeforeTheFirstFrame) {
    Ring ring(4);
    Follower f(ring, std::nullopt, {});
    publish(ring, 0, 10);  // 6 overwritten before the first read
    const Seen seen = drain(f);
    EXPECT_EQ(seen.frames.front(), 6u);
    EXPECT_EQ(seen.skipped, 6u);
    EXPECT_EQ(seen.resume_gap, 0u);
}

TEST(FrameFollower, LagNoticesAddUpToTheGapsTheClientSees) {
    Ring ring(4);
    Follower f(ring, std::nullopt, {});
    std::vector<std::uint64_t> all;
    std::uint64_t skipped = 0;
    std::uint64_t next = 0;
    for (const std::uint64_t burst : {3, 9, 1, 4, 17, 2}) {
        publish(ring, next, next + burst);
        next += burst;
        const Seen seen = drain(f);
        all.insert(all.end(), seen.frames.begin(), seen.frames.end());
        skipped += seen.skipped;
    }
    EXPECT_EQ(all.back(), next - 1);
    // What was not received was announced, no more and no less.
    EXPECT_EQ(all.size() + skipped, next);
}

TEST(FrameFollower, ResumeReplaysRetainedFramesAfterTheId) {
    Ring ring(8);
    publish(ring, 0, 6);
    Follower f(ring, 2, {});
    const Seen seen = drain(f);
    EXPECT_EQ(seen.frames, (std::vector<std::uint64_t>{3, 4, 5}));
    EXPECT_EQ(seen.skipped, 0u);
}

TEST(FrameFollower, ResumeOlderThanTheRingIsAResumeGap) {
    Ring ring(4);
    publish(ring, 0, 10);  // frames 6..9 retained
    Follower f(ring, 3, {});
    const Seen seen = drain(f);
    EXPECT_EQ(seen.frames, (std::vector<std::uint64_t>{6, 7, 8, 9}));
    EXPECT_EQ(seen.skipped, 2u);  // 4 and 5
    EXPECT_EQ(seen.resume_gap, 2u);
    EXPECT_EQ(seen.notices, 1u);
}

TEST(FrameFollower, ResumeThatAlsoLagsSplitsTheGap) {
    Ring ring(4);
    publish(ring, 0, 10);
    Follower f(ring, 3, {});  // positioned at frame 6
    publish(ring, 10, 13);    // 6, 7, 8 overwritten before the first read
    const Seen seen = drain(f);
    EXPECT_EQ(seen.frames.front(), 9u);
    EXPECT_EQ(seen.skipped, 5u);     // 4..8
    EXPECT_EQ(seen.resume_gap, 2u);  // 4, 5: the ring reported the other three
}

TEST(FrameFollower, ResumeNewerThanEverythingWaitsForTheNextFrame) {
    Ring ring(4);
    publish(ring, 0, 3);
    Follower f(ring, 2, {});
    EXPECT_EQ(f.next().kind, Kind::empty);
    publish(ring, 3, 4);
    const Seen seen = drain(f);
    EXPECT_EQ(seen.frames, (std::vector<std::uint64_t>{3}));
    EXPECT_EQ(seen.skipped, 0u);
}

TEST(FrameFollower, ByteBudgetSkipsToTheNewestFramesThatFitAndSaysSo) {
    Ring ring(64);
    Follower f(ring, std::nullopt, {.max_queue_bytes = 250, .disconnect_slow_clients = false});
    publish(ring, 0, 1);
    drain(f, 100);         // events of 100 bytes: the budget is 2 frames
    publish(ring, 1, 11);  // 10 behind
    const Seen seen = drain(f, 100);
    EXPECT_EQ(seen.frames, (std::vector<std::uint64_t>{9, 10}));
    EXPECT_EQ(seen.skipped, 8u);
}

TEST(FrameFollower, DisconnectPolicyClosesInsteadOfSkipping) {
    Ring ring(4);
    Follower by_ring(ring, std::nullopt,
                     {.max_queue_bytes = 1 << 20, .disconnect_slow_clients = true});
    publish(ring, 0, 10);
    EXPECT_EQ(by_ring.next().kind, Kind::disconnect);

    Ring big(64);
    Follower by_budget(big, std::nullopt,
                       {.max_queue_bytes = 250, .disconnect_slow_clients = true});
    publish(big, 0, 1);
    ASSERT_EQ(by_budget.next().kind, Kind::frame);
    by_budget.sent(100);
    publish(big, 1, 11);
    EXPECT_FALSE(by_budget.within_budget());
}

TEST(FrameFollower, ClosedAfterTheRetainedFrames) {
    Ring ring(4);
    Follower f(ring, std::nullopt, {});
    publish(ring, 0, 2);
    ring.close();
    EXPECT_EQ(drain(f).frames.size(), 2u);
    EXPECT_EQ(f.next().kind, Kind::closed);
    EXPECT_TRUE(f.closed());
}

TEST(FrameFollower, MaxFpsSendsTheNewestOncePerIntervalWithoutNotices) {
    using namespace std::chrono_literals;
    Ring ring(4);
    FollowerOptions options;
    options.min_interval = 100ms;
    Follower f(ring, std::nullopt, options);
    const Follower::Clock::time_point t0{};
    publish(ring, 0, 1);
    auto step = f.next(t0);
    ASSERT_EQ(step.kind, Kind::frame);
    EXPECT_EQ(step.frame->frame_number, 0u);
    publish(ring, 1, 3);
    EXPECT_EQ(f.next(t0 + 50ms).kind, Kind::empty);
    EXPECT_EQ(f.held_until(), t0 + 100ms) << "the session wakes when the held frame is due";
    publish(ring, 3, 10);  // more than the ring holds: left out, not lag
    step = f.next(t0 + 100ms);
    ASSERT_EQ(step.kind, Kind::frame);
    EXPECT_EQ(step.frame->frame_number, 9u);
    EXPECT_EQ(step.skipped, 0u);
    EXPECT_EQ(ring.dropped(), 0u);
    EXPECT_FALSE(f.held_until());
    EXPECT_EQ(f.next(t0 + 300ms).kind, Kind::empty) << "nothing new";
    EXPECT_TRUE(f.within_budget());
}

TEST(FrameFollower, MaxFpsSendsTheHeldFrameBeforeClosing) {
    using namespace std::chrono_literals;
    Ring ring(4);
    FollowerOptions options;
    options.min_interval = 1s;
    Follower f(ring, std::nullopt, options);
    const Follower::Clock::time_point t0{};
    publish(ring, 0, 1);
    ASSERT_EQ(f.next(t0).kind, Kind::frame);
    publish(ring, 1, 2);
    ring.close();
    EXPECT_EQ(f.next(t0 + 10ms).kind, Kind::empty);
    const auto step = f.next(t0 + 1s);
    ASSERT_EQ(step.kind, Kind::frame);
    EXPECT_EQ(step.frame->frame_number, 1u);
    EXPECT_EQ(f.next(t0 + 1s).kind, Kind::closed);
}

}  // namespace
}  // namespace acoustream::http
