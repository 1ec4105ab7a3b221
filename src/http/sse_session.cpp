#include "http/sse_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <memory>
#include <optional>

#include "encode/sse_event.hpp"
#include "http/degrade_controller.hpp"
#include "http/frame_follower.hpp"
#include "http/stream_schedule.hpp"
#include "http/write_kit.hpp"

namespace acoustream::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

namespace {

// Most bytes gathered into one write: big enough to catch up a lagging
// client in few syscalls, small enough to keep per-write latency low.
constexpr std::size_t kMaxBatchBytes = 1u << 20;

std::string make_headers(const Headers& extra, encode::ContentCoding coding) {
    std::string h =
        "HTTP/1.1 200 OK\r\n"
        "Server: acoustream\r\n"
        "Content-Type: text/event-stream\r\n"
        "Cache-Control: no-cache\r\n"
        "X-Accel-Buffering: no\r\n"
        "Vary: Accept-Encoding\r\n"
        "Connection: close\r\n";
    if (coding != encode::ContentCoding::identity) {
        h += "Content-Encoding: ";
        h += encode::to_string(coding);
        h += "\r\n";
    }
    for (const auto& [name, value] : extra) h += name + ": " + value + "\r\n";
    h += "\r\n";
    return h;
}

bool wants(const SseRequest& request, SseRequest::Kind kind, const char* type) {
    return request.kind == kind ||
           (request.kind == SseRequest::Kind::events && request.query.types.count(type) != 0);
}

// One open stream: what it follows, its batch of shared event bytes and its
// schedule. Lives in its coroutine's frame on the connection's loop thread.
class SseSession {
public:
    SseSession(beast::tcp_stream& stream, const SseRequest& request, SseEnvironment env)
        : env_(env),
          opts_(env.ctx.options),
          socket_(stream.socket()),
          framing_(request.kind == SseRequest::Kind::events ? Framing::named : Framing::message),
          coding_(request.coding),
          audio_variant_{request.query.encoding, request.query.decimate, framing_},
          spectral_variant_{request.query.spectral, framing_},
          requested_decimate_(request.query.decimate),
          schedule_(Clock::now(), schedule_options(request, env)) {
        FollowerOptions follow{opts_.client_max_queue_bytes, opts_.disconnect_slow_clients};
        if (request.query.max_fps)
            follow.min_interval = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::duration<double>(1.0 / *request.query.max_fps));
        if (wants(request, SseRequest::Kind::audio, "audio")) {
            audio_.emplace(env.ctx.audio->ring(), request.last_event_id, follow);
            if (opts_.degrade_slow_clients)
                degrade_.emplace(DegradeController::Options{opts_.client_max_queue_bytes,
                                                            opts_.max_degrade_decimate});
        }
        if (env.ctx.spectral && wants(request, SseRequest::Kind::spectral, "spectral"))
            spectral_.emplace(*env.ctx.spectral, request.last_event_id, follow);
    }

    net::awaitable<void> run(const Headers& extra_headers);
    // For the access log's closing line.
    [[nodiscard]] std::uint64_t frames_sent() const noexcept { return frames_sent_; }
    [[nodiscard]] std::uint64_t bytes_sent() const noexcept { return sent_bytes_; }
    [[nodiscard]] const char* end_reason() const noexcept { return end_reason_; }

private:
    static StreamSchedule::Options schedule_options(const SseRequest& request,
                                                    const SseEnvironment& env) {
        const auto& o = env.ctx.options;
        StreamSchedule::Options s;
        s.heartbeats = o.enable_heartbeats;
        s.heartbeat_every = std::chrono::seconds(std::max(1u, o.sse_timeout_secs));
        s.stats = request.kind == SseRequest::Kind::events && request.query.types.count("stats");
        s.write_timeout = std::chrono::seconds(o.write_timeout_secs);
        if (request.token_expires_at > 0)
            s.token_deadline = StreamSchedule::token_deadline(
                Clock::now(), request.token_expires_at, env.ctx.now_unix_secs());
        return s;
    }

    void start(const Headers& extra_headers);
    bool drain_rings();
    template <class Frame, class Encode>
    bool drain(std::optional<FrameFollower<Frame>>& follower, std::string_view type,
               Encode&& encode_one);
    void adapt_resolution(Clock::time_point now);
    [[nodiscard]] Clock::time_point wake_at(Clock::time_point now) const;
    void queue_timed_events(Clock::time_point now, bool expired);
    [[nodiscard]] bool acquisition_over() const;
    // Queues a shared event (a frame's bytes, compressed once for every
    // client when the stream is); returns the bytes it puts on the wire.
    std::size_t push(const SharedBytes& bytes);
    // Queues an event of this stream alone (compressed here when the stream is).
    void push_text(std::string text);
    void push_raw(SharedBytes bytes);
    net::awaitable<void> end_coding();
    void push_control(std::string_view payload, const char* name);
    bool finish_write(bool token_bound, WriteWatchdog& watchdog);

