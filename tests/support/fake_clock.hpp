#pragma once
// A Clock whose time only moves when the code under test waits: every
// wait_until jumps straight to its deadline, so pacing is observable exactly.
// The wall clock follows the steady one from unix_ms_at_start, plus whatever
// jump_wall() added (an NTP step, a manual `date -s`): steady time never jumps.

#include <cstdint>
#include <mutex>
#include <vector>

#include "acquisition/clock.hpp"

namespace acoustream::testing {

class FakeClock final : public acquisition::Clock {
public:
    explicit FakeClock(std::uint64_t unix_ms_at_start = 1'700'000'000'000ULL)
        : unix_start_(unix_ms_at_start) {}

    [[nodiscard]] time_point now() const override {
        std::lock_guard lock(mutex_);
        return now_;
    }
    [[nodiscard]] std::chrono::nanoseconds unix_time() const override {
        std::lock_guard lock(mutex_);
        return std::chrono::milliseconds(static_cast<std::int64_t>(unix_start_) + wall_offset_ms_) +
               std::chrono::duration_cast<std::chrono::nanoseconds>(now_ - time_point{});
    }
    // Steps the wall clock (forward or backward) without moving steady time.
    void jump_wall(std::chrono::milliseconds by) {
        std::lock_guard lock(mutex_);
        wall_offset_ms_ += by.count();
    }
    bool wait_until(time_point deadline, std::unique_lock<std::mutex>&, std::condition_variable&,
                    const std::function<bool()>& stop) override {
        {
            std::lock_guard lock(mutex_);
            waits_.push_back(deadline - now_);
            if (deadline > now_) now_ = deadline;
        }
        return stop();
    }
    void advance(duration d) {
        std::lock_guard lock(mutex_);
        now_ += d;
    }
    [[nodiscard]] std::vector<duration> waits() const {
        std::lock_guard lock(mutex_);
        return waits_;
    }

private:
    mutable std::mutex mutex_;
    time_point now_{};
    std::uint64_t unix_start_;
    std::int64_t wall_offset_ms_ = 0;
    std::vector<duration> waits_;
};

}  // namespace acoustream::testing
