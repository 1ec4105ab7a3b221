#pragma once
// Time as the acquisition daemon sees it, injected so tests can drive it.
// Pacing uses the steady clock only; timestamps use the wall time read once
// (the daemon's first start) plus steady time, so wall-clock jumps move neither.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace acoustream::acquisition {

class Clock {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    virtual ~Clock() = default;
    [[nodiscard]] virtual time_point now() const = 0;
    // Wall time since the Unix epoch, at the clock's full resolution: the
    // daemon aligns its reference instant on a millisecond boundary with it.
    [[nodiscard]] virtual std::chrono::nanoseconds unix_time() const = 0;
    [[nodiscard]] std::uint64_t unix_ms() const {
        return static_cast<std::uint64_t>(
            std::chrono::floor<std::chrono::milliseconds>(unix_time()).count());
    }
    // Waits on `cv` (with `lock` held by the caller) until `deadline` or until
    // `stop()` becomes true. Returns stop().
    virtual bool wait_until(time_point deadline, std::unique_lock<std::mutex>& lock,
                            std::condition_variable& cv, const std::function<bool()>& stop) = 0;
};

class SystemClock final : public Clock {
public:
    [[nodiscard]] time_point now() const override { return std::chrono::steady_clock::now(); }
    [[nodiscard]] std::chrono::nanoseconds unix_time() const override {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
            std::chrono::system_clock::now().time_since_epoch());
    }
    bool wait_until(time_point deadline, std::unique_lock<std::mutex>& lock,
                    std::condition_variable& cv, const std::function<bool()>& stop) override {
        return cv.wait_until(lock, deadline, stop);
    }
};

}  // namespace acoustream::acquisition
