#pragma once
// A bounded broadcast ring: one producer, any number of consumers, each with
// its own cursor. Publishing never blocks on a consumer and never fails when
// nobody listens. A consumer that falls more than `capacity` items behind is
// told how many it skipped (Lagged) and resumes at the oldest retained item.
//
// Consumers block (Subscriber::wait) or poll (Subscriber::poll). An event
// loop with many consumers registers one persistent Listener
// (BroadcastRing::listen): one call per publish for the whole loop, which
// then resumes its own idle consumers and polls them, so HTTP sessions need
// no thread each and a publish makes no call per consumer.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <variant>
#include <vector>

namespace acoustream::stream {

struct Lagged {
    std::uint64_t skipped = 0;
};
struct Empty {};
struct Closed {};

template <class T>
class BroadcastRing;

template <class T>
using Poll = std::variant<std::shared_ptr<const T>, Lagged, Empty, Closed>;

namespace detail {

template <class T>
struct RingState {
    explicit RingState(std::size_t cap) : slots(cap) {}

    mutable std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::shared_ptr<const T>> slots;
    std::uint64_t next_seq = 0;  // sequence number the next publish gets
    bool closed = false;
    // Persistent listeners, called on every publish and on close. Their own
    // mutex is held while they run, so removing one waits for a call in
    // progress (after ~Listener no call can touch the listener's owner).
    std::mutex listeners_mutex;
    std::vector<std::pair<std::uint64_t, std::function<void()>>> listeners;
    std::uint64_t next_listener_id = 0;
    std::atomic<std::uint64_t> dropped{0};
    std::atomic<std::uint64_t> subscribers{0};

    [[nodiscard]] std::uint64_t oldest_locked() const {
        const auto cap = static_cast<std::uint64_t>(slots.size());
        return next_seq > cap ? next_seq - cap : 0;
    }
};

}  // namespace detail

// Removes its callback from the ring when destroyed (RAII handle).
template <class T>
class Listener {
public:
    Listener() = default;
    Listener(Listener&& other) noexcept : state_(std::move(other.state_)), id_(other.id_) {}
    Listener& operator=(Listener&& other) noexcept {
        if (this != &other) {
            reset();
            state_ = std::move(other.state_);
            id_ = other.id_;
        }
        return *this;
    }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    ~Listener() { reset(); }

    // Unregisters; returns once no call of the callback is in progress.
    void reset() {
        if (!state_) return;
        std::lock_guard lock(state_->listeners_mutex);
        auto& v = state_->listeners;
        v.erase(std::remove_if(v.begin(), v.end(), [&](const auto& e) { return e.first == id_; }),
                v.end());
        state_.reset();
    }

private:
    friend class BroadcastRing<T>;
    Listener(std::shared_ptr<detail::RingState<T>> state, std::uint64_t id)
        : state_(std::move(state)), id_(id) {}

    std::shared_ptr<detail::RingState<T>> state_;
    std::uint64_t id_ = 0;
};

template <class T>
class Subscriber {
public:
    using Ptr = std::shared_ptr<const T>;

    Subscriber(Subscriber&& other) noexcept
        : state_(std::move(other.state_)), cursor_(other.cursor_) {}
    Subscriber& operator=(Subscriber&& other) noexcept {
        if (this != &other) {
            release();
            state_ = std::move(other.state_);
            cursor_ = other.cursor_;
        }
        return *this;
    }
    Subscriber(const Subscriber&) = delete;
    Subscriber& operator=(const Subscriber&) = delete;
    ~Subscriber() { release(); }

    // Next item, a Lagged notice (the cursor then sits at the oldest retained
    // item), Empty when caught up, or Closed once the ring is closed and every
    // retained item after the cursor has been read.
    Poll<T> poll() {
        std::lock_guard lock(state_->mutex);
        return poll_locked();
    }

    // Blocks up to `timeout` for something to report; Empty on timeout.
    template <class Rep, class Period>
    Poll<T> wait(std::chrono::duration<Rep, Period> timeout) {
        std::unique_lock lock(state_->mutex);
        state_->cv.wait_for(lock, timeout,
                            [&] { return state_->closed || cursor_ < state_->next_seq; });
        return poll_locked();
    }

    // Sequence number of the next item this subscriber will read.
    [[nodiscard]] std::uint64_t cursor() const noexcept { return cursor_; }
    // Items published but not yet read by this subscriber.
    [[nodiscard]] std::uint64_t backlog() const {
        std::lock_guard lock(state_->mutex);
        return state_->next_seq > cursor_ ? state_->next_seq - cursor_ : 0;
    }
    // Moves the cursor to the newest `keep` items, reporting the skip as a
    // lag (used by per-client byte bounds). Returns the number skipped.
    std::uint64_t skip_to_newest(std::uint64_t keep) {
        std::lock_guard lock(state_->mutex);
        const std::uint64_t target = state_->next_seq > keep ? state_->next_seq - keep : 0;
        if (target <= cursor_) return 0;
        const std::uint64_t skipped = target - cursor_;
        cursor_ = target;
        state_->dropped.fetch_add(skipped, std::memory_order_relaxed);
        return skipped;
    }