    SseEnvironment env_;
    const HttpOptions& opts_;
    net::ip::tcp::socket& socket_;
    const Framing framing_;
    const encode::ContentCoding coding_;
    encode::StreamChecksum checksum_;  // of every event sent, for the stream's trailer
    bool ended_ = false;               // ended by the server: the trailer is due
    std::uint64_t sent_bytes_ = 0;     // written to this client so far (stats events say it)
    std::uint64_t frames_sent_ = 0;    // frame and spectrum events queued
    const char* end_reason_ = "client_gone";
    AudioVariant audio_variant_;  // its decimate moves under the degrade policy
    const SpectralVariant spectral_variant_;
    const unsigned requested_decimate_;
    std::optional<DegradeController> degrade_;
    StreamSchedule schedule_;
    std::optional<FrameFollower<audio::AudioFrame>> audio_;
    std::optional<FrameFollower<spectral::SpectralFrame>> spectral_;
    std::vector<SharedBytes> batch_;
    std::vector<net::const_buffer> buffers_;
    std::size_t batch_bytes_ = 0;
    std::size_t batch_events_ = 0;  // events in the batch (the stream's headers are none)
    std::shared_ptr<WriteState> write_;
};

// The loop: queue what is due, write it, or park until a ring or the
// schedule wakes the stream. The write and the wait stay inline here: a
// nested coroutine per write or wait would be a heap allocation per delivery.
net::awaitable<void> SseSession::run(const Headers& extra_headers) {
    auto executor = co_await net::this_coro::executor;
    net::steady_timer timer(executor);
    write_ = std::make_shared<WriteState>(executor);
    WriteWatchdog watchdog(executor, socket_);
    start(extra_headers);
    for (;;) {
        const std::size_t before = batch_events_;
        if (!drain_rings()) {
            env_.metrics.slow_client_disconnects.fetch_add(1);
            end_reason_ = "slow_client";
            break;
        }
        const auto now = Clock::now();
        if (batch_events_ > before) schedule_.activity(now);
        const bool expired = schedule_.expired(now);
        if (!expired && batch_.empty() && acquisition_over()) {  // retained frames all sent
            ended_ = true;
            end_reason_ = "acquisition_ended";
            break;
        }
        queue_timed_events(now, expired);
        if (!batch_.empty()) {
            const auto deadline = schedule_.write_deadline(Clock::now());
            watchdog.begin(deadline.at);
            write_->done = false;
            write_->wake.expires_at(Clock::time_point::max());
            net::async_write(socket_,
                             BufferSpan{buffers_.data(), buffers_.data() + buffers_.size()},
                             WriteDone{write_});
            while (!write_->done) co_await write_->wake.async_wait(use_tuple);
            if (!finish_write(deadline.token_bound, watchdog)) {
                if (watchdog.timed_out()) end_reason_ = "write_timeout";
                break;
            }
            if (expired) {
                ended_ = true;
                end_reason_ = "token_expired";
                break;
            }
            continue;
        }
        if (expired) {
            ended_ = true;
            end_reason_ = "token_expired";
            break;
        }
        // Parked in the wake lists of the rings it follows: the next publish
        // cancels the wait (drain_rings() just saw them empty, and no tick can
        // run on this thread before the wait is pending). A stream following
        // no ring (stats only) still learns at once that acquisition ended,
        // from the audio list.
        timer.expires_at(wake_at(now));
        const bool on_audio = audio_ ? !audio_->closed() : !spectral_;
        const bool on_spectral = spectral_ && !spectral_->closed();
        std::optional<WakeList::Parked> parked_audio, parked_spectral;
        if (on_audio) parked_audio.emplace(env_.audio_wake, timer);
        if (on_spectral) parked_spectral.emplace(env_.spectral_wake, timer);
        co_await timer.async_wait(use_tuple);
    }
    if (ended_ && coding_ != encode::ContentCoding::identity) co_await end_coding();
    if (schedule_.expired(Clock::now())) env_.ctx.logger->debug("sse stream closed: token expired");
}

