#pragma once
// Which frame one stream sends next from one ring, and what it must say
// first: ring lag, a byte budget overrun and a resume older than the ring all
// become one exact `skipped` count before the next frame (the values add up
// to the gap in frame_number the client sees). A rate-limited follower
// (max_fps) sends the newest frame once per interval instead and announces
// nothing: the frames between were left out at the client's request. No Asio
// here: the session encodes and writes, the follower decides
// (docs/architecture.md).
//
// Thread-safety: one follower per stream per ring, used by that stream's
// thread only; the ring it reads is safe against its producer.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include "stream/broadcast_ring.hpp"

namespace acoustream::http {

struct FollowerOptions {
    std::size_t max_queue_bytes = std::size_t{16} << 20;  // per-client byte budget
    bool disconnect_slow_clients = false;                 // else: skip and say so
    std::chrono::nanoseconds min_interval{0};             // max_fps: at most one frame per interval
};

template <class Frame>
class FrameFollower {
public:
    using Clock = std::chrono::steady_clock;

    struct Step {
        enum class Kind { frame, empty, closed, disconnect };
        Kind kind = Kind::empty;
        std::shared_ptr<const Frame> frame;
        std::uint64_t skipped = 0;     // > 0: announce the gap before this frame
        std::uint64_t resume_gap = 0;  // the part of `skipped` a resume asked for and was gone
    };

    // Follows `ring` from its next item, or with `resume_after` from the first
    // retained frame whose frame_number is greater (Last-Event-ID).
    FrameFollower(stream::BroadcastRing<Frame>& ring, std::optional<std::uint64_t> resume_after,
                  FollowerOptions options)
        : subscriber_(subscribe(ring, resume_after)),
          last_sent_(resume_after),
          resuming_(resume_after.has_value()),
          options_(options) {}

    // Applies the byte budget before a drain: a client further behind than
    // the budget allows (estimated from its last event's size) skips to the
    // newest frames that fit. False when the client must be closed instead.
    [[nodiscard]] bool within_budget() {
        if (last_bytes_ == 0 || throttled()) return true;  // a throttled one keeps the newest only
        const std::uint64_t frames =
            std::max<std::uint64_t>(1, options_.max_queue_bytes / last_bytes_);
        if (subscriber_.backlog() <= frames) return true;
        if (options_.disconnect_slow_clients) return false;
        ring_skipped_ += subscriber_.skip_to_newest(frames);
        return true;
    }

    // The next frame (with the gap to announce before it), or why there is
    // none; `now` paces a rate-limited follower.
    Step next(Clock::time_point now = Clock::now()) {
        if (throttled()) return next_throttled(now);
        for (;;) {
            auto polled = subscriber_.poll();
            if (auto* item = std::get_if<std::shared_ptr<const Frame>>(&polled))
                return frame_step(std::move(*item));
            if (const auto* lagged = std::get_if<stream::Lagged>(&polled)) {
                if (options_.disconnect_slow_clients) return only(Step::Kind::disconnect);
                ring_skipped_ += lagged->skipped;  // reported with the next frame
                continue;
            }
            if (std::holds_alternative<stream::Closed>(polled)) {
                closed_ = true;
                return only(Step::Kind::closed);
            }
            return only(Step::Kind::empty);
        }
    }

    // The size of the event the last frame became, for the byte budget.
    void sent(std::size_t event_bytes) noexcept { last_bytes_ = event_bytes; }
    [[nodiscard]] bool closed() const noexcept { return closed_; }
    // Frames published and not yet taken by this follower.
    [[nodiscard]] std::uint64_t backlog() const { return subscriber_.backlog(); }
    // Bytes waiting for this client, estimated from its last event's size.
    [[nodiscard]] std::uint64_t queued_bytes() const {
        return subscriber_.backlog() * std::uint64_t{last_bytes_};
    }
    // When a rate-limited follower with a frame waiting may send it (the
    // session wakes then); nullopt when nothing waits or it is not limited.
    [[nodiscard]] std::optional<Clock::time_point> held_until() const {
        if (!held_) return std::nullopt;
        return next_due_;
    }

private:
    [[nodiscard]] bool throttled() const noexcept { return options_.min_interval.count() > 0; }

    // The newest frame is taken from the ring at every call and held until
    // its due time; a newer one replaces it (the older is left out).
    Step next_throttled(Clock::time_point now) {
        auto polled = subscriber_.poll_newest();
        if (auto* item = std::get_if<std::shared_ptr<const Frame>>(&polled)) {
            held_ = std::move(*item);
        } else if (std::holds_alternative<stream::Closed>(polled) && !held_) {
            closed_ = true;
            return only(Step::Kind::closed);
        }
        if (!held_ || now < next_due_) return only(Step::Kind::empty);
        next_due_ = now + options_.min_interval;
        Step step = only(Step::Kind::frame);
        step.frame = std::move(held_);
        held_.reset();
        last_sent_ = step.frame->frame_number;
        return step;
    }

    static stream::Subscriber<Frame> subscribe(stream::BroadcastRing<Frame>& ring,
                                               std::optional<std::uint64_t> after) {
        if (!after) return ring.subscribe();
        return ring.subscribe_first([n = *after](const Frame& f) { return f.frame_number > n; });
    }

    static Step only(typename Step::Kind kind) {
        Step step;
        step.kind = kind;
        return step;
    }

    Step frame_step(std::shared_ptr<const Frame> frame) {
        Step step = only(Step::Kind::frame);
        step.frame = std::move(frame);
        const std::uint64_t number = step.frame->frame_number;
        if (last_sent_) {
            step.skipped = number > *last_sent_ + 1 ? number - *last_sent_ - 1 : 0;
        } else {
            step.skipped = ring_skipped_;  // lagged before its first frame
        }
        if (resuming_) step.resume_gap = step.skipped - std::min(step.skipped, ring_skipped_);
        last_sent_ = number;
        resuming_ = false;
        ring_skipped_ = 0;
        return step;
    }

    stream::Subscriber<Frame> subscriber_;
    std::optional<std::uint64_t> last_sent_;  // frame_number of the last frame sent
    bool resuming_;                           // no frame sent yet since a Last-Event-ID
    std::uint64_t ring_skipped_ = 0;          // ring lag since the last frame sent
    std::size_t last_bytes_ = 0;
    bool closed_ = false;
    FollowerOptions options_;
    Clock::time_point next_due_{};       // a rate-limited follower's next send
    std::shared_ptr<const Frame> held_;  // the newest frame, waiting for next_due_
};

}  // namespace acoustream::http
