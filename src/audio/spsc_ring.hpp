#pragma once
// A bounded lock-free ring of float samples between exactly one producer
// thread (the capture callback) and one consumer thread (the source's read()).
// push/pop never allocate, lock or block, so the producer side is safe to call
// from a real-time audio callback. When full, push accepts what fits and
// reports it, so the caller can count what was dropped.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace acoustream::audio {

class SpscRing {
public:
    // Capacity is `min_capacity` rounded up to a power of two (at least 2), so
    // positions map to slots with a mask instead of a division.
    explicit SpscRing(std::size_t min_capacity)
        : capacity_(round_up_pow2(min_capacity)),
          mask_(capacity_ - 1),
          slots_(std::make_unique<float[]>(capacity_)) {}

    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

    // Producer side. Copies up to `count` samples; returns how many fit.
    std::size_t push(const float* data, std::size_t count) noexcept {
        const std::uint64_t head = head_.load(std::memory_order_relaxed);
        const std::uint64_t tail = tail_.load(std::memory_order_acquire);
        const std::size_t free_slots = capacity_ - static_cast<std::size_t>(head - tail);
        const std::size_t n = std::min(count, free_slots);
        copy_in(head, data, n);
        head_.store(head + n, std::memory_order_release);
        return n;
    }

    // Consumer side. Moves up to `count` samples into `out`; returns how many.
    std::size_t pop(float* out, std::size_t count) noexcept {
        const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
        const std::uint64_t head = head_.load(std::memory_order_acquire);
        const std::size_t n = std::min(count, static_cast<std::size_t>(head - tail));
        copy_out(tail, out, n);
        tail_.store(tail + n, std::memory_order_release);
        return n;
    }

    // Consumer side: samples ready to pop (a lower bound while the producer runs).
    [[nodiscard]] std::size_t size() const noexcept {
        const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
        const std::uint64_t head = head_.load(std::memory_order_acquire);
        return static_cast<std::size_t>(head - tail);
    }

    // Consumer side: drops everything currently readable.
    void discard_all() noexcept {
        tail_.store(head_.load(std::memory_order_acquire), std::memory_order_release);
    }

private:
    static std::size_t round_up_pow2(std::size_t n) {
        if (n > (std::size_t{1} << 40)) {
            throw std::length_error("SpscRing: capacity too large");
        }
        std::size_t c = 2;
        while (c < n) {
            c <<= 1;
        }
        return c;
    }

    void copy_in(std::uint64_t pos, const float* data, std::size_t n) noexcept {
        const std::size_t start = static_cast<std::size_t>(pos) & mask_;
        const std::size_t first = std::min(n, capacity_ - start);
        std::copy_n(data, first, slots_.get() + start);
        std::copy_n(data + first, n - first, slots_.get());
    }

    void copy_out(std::uint64_t pos, float* out, std::size_t n) const noexcept {
        const std::size_t start = static_cast<std::size_t>(pos) & mask_;
        const std::size_t first = std::min(n, capacity_ - start);
        std::copy_n(slots_.get() + start, first, out);
        std::copy_n(slots_.get(), n - first, out + first);
    }

    // Separate cache lines so producer and consumer do not false-share.
    static constexpr std::size_t kLine = 64;

    const std::size_t capacity_;
    const std::size_t mask_;
    std::unique_ptr<float[]> slots_;
    // Monotonic 64-bit positions: head - tail is the fill level, no wrap flag.
    alignas(kLine) std::atomic<std::uint64_t> head_{0};
    alignas(kLine) std::atomic<std::uint64_t> tail_{0};
};

}  // namespace acoustream::audio
