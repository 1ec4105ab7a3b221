#pragma once
// The recorder's bounded queue between its feed thread (the only pusher) and
// its writer thread (the only popper): it holds up to `capacity` frames while
// the disk is slow; a push into a full queue fails at once, so the feed, and
// through it acquisition, never waits for the disk.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "audio/audio_frame.hpp"
#include "record/recording.hpp"

namespace acoustream::record {

struct QueuedFrame {
    audio::FramePtr frame;
    // Why frames before this one are missing, if any are (the writer counts
    // them from the frame numbers).
    Gap::Cause cause = Gap::Cause::queue_full;
};

// The feed's last word: no more frames; `last_seen` is the newest frame it
// took from the ring (kept or dropped), so drops at the very end are counted.
struct QueueEnd {
    std::optional<std::uint64_t> last_seen;
    Gap::Cause cause = Gap::Cause::queue_full;
    bool source_ended = false;  // the audio stream closed (end of a file source)
};

class FrameQueue {
public:
    explicit FrameQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    // Feed thread. False when full (the frame is then lost, and counted).
    bool try_push(QueuedFrame item) {
        {
            std::lock_guard lock(mutex_);
            if (items_.size() >= capacity_) return false;
            items_.push_back(std::move(item));
        }
        cv_.notify_one();
        return true;
    }

    // Feed thread, once: takes no room, so it is never refused.
    void finish(QueueEnd end) {
        {
            std::lock_guard lock(mutex_);
            end_ = end;
        }
        cv_.notify_one();
    }

    struct Next {
        std::optional<QueuedFrame> item;  // a frame, or
        std::optional<QueueEnd> end;      // the end once every frame is taken
    };

    // Writer thread. Waits up to `timeout`; both empty on timeout.
    template <class Rep, class Period>
    Next pop(std::chrono::duration<Rep, Period> timeout) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, timeout, [&] { return !items_.empty() || end_.has_value(); });
        Next next;
        if (!items_.empty()) {
            next.item = std::move(items_.front());
            items_.pop_front();
        } else if (end_) {
            next.end = end_;
        }
        return next;
    }

    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return items_.size();
    }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<QueuedFrame> items_;
    std::optional<QueueEnd> end_;
};

}  // namespace acoustream::record