// The compressed stream's last bytes (final block, checksum, length), so a
// client sees a complete gzip or zlib stream when the server ends it.
net::awaitable<void> SseSession::end_coding() {
    const std::string trailer = encode::stream_trailer(coding_, checksum_);
    auto [ec, n] = co_await net::async_write(socket_, net::buffer(trailer), use_tuple);
    if (!ec) {
        env_.metrics.bytes_sent.fetch_add(n, std::memory_order_relaxed);
        env_.metrics.sse_bytes_sent.fetch_add(n, std::memory_order_relaxed);
    }
}

void SseSession::start(const Headers& extra_headers) {
    if (opts_.socket_send_buffer_bytes > 0) {
        // Why it is bounded: streaming.socket_send_buffer_bytes in config/config.hpp.
        boost::system::error_code ignored;
        socket_.set_option(
            net::socket_base::send_buffer_size(static_cast<int>(opts_.socket_send_buffer_bytes)),
            ignored);
    }
    push_raw(std::make_shared<const std::string>(make_headers(extra_headers, coding_) +
                                                 encode::stream_header(coding_)));
    push_text(encode::sse_retry(opts_.sse_retry_ms));
    batch_events_ = 0;  // the headers and retry are not an event
    env_.ctx.logger->debug("sse stream opened ({} clients)", env_.metrics.sse_clients.load());
}

// The schedule's next timed event, or sooner when a rate-limited follower
// holds a frame that falls due.
Clock::time_point SseSession::wake_at(Clock::time_point now) const {
    auto at = schedule_.wake_at(now);
    if (audio_)
        if (auto held = audio_->held_until()) at = std::min(at, *held);
    if (spectral_)
        if (auto held = spectral_->held_until()) at = std::min(at, *held);
    return at;
}

// The degrade policy: a new audio decimation, announced before the frames
// that use it.
void SseSession::adapt_resolution(Clock::time_point now) {
    if (!degrade_ || !audio_) return;
    const auto factor = degrade_->update(audio_->queued_bytes(), audio_->backlog(), now);
    if (!factor) return;
    const unsigned before = audio_variant_.decimate;
    const std::uint64_t wanted = std::uint64_t{requested_decimate_} * *factor;
    audio_variant_.decimate =
        static_cast<unsigned>(std::min<std::uint64_t>(wanted, encode::kMaxDecimate));
    if (audio_variant_.decimate == before) return;
    auto& counter = audio_variant_.decimate > before ? env_.metrics.degrade_coarser
                                                     : env_.metrics.degrade_finer;
    counter.fetch_add(1, std::memory_order_relaxed);
    push_control(encode::resolution_payload(audio_variant_.decimate), "resolution");
}

// False when the slow-client policy closes the stream.
bool SseSession::drain_rings() {
    adapt_resolution(Clock::now());
    return drain(audio_, "audio",
                 [&](const audio::AudioFrame& f) {
                     if (degrade_) degrade_->sent();
                     return env_.encoded.audio(f, audio_variant_);
                 }) &&
           drain(spectral_, "spectral", [&](const spectral::SpectralFrame& f) {
               return env_.encoded.spectral(f, spectral_variant_);
           });
}

template <class Frame, class Encode>
bool SseSession::drain(std::optional<FrameFollower<Frame>>& follower, std::string_view type,
                       Encode&& encode_one) {
    if (!follower || follower->closed()) return true;
    if (!follower->within_budget()) return false;
    while (batch_bytes_ < kMaxBatchBytes) {
        auto step = follower->next();
        using Kind = typename FrameFollower<Frame>::Step::Kind;
        if (step.kind == Kind::disconnect) return false;
        if (step.kind != Kind::frame) return true;
        if (step.skipped > 0) {
            auto& m = env_.metrics;
            m.lag_notices.fetch_add(1, std::memory_order_relaxed);
            m.lagged_frames.fetch_add(step.skipped, std::memory_order_relaxed);
            m.resume_gap_frames.fetch_add(step.resume_gap, std::memory_order_relaxed);
            push_text(framing_ == Framing::named
                          ? encode::sse_event(encode::lagged_payload(step.skipped, type),
                                              std::nullopt, "lagged")
                          : encode::sse_event(encode::lagged_payload(step.skipped)));
        }
        follower->sent(push(encode_one(*step.frame)));
        ++frames_sent_;
    }
    return true;
}

void SseSession::queue_timed_events(Clock::time_point now, bool expired) {
    if (schedule_.take_stats(now)) {
        // The shared statistics, plus what this stream has put on the wire
        // (a client's own bytes/s, compressed when the stream is).
        std::string body = env_.routes.stats().body;
        if (!body.empty() && body.back() == '}') {
            body.pop_back();
            body += ",\"stream_bytes_sent\":";
            body += std::to_string(sent_bytes_);
            body.push_back('}');
        }
        push_text(encode::sse_event(body, std::nullopt, "stats"));
    }
    if (!expired && batch_.empty() && schedule_.take_heartbeat(now))
        push_control(encode::kHeartbeatPayload, "heartbeat");
}