    // The newest item, leaving out every older unread one without counting
    // them as lag (the consumer asked for the newest only, e.g. a rate-limited
    // stream); Empty when caught up, Closed once closed and caught up.
    Poll<T> poll_newest() {
        std::lock_guard lock(state_->mutex);
        auto& s = *state_;
        if (cursor_ < s.next_seq) {
            cursor_ = s.next_seq;
            return s.slots[(s.next_seq - 1) % s.slots.size()];
        }
        if (s.closed) return Closed{};
        return Empty{};
    }

private:
    friend class BroadcastRing<T>;
    Subscriber(std::shared_ptr<detail::RingState<T>> state, std::uint64_t cursor)
        : state_(std::move(state)), cursor_(cursor) {
        state_->subscribers.fetch_add(1, std::memory_order_relaxed);
    }

    void release() {
        if (state_) {
            state_->subscribers.fetch_sub(1, std::memory_order_relaxed);
            state_.reset();
        }
    }

    Poll<T> poll_locked() {
        auto& s = *state_;
        const std::uint64_t oldest = s.oldest_locked();
        if (cursor_ < oldest) {
            const std::uint64_t skipped = oldest - cursor_;
            cursor_ = oldest;
            s.dropped.fetch_add(skipped, std::memory_order_relaxed);
            return Lagged{skipped};
        }
        if (cursor_ < s.next_seq) {
            auto item = s.slots[cursor_ % s.slots.size()];
            ++cursor_;
            return item;
        }
        if (s.closed) return Closed{};
        return Empty{};
    }

    std::shared_ptr<detail::RingState<T>> state_;
    std::uint64_t cursor_ = 0;
};

template <class T>
class BroadcastRing {
public:
    using Ptr = std::shared_ptr<const T>;

    explicit BroadcastRing(std::size_t capacity)
        : state_(std::make_shared<detail::RingState<T>>(check_capacity(capacity))) {}

    // Appends `item` (overwriting the oldest when full) and wakes consumers.
    // Returns the item's sequence number. Ignored once closed.
    std::uint64_t publish(Ptr item) {
        std::uint64_t seq = 0;
        {
            std::lock_guard lock(state_->mutex);
            if (state_->closed) return state_->next_seq;
            seq = state_->next_seq;
            state_->slots[seq % state_->slots.size()] = std::move(item);
            ++state_->next_seq;
        }
        // Event loops first: their fan-out is what clients wait for, and a
        // thread woken earlier may take the core the loops would get.
        notify_listeners();
        state_->cv.notify_all();
        return seq;
    }

    // Ends the stream: consumers read what is retained, then get Closed.
    void close() {
        {
            std::lock_guard lock(state_->mutex);
            if (state_->closed) return;
            state_->closed = true;
        }
        state_->cv.notify_all();
        notify_listeners();
    }

    // Calls `on_item` (on the producer's thread) after every publish and
    // after close, until the returned Listener is destroyed. It must be
    // quick and must not call back into this ring's listen/Listener::reset:
    // an event loop sets a flag and posts to itself. Items are read through
    // the loop's own Subscribers; a listener holds no cursor and so is not
    // counted as a subscriber.
    [[nodiscard]] Listener<T> listen(std::function<void()> on_item) {
        std::lock_guard lock(state_->listeners_mutex);
        const std::uint64_t id = state_->next_listener_id++;
        state_->listeners.emplace_back(id, std::move(on_item));
        return Listener<T>(state_, id);
    }

    // A subscriber that starts with the next item published.
    Subscriber<T> subscribe() {
        std::lock_guard lock(state_->mutex);
        return Subscriber<T>(state_, state_->next_seq);
    }

    // A subscriber whose first item is the retained item with sequence `seq`
    // (clamped to what is retained: older yields a Lagged first, newer waits).
    Subscriber<T> subscribe_from(std::uint64_t seq) {
        std::lock_guard lock(state_->mutex);
        return Subscriber<T>(state_, std::min(seq, state_->next_seq));
    }

    // A subscriber positioned at the first retained item satisfying `pred`
    // (scanning oldest to newest), or at the next publish if none does.
    template <class Pred>
    Subscriber<T> subscribe_first(Pred&& pred) {
        std::lock_guard lock(state_->mutex);
        auto& s = *state_;
        for (std::uint64_t seq = s.oldest_locked(); seq < s.next_seq; ++seq) {
            const auto& item = s.slots[seq % s.slots.size()];
            if (item && pred(*item)) return Subscriber<T>(state_, seq);
        }
        return Subscriber<T>(state_, s.next_seq);
    }

    [[nodiscard]] Ptr latest() const {
        std::lock_guard lock(state_->mutex);
        if (state_->next_seq == 0) return nullptr;
        return state_->slots[(state_->next_seq - 1) % state_->slots.size()];
    }
    [[nodiscard]] std::uint64_t published() const {
        std::lock_guard lock(state_->mutex);
        return state_->next_seq;
    }
    [[nodiscard]] bool closed() const {
        std::lock_guard lock(state_->mutex);
        return state_->closed;
    }
    [[nodiscard]] std::size_t capacity() const noexcept { return state_->slots.size(); }
    [[nodiscard]] std::uint64_t subscribers() const noexcept {
        return state_->subscribers.load(std::memory_order_relaxed);
    }
    // Sum of every skip reported to any subscriber.
    [[nodiscard]] std::uint64_t dropped() const noexcept {
        return state_->dropped.load(std::memory_order_relaxed);
    }

private:
    void notify_listeners() {
        std::lock_guard lock(state_->listeners_mutex);
        for (auto& [id, fn] : state_->listeners) fn();
    }

    static std::size_t check_capacity(std::size_t capacity) {
        if (capacity == 0) throw std::invalid_argument("broadcast ring capacity must be >= 1");
        return capacity;
    }

    std::shared_ptr<detail::RingState<T>> state_;
};

}  // namespace acoustream::stream
