#include "http/sse_writer.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <memory>
#include <optional>

#include "encode/sse_event.hpp"

namespace acoustream::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

namespace {

// Most bytes gathered into one write: big enough to catch up a lagging
// client in few syscalls, small enough to keep per-write latency low.
constexpr std::size_t kMaxBatchBytes = 1u << 20;

// Time a stream whose token has expired still gets to flush what it has.
constexpr auto kExpiredWriteGrace = std::chrono::seconds(2);

// Ends a write that makes no progress by its deadline. One timer per stream
// ticking once a second, instead of a per-write timer (beast's tcp_stream
// expiry costs an allocation and a timer-queue update on every write). Runs
// on the stream's own single-threaded loop, like the stream itself.
class WriteWatchdog {
public:
    WriteWatchdog(const net::any_io_executor& executor, net::ip::tcp::socket& socket)
        : state_(std::make_shared<State>(executor, socket)) {
        schedule(state_);
    }
    ~WriteWatchdog() {
        state_->stopped = true;  // a completion already queued must not touch the socket
        state_->timer.cancel();
    }
    WriteWatchdog(const WriteWatchdog&) = delete;
    WriteWatchdog& operator=(const WriteWatchdog&) = delete;

    void begin(Clock::time_point deadline) { state_->deadline = deadline; }
    void end() { state_->deadline = Clock::time_point::max(); }
    [[nodiscard]] bool timed_out() const { return state_->timed_out; }

private:
    struct State {
        State(const net::any_io_executor& executor, net::ip::tcp::socket& s)
            : timer(executor), socket(&s) {}
        net::steady_timer timer;
        net::ip::tcp::socket* socket;
        Clock::time_point deadline = Clock::time_point::max();
        bool timed_out = false;
        bool stopped = false;
    };

