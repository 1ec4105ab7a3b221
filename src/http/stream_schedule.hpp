#pragma once
// When an SSE stream is due to do something other than send frames: a
// heartbeat after a quiet spell, a stats event once a second, the end at its
// token's expiry, and how long a write may take. Time is passed in, so the
// rules are tested without a clock (docs/api.md, "Streams").
//
// Thread-safety: one schedule per stream, used by that stream's thread only.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

namespace acoustream::http {

class StreamSchedule {
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;

    // Time a stream whose token has expired still gets to flush what it has.
    static constexpr auto kExpiredWriteGrace = std::chrono::seconds(2);

    struct Options {
        bool heartbeats = true;
        std::chrono::seconds heartbeat_every{5};
        bool stats = false;  // a stats event once a second (/events?types=stats)
        std::chrono::seconds write_timeout{30};
        std::optional<TimePoint> token_deadline;  // none: the token does not expire
    };

    // The steady-clock instant of a token's `exp` (Unix seconds), seen at
    // `now` / `now_unix_secs`; an already expired token gives `now`.
    static TimePoint token_deadline(TimePoint now, std::int64_t expires_at,
                                    std::int64_t now_unix_secs) {
        return now + std::chrono::seconds(std::max<std::int64_t>(0, expires_at - now_unix_secs));
    }

    StreamSchedule(TimePoint now, Options options)
        : options_(options), last_activity_(now), next_stats_(now) {}

    // Frames (or a heartbeat) were queued at `now`: the quiet spell restarts.
    void activity(TimePoint now) noexcept { last_activity_ = now; }

    // Whether a stats event is due; when it is, the next one is a second on.
    bool take_stats(TimePoint now) noexcept {
        if (!options_.stats || now < next_stats_) return false;
        next_stats_ = now + std::chrono::seconds(1);
        return true;
    }

    // Whether a heartbeat is due; when it is, it counts as activity.
    bool take_heartbeat(TimePoint now) noexcept {
        if (!options_.heartbeats || now < last_activity_ + options_.heartbeat_every) return false;
        last_activity_ = now;
        return true;
    }

    [[nodiscard]] bool expired(TimePoint now) const noexcept {
        return options_.token_deadline && now >= *options_.token_deadline;
    }

    // When a stream with nothing to send must wake up by itself.
    [[nodiscard]] TimePoint wake_at(TimePoint now) const noexcept {
        TimePoint at = options_.heartbeats ? last_activity_ + options_.heartbeat_every
                                           : now + std::chrono::hours(24);
        if (options_.stats) at = std::min(at, next_stats_);
        if (options_.token_deadline) at = std::min(at, *options_.token_deadline);
        return at;
    }

    // A write's deadline: write_timeout, but a client that stopped reading
    // must not hold the stream open past its token (closed within 5 s of
    // `exp`); token_bound says the token set it, so a timeout there is no
    // write timeout.
    struct WriteDeadline {
        TimePoint at;
        bool token_bound = false;
    };
    [[nodiscard]] WriteDeadline write_deadline(TimePoint now) const noexcept {
        WriteDeadline d{now + options_.write_timeout, false};
        if (options_.token_deadline && *options_.token_deadline + kExpiredWriteGrace < d.at)
            d = {*options_.token_deadline + kExpiredWriteGrace, true};
        return d;
    }

private:
    Options options_;
    TimePoint last_activity_;  // last frame or heartbeat queued
    TimePoint next_stats_;
};

}  // namespace acoustream::http