// Acquisition ended and every retained frame was sent.
bool SseSession::acquisition_over() const {
    const bool audio_done = !audio_ || audio_->closed();
    const bool spectral_done = !spectral_ || spectral_->closed();
    return audio_done && spectral_done && (audio_ || spectral_ || env_.ctx.audio->closed());
}

void SseSession::push_raw(SharedBytes bytes) {
    batch_bytes_ += bytes->size();
    ++batch_events_;
    buffers_.emplace_back(net::buffer(*bytes));
    batch_.push_back(std::move(bytes));
}

std::size_t SseSession::push(const SharedBytes& bytes) {
    if (coding_ == encode::ContentCoding::identity) {
        push_raw(bytes);
        return bytes->size();
    }
    SharedEvent event = env_.compressed.get(bytes);
    checksum_.add(*event);
    // Aliasing pointer: the segment lives as long as the shared event.
    SharedBytes segment(event, &event->segment);
    push_raw(segment);
    return segment->size();
}

void SseSession::push_text(std::string text) {
    if (coding_ == encode::ContentCoding::identity) {
        push_raw(std::make_shared<const std::string>(std::move(text)));
        return;
    }
    auto event = std::make_shared<const encode::CompressedEvent>(encode::compress_event(text));
    checksum_.add(*event);
    push_raw(SharedBytes(event, &event->segment));
}

void SseSession::push_control(std::string_view payload, const char* name) {
    push_text(framing_ == Framing::named ? encode::sse_event(payload, std::nullopt, name)
                                         : encode::sse_event(payload));
}

// Counts the finished write and empties the batch; false when it failed.
bool SseSession::finish_write(bool token_bound, WriteWatchdog& watchdog) {
    watchdog.end();
    auto& m = env_.metrics;
    m.bytes_sent.fetch_add(write_->bytes, std::memory_order_relaxed);
    m.sse_bytes_sent.fetch_add(write_->bytes, std::memory_order_relaxed);
    sent_bytes_ += write_->bytes;
    m.events_sent.fetch_add(batch_events_, std::memory_order_relaxed);
    batch_.clear();
    buffers_.clear();
    batch_bytes_ = 0;
    batch_events_ = 0;
    if (write_->ec && watchdog.timed_out() && !token_bound) m.write_timeouts.fetch_add(1);
    return !write_->ec;
}

}  // namespace

net::awaitable<void> run_sse_session(beast::tcp_stream& stream, SseRequest request,
                                     Headers extra_headers, SseEnvironment env) {
    auto& metrics = env.metrics;
    if (request.head_only) {
        // HEAD: the stream's headers and no events (RFC 9110 section 9.3.2).
        const std::string head = make_headers(extra_headers, request.coding);
        stream.expires_after(std::chrono::seconds(env.ctx.options.write_timeout_secs));
        auto [ec, n] = co_await net::async_write(stream, net::buffer(head), use_tuple);
        if (!ec) {
            metrics.bytes_sent.fetch_add(n, std::memory_order_relaxed);
            metrics.sse_bytes_sent.fetch_add(n, std::memory_order_relaxed);
        }
        if (env.ctx.options.access_log) {
            AccessRecord head_access = request.access;
            head_access.bytes = ec ? 0 : n;
            env.ctx.logger->info("access {}",
                                 access_line(head_access, std::chrono::steady_clock::now()));
        }
        co_return;
    }
    metrics.sse_clients.fetch_add(1);
    metrics.sse_clients_total.fetch_add(1);
    struct ClientGuard {
        std::atomic<std::uint64_t>& n;
        ~ClientGuard() { n.fetch_sub(1); }
    } guard{metrics.sse_clients};
    stream.expires_never();  // the header read's deadline does not apply to the stream
    const bool access_log = env.ctx.options.access_log;
    if (access_log)
        env.ctx.logger->info("access {} stream=open",
                             access_line(request.access, std::chrono::steady_clock::now()));
    SseSession session(stream, request, env);
    co_await session.run(extra_headers);
    if (access_log) {
        AccessRecord closed = request.access;
        closed.bytes = session.bytes_sent();
        env.ctx.logger->info("access {}",
                             stream_closed_line(closed, std::chrono::steady_clock::now(),
                                                session.frames_sent(), session.end_reason()));
    }
    env.ctx.logger->debug("sse stream closed ({} clients left)", metrics.sse_clients.load() - 1);
}

}  // namespace acoustream::http
