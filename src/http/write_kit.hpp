#pragma once
// The allocation-free write of an SSE session: a once-a-second watchdog
// instead of a timer per write, the memory of the one write in flight, and a
// view of the batch's buffers. With these a delivery costs no heap
// allocation (docs/benchmarks.md, heaptrack figures).
//
// Thread-safety: everything here is used on the session's own event loop
// thread; WriteState is shared with the write's completion handler, which
// runs on that same thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <new>

namespace acoustream::http {

// Ends a write that makes no progress by its deadline. One timer per stream
// ticking once a second, instead of a per-write timer (beast's tcp_stream
// expiry costs an allocation and a timer-queue update on every write). Runs
// on the stream's own single-threaded loop, like the stream itself.
class WriteWatchdog {
public:
    WriteWatchdog(const boost::asio::any_io_executor& executor,
                  boost::asio::ip::tcp::socket& socket)
        : state_(std::make_shared<State>(executor, socket)) {
        schedule(state_);
    }
    ~WriteWatchdog() {
        state_->stopped = true;  // a completion already queued must not touch the socket
        state_->timer.cancel();
    }
    WriteWatchdog(const WriteWatchdog&) = delete;
    WriteWatchdog& operator=(const WriteWatchdog&) = delete;

    void begin(std::chrono::steady_clock::time_point deadline) { state_->deadline = deadline; }
    void end() { state_->deadline = std::chrono::steady_clock::time_point::max(); }
    [[nodiscard]] bool timed_out() const { return state_->timed_out; }

private:
    struct State {
        State(const boost::asio::any_io_executor& executor, boost::asio::ip::tcp::socket& s)
            : timer(executor), socket(&s) {}
        boost::asio::steady_timer timer;
        boost::asio::ip::tcp::socket* socket;
        std::chrono::steady_clock::time_point deadline =
            std::chrono::steady_clock::time_point::max();
        bool timed_out = false;
        bool stopped = false;
    };

    static void schedule(std::shared_ptr<State> state) {
        state->timer.expires_after(std::chrono::seconds(1));
        state->timer.async_wait([state](const boost::system::error_code& ec) mutable {
            if (ec || state->stopped) return;
            if (std::chrono::steady_clock::now() >= state->deadline) {
                state->timed_out = true;
                boost::system::error_code ignored;
                state->socket->cancel(ignored);  // the pending write ends: operation_aborted
            }
            schedule(std::move(state));
        });
    }

    std::shared_ptr<State> state_;
};

// Memory for the one write a stream has in flight. Asio takes an
// operation's memory from the handler's allocator; with the default one that
// is a two-slot per-thread cache, which misses when hundreds of streams on a
// loop have writes queued at once, so every delivery went to the heap.
class WriteMemory {
public:
    WriteMemory() = default;
    WriteMemory(const WriteMemory&) = delete;
    WriteMemory& operator=(const WriteMemory&) = delete;

    void* allocate(std::size_t size) {
        if (!in_use_ && size <= sizeof storage_) {
            in_use_ = true;
            return storage_;
        }
        return ::operator new(size);  // a larger or second operation: still correct
    }
    void deallocate(void* p) noexcept {
        if (p == storage_)
            in_use_ = false;
        else
            ::operator delete(p);
    }

private:
    alignas(std::max_align_t) unsigned char storage_[1024];
    bool in_use_ = false;
};

template <class T>
struct WriteAllocator {
    using value_type = T;
    WriteMemory* memory;
    explicit WriteAllocator(WriteMemory& m) noexcept : memory(&m) {}
    template <class U>
    WriteAllocator(const WriteAllocator<U>& other) noexcept : memory(other.memory) {}
    T* allocate(std::size_t n) { return static_cast<T*>(memory->allocate(sizeof(T) * n)); }
    void deallocate(T* p, std::size_t) noexcept { memory->deallocate(p); }
    template <class U>
    bool operator==(const WriteAllocator<U>& o) const noexcept {
        return memory == o.memory;
    }
};

// What a write in flight uses: its operation's memory, its outcome and the
// timer the stream waits on meanwhile. Shared with the completion handler,
// so it outlives a stream torn down mid-write (the handler releases the
// memory before its own copy of the pointer goes).
struct WriteState {
    explicit WriteState(const boost::asio::any_io_executor& executor) : wake(executor) {}
    WriteMemory memory;
    boost::asio::steady_timer wake;
    boost::system::error_code ec;
    std::size_t bytes = 0;
    bool done = false;
};

// Completion of a write: records the outcome and wakes the stream. A plain
// handler rather than `co_await async_write(...)`, whose initiating coroutine
// frame is too large for Asio's frame cache and so was a heap allocation on
// every delivery.
struct WriteDone {
    using allocator_type = WriteAllocator<void>;
    std::shared_ptr<WriteState> state;
    [[nodiscard]] allocator_type get_allocator() const noexcept {
        return allocator_type(state->memory);
    }
    void operator()(const boost::system::error_code& ec, std::size_t n) const {
        state->ec = ec;
        state->bytes = n;
        state->done = true;
        state->wake.cancel();
    }
};

// A view of the batch's buffer list. async_write copies its buffer sequence
// into the operation; copying a std::vector would allocate, this does not.
struct BufferSpan {
    const boost::asio::const_buffer* first;
    const boost::asio::const_buffer* last;
    [[nodiscard]] const boost::asio::const_buffer* begin() const noexcept { return first; }
    [[nodiscard]] const boost::asio::const_buffer* end() const noexcept { return last; }
};

}  // namespace acoustream::http