    static void schedule(std::shared_ptr<State> state) {
        state->timer.expires_after(std::chrono::seconds(1));
        state->timer.async_wait([state](const boost::system::error_code& ec) mutable {
            if (ec || state->stopped) return;
            if (Clock::now() >= state->deadline) {
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
    explicit WriteState(const net::any_io_executor& executor) : wake(executor) {}
    WriteMemory memory;
    net::steady_timer wake;
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
    const net::const_buffer* first;
    const net::const_buffer* last;
    [[nodiscard]] const net::const_buffer* begin() const noexcept { return first; }
    [[nodiscard]] const net::const_buffer* end() const noexcept { return last; }
};

// Follows one ring for one client: turns ring lag and frame-number gaps into
// exact `lagged` notices (the skipped values add up to the gap the client
// sees), and applies the byte bound of the client's queue.
// A gap at the first frame after a Last-Event-ID, beyond what the ring
// reported lagging meanwhile, is a resume gap: frames the client asked for
// that are no longer retained, counted as dropped like ring lag.
template <class T>
struct Follower {
    using value_type = T;
    explicit Follower(std::string_view type) : type(type) {}
    std::string_view type;  // the event name on /events, and in its lag notices
    std::optional<stream::Subscriber<T>> sub;
    std::optional<std::uint64_t> last_sent;  // frame_number of the last frame sent
    bool closed = false;
    bool resuming = false;           // no frame sent yet since a Last-Event-ID
    std::uint64_t ring_skipped = 0;  // ring lag since the last frame sent
    std::size_t last_bytes = 0;      // size of the last event, to estimate the backlog
};

std::string make_headers(const std::vector<std::pair<std::string, std::string>>& extra) {
    std::string h =
        "HTTP/1.1 200 OK\r\n"
        "Server: acoustream\r\n"
        "Content-Type: text/event-stream\r\n"
        "Cache-Control: no-cache\r\n"
        "X-Accel-Buffering: no\r\n"
        "Connection: close\r\n";
    for (const auto& [name, value] : extra) h += name + ": " + value + "\r\n";
    h += "\r\n";
    return h;
}

}  // namespace

net::awaitable<void> run_sse(beast::tcp_stream& stream, SseRequest request,
                             std::vector<std::pair<std::string, std::string>> extra_headers,
                             SseEnvironment env) {
    auto& metrics = env.metrics;
    const auto& opts = env.ctx.options;
    if (request.head_only) {
        // HEAD: the stream's headers and no events (RFC 9110 section 9.3.2).
        const std::string head = make_headers(extra_headers);
        stream.expires_after(std::chrono::seconds(opts.write_timeout_secs));
        auto [ec, n] = co_await net::async_write(stream, net::buffer(head), use_tuple);
        if (!ec) {
            metrics.bytes_sent.fetch_add(n, std::memory_order_relaxed);
            metrics.sse_bytes_sent.fetch_add(n, std::memory_order_relaxed);
        }
        co_return;
    }
    metrics.sse_clients.fetch_add(1);
    metrics.sse_clients_total.fetch_add(1);
    struct ClientGuard {
        std::atomic<std::uint64_t>& n;
        ~ClientGuard() { n.fetch_sub(1); }
    } guard{metrics.sse_clients};

    const bool want_audio =
        request.kind == SseRequest::Kind::audio ||
        (request.kind == SseRequest::Kind::events && request.query.types.count("audio") != 0);
    const bool want_spectral =
        env.ctx.spectral != nullptr &&
        (request.kind == SseRequest::Kind::spectral ||
         (request.kind == SseRequest::Kind::events && request.query.types.count("spectral") != 0));
    const bool want_stats =
        request.kind == SseRequest::Kind::events && request.query.types.count("stats") != 0;
    const Framing framing =
        request.kind == SseRequest::Kind::events ? Framing::named : Framing::message;
    const AudioVariant audio_variant{request.query.encoding, request.query.decimate, framing};
    const SpectralVariant spectral_variant{request.query.spectral, framing};

    Follower<audio::AudioFrame> audio("audio");
    Follower<spectral::SpectralFrame> spectral("spectral");
    if (want_audio) {
        if (request.last_event_id)
            audio.sub.emplace(env.ctx.audio->subscribe_after(*request.last_event_id));
        else
            audio.sub.emplace(env.ctx.audio->subscribe());
    }
    if (want_spectral) {
        if (request.last_event_id) {
            const auto n = *request.last_event_id;
            spectral.sub.emplace(env.ctx.spectral->subscribe_first(
                [n](const spectral::SpectralFrame& f) { return f.frame_number > n; }));
        } else {
            spectral.sub.emplace(env.ctx.spectral->subscribe());
        }
    }
    // Every type resumes after the same id, so each announces its own gap.
    audio.last_sent = spectral.last_sent = request.last_event_id;
    audio.resuming = spectral.resuming = request.last_event_id.has_value();

    auto executor = co_await net::this_coro::executor;
    net::steady_timer timer(executor);

    std::vector<SharedBytes> batch;
    std::vector<net::const_buffer> buffers;
    std::size_t batch_bytes = 0;
    std::size_t batch_events = 0;
    auto push = [&](SharedBytes bytes) {
        batch_bytes += bytes->size();
        ++batch_events;
        buffers.emplace_back(net::buffer(*bytes));
        batch.push_back(std::move(bytes));
    };
    auto push_text = [&](std::string text) {
        push(std::make_shared<const std::string>(std::move(text)));
    };
    auto lag_notice = [&](std::uint64_t skipped, std::string_view type) {
        metrics.lag_notices.fetch_add(1, std::memory_order_relaxed);
        metrics.lagged_frames.fetch_add(skipped, std::memory_order_relaxed);
        push_text(
            framing == Framing::named
                ? encode::sse_event(encode::lagged_payload(skipped, type), std::nullopt, "lagged")
                : encode::sse_event(encode::lagged_payload(skipped)));
    };

    bool disconnect = false;
    // Drains one ring into the batch; sets `disconnect` when the client must
    // be dropped (disconnect policy).
    auto drain = [&](auto& f, auto&& encode_one) {
        if (!f.sub || f.closed) return;
        if (f.last_bytes > 0) {
            // Byte bound on what the client still has to receive.
            const std::uint64_t budget_frames =
                std::max<std::uint64_t>(1, opts.client_max_queue_bytes / f.last_bytes);
            if (f.sub->backlog() > budget_frames) {
                if (opts.disconnect_slow_clients) {
                    disconnect = true;
                    return;
                }
                f.ring_skipped += f.sub->skip_to_newest(budget_frames);
            }
        }
        while (batch_bytes < kMaxBatchBytes) {
            auto p = f.sub->poll();
            using Frame = typename std::decay_t<decltype(f)>::value_type;
            if (auto* item = std::get_if<std::shared_ptr<const Frame>>(&p)) {
                const auto& frame = **item;
                if (f.last_sent && frame.frame_number > *f.last_sent + 1) {
                    const std::uint64_t gap = frame.frame_number - *f.last_sent - 1;
                    if (f.resuming)
                        metrics.resume_gap_frames.fetch_add(gap - std::min(gap, f.ring_skipped),
                                                            std::memory_order_relaxed);
                    lag_notice(gap, f.type);
                }
                f.last_sent = frame.frame_number;
                f.resuming = false;
                f.ring_skipped = 0;
                SharedBytes bytes = encode_one(frame);
                f.last_bytes = bytes->size();
                push(std::move(bytes));
                continue;
            }
            if (const auto* lagged = std::get_if<stream::Lagged>(&p)) {
                f.ring_skipped += lagged->skipped;
                if (opts.disconnect_slow_clients) {
                    disconnect = true;
                    return;
                }
                continue;  // the gap is reported with the next frame
            }
            if (std::holds_alternative<stream::Closed>(p)) f.closed = true;
            return;  // Empty or Closed
        }
    };

    std::optional<Clock::time_point> token_deadline;
    if (request.token_expires_at > 0) {
        const auto remaining = request.token_expires_at - env.ctx.now_unix_secs();
        token_deadline = Clock::now() + std::chrono::seconds(std::max<std::int64_t>(0, remaining));
    }

    // The write deadline: write_timeout_secs, but a write held up by a client
    // that stopped reading must not keep the stream open past its token
    // (docs/api.md: closed within 5 s after exp). Returns whether the token bounds it.
    auto& socket = stream.socket();
    stream.expires_never();  // the header read's deadline does not apply to the stream
    WriteWatchdog watchdog(executor, socket);
    const auto write = std::make_shared<WriteState>(executor);  // once per stream
    auto arm_write_deadline = [&] {
        auto deadline = Clock::now() + std::chrono::seconds(opts.write_timeout_secs);
        const bool token_bound = token_deadline && *token_deadline + kExpiredWriteGrace < deadline;
        if (token_bound) deadline = *token_deadline + kExpiredWriteGrace;
        watchdog.begin(deadline);
        return token_bound;
    };
    auto after_write = [&](const boost::system::error_code& ec, std::size_t n, bool token_bound) {
        watchdog.end();
        metrics.bytes_sent.fetch_add(n, std::memory_order_relaxed);
        metrics.sse_bytes_sent.fetch_add(n, std::memory_order_relaxed);
        metrics.events_sent.fetch_add(batch_events, std::memory_order_relaxed);
        batch.clear();
        buffers.clear();
        batch_bytes = 0;
        batch_events = 0;
        if (ec && watchdog.timed_out() && !token_bound) metrics.write_timeouts.fetch_add(1);
        return !ec;
    };

    if (opts.socket_send_buffer_bytes > 0) {
        // Bound what a stalled client can park in the kernel: past this it
        // lags in the ring, visibly, instead of holding megabytes of socket
        // buffer (tcp_wmem autotuning goes to 4 MiB per socket).
        boost::system::error_code ignored;
        socket.set_option(
            net::socket_base::send_buffer_size(static_cast<int>(opts.socket_send_buffer_bytes)),
            ignored);
    }
    push_text(make_headers(extra_headers) + encode::sse_retry(opts.sse_retry_ms));
    --batch_events;

    const auto heartbeat_every = std::chrono::seconds(std::max(1u, opts.sse_timeout_secs));
    auto last_activity = Clock::now();  // last frame (or heartbeat) sent
    auto next_stats = Clock::now();
    env.ctx.logger->debug("sse stream opened ({} clients)", metrics.sse_clients.load());

    for (;;) {
        const std::size_t before = batch_events;
        drain(audio,
              [&](const audio::AudioFrame& f) { return env.encoded.audio(f, audio_variant); });
        drain(spectral, [&](const spectral::SpectralFrame& f) {
            return env.encoded.spectral(f, spectral_variant);
        });
        if (disconnect) {
            metrics.slow_client_disconnects.fetch_add(1);
            break;
        }
        const auto now = Clock::now();
        if (batch_events > before) last_activity = now;
        if (want_stats && now >= next_stats) {
            push_text(encode::sse_event(env.routes.stats().body, std::nullopt, "stats"));
            next_stats = now + std::chrono::seconds(1);
        }
        const bool expired = token_deadline && now >= *token_deadline;
        if (!expired && batch.empty()) {
            const bool audio_done = !audio.sub || audio.closed;
            const bool spectral_done = !spectral.sub || spectral.closed;
            if (audio_done && spectral_done &&
                (audio.sub || spectral.sub || env.ctx.audio->closed()))
                break;  // acquisition ended and every retained frame was sent
            if (opts.enable_heartbeats && now >= last_activity + heartbeat_every) {
                push_text(framing == Framing::named ? encode::sse_event(encode::kHeartbeatPayload,
                                                                        std::nullopt, "heartbeat")
                                                    : encode::sse_event(encode::kHeartbeatPayload));
                last_activity = now;
            }
        }
        if (!batch.empty()) {
            // The one write site, inline in the loop: no nested coroutine frame
            // per write (a heap allocation per client per frame otherwise).
            const bool token_bound = arm_write_deadline();
            write->done = false;
            write->wake.expires_at(Clock::time_point::max());
            net::async_write(socket, BufferSpan{buffers.data(), buffers.data() + buffers.size()},
                             WriteDone{write});
            while (!write->done) co_await write->wake.async_wait(use_tuple);
            if (!after_write(write->ec, write->bytes, token_bound) || expired) {
                if (expired) env.ctx.logger->debug("sse stream closed: token expired");
                break;
            }
            continue;
        }
        if (expired) {
            env.ctx.logger->debug("sse stream closed: token expired");
            break;
        }

        // Without heartbeats nothing is due on a timer but stats and expiry.
        auto wake_at =
            opts.enable_heartbeats ? last_activity + heartbeat_every : now + std::chrono::hours(24);
        if (want_stats) wake_at = std::min(wake_at, next_stats);
        if (token_deadline) wake_at = std::min(wake_at, *token_deadline);
        timer.expires_at(wake_at);
        // Parked in the wake lists of the rings it follows: the next publish
        // on one of them cancels the wait (drain() just saw them empty, and no
        // tick can run on this thread before the wait is pending). A stream
        // following no ring (stats only) still learns at once that the
        // acquisition ended, from the audio list.
        const bool on_audio = audio.sub ? !audio.closed : !spectral.sub;
        const bool on_spectral = spectral.sub && !spectral.closed;
        std::optional<WakeList::Parked> parked_audio, parked_spectral;
        if (on_audio) parked_audio.emplace(env.audio_wake, timer);
        if (on_spectral) parked_spectral.emplace(env.spectral_wake, timer);
        co_await timer.async_wait(use_tuple);
    }
    env.ctx.logger->debug("sse stream closed ({} clients left)", metrics.sse_clients.load() - 1);
}

}  // namespace acoustream::http
