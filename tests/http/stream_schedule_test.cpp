// The stream's timed rules on a fake clock (time points passed in):
// heartbeats after a quiet spell, stats once a second, token expiry and the
// write deadline it bounds.
#include "http/stream_schedule.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace acoustream::http {
namespace {

using namespace std::chrono_literals;
using TimePoint = StreamSchedule::TimePoint;
const TimePoint t0{std::chrono::hours(1000)};

StreamSchedule::Options options(bool heartbeats, std::chrono::seconds every, bool stats,
                                std::optional<TimePoint> token_deadline = std::nullopt) {
    StreamSchedule::Options o;
    o.heartbeats = heartbeats;
    o.heartbeat_every = every;
    o.stats = stats;
    o.write_timeout = 30s;
    o.token_deadline = token_deadline;
    return o;
}

TEST(StreamSchedule, HeartbeatAfterAQuietSpellOnly) {
    StreamSchedule s(t0, options(true, 5s, false));
    EXPECT_FALSE(s.take_heartbeat(t0 + 4s));
    s.activity(t0 + 4s);  // a frame
    EXPECT_FALSE(s.take_heartbeat(t0 + 8s));
    EXPECT_EQ(s.wake_at(t0 + 8s), t0 + 9s);
    EXPECT_TRUE(s.take_heartbeat(t0 + 9s));
    EXPECT_FALSE(s.take_heartbeat(t0 + 10s));  // the heartbeat restarts the spell
    EXPECT_TRUE(s.take_heartbeat(t0 + 14s));
}

TEST(StreamSchedule, NoHeartbeatsWhenDisabled) {
    StreamSchedule s(t0, options(false, 1s, false));
    EXPECT_FALSE(s.take_heartbeat(t0 + 1h));
    EXPECT_EQ(s.wake_at(t0), t0 + 24h);
}

TEST(StreamSchedule, StatsOnceASecond) {
    StreamSchedule s(t0, options(true, 5s, true));
    EXPECT_TRUE(s.take_stats(t0));
    EXPECT_FALSE(s.take_stats(t0 + 999ms));
    EXPECT_EQ(s.wake_at(t0 + 500ms), t0 + 1s);
    EXPECT_TRUE(s.take_stats(t0 + 1s));
    StreamSchedule none(t0, options(true, 5s, false));
    EXPECT_FALSE(none.take_stats(t0 + 1h));
}

TEST(StreamSchedule, TokenExpiryEndsTheStreamAndBoundsTheWrite) {
    const TimePoint deadline = StreamSchedule::token_deadline(t0, 1'000'010, 1'000'000);
    EXPECT_EQ(deadline, t0 + 10s);
    StreamSchedule s(t0, options(true, 5s, false, deadline));
    EXPECT_FALSE(s.expired(t0 + 9s));
    EXPECT_TRUE(s.expired(t0 + 10s));
    EXPECT_EQ(s.wake_at(t0 + 9s), t0 + 5s);  // the heartbeat comes first
    s.activity(t0 + 8s);
    EXPECT_EQ(s.wake_at(t0 + 9s), t0 + 10s);  // then the expiry
    // A write started near the end may not outlast the token by more than the grace.
    const auto late = s.write_deadline(t0 + 9s);
    EXPECT_EQ(late.at, t0 + 10s + StreamSchedule::kExpiredWriteGrace);
    EXPECT_TRUE(late.token_bound);
    StreamSchedule long_token(t0, options(true, 5s, false, t0 + 1h));
    const auto early = long_token.write_deadline(t0);
    EXPECT_EQ(early.at, t0 + 30s);
    EXPECT_FALSE(early.token_bound);
}

TEST(StreamSchedule, AnExpiredTokenHasNoTimeLeft) {
    EXPECT_EQ(StreamSchedule::token_deadline(t0, 100, 200), t0);
    StreamSchedule s(t0, options(true, 5s, false, StreamSchedule::token_deadline(t0, 100, 200)));
    EXPECT_TRUE(s.expired(t0));
}

}  // namespace
}  // namespace acoustream::http
