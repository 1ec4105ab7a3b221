#include "loadgen/sse_client.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <optional>

namespace acoustream::loadgen {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::string make_request(const Options& o, std::optional<std::uint64_t> last_event_id = {}) {
    std::string target = o.path;
    if (o.query_token && !o.token.empty())
        target += (target.find('?') == std::string::npos ? "?" : "&") + ("access_token=" + o.token);
    std::string r = "GET " + target + " HTTP/1.1\r\nHost: " + o.host + ":" +
                    std::to_string(o.port) + "\r\nAccept: text/event-stream\r\n";
    if (!o.query_token && !o.token.empty()) r += "Authorization: Bearer " + o.token + "\r\n";
    if (last_event_id) r += "Last-Event-ID: " + std::to_string(*last_event_id) + "\r\n";
    if (o.gzip) r += "Accept-Encoding: gzip\r\n";
    r += "\r\n";
    return r;
}

double wall_ms() {
    using namespace std::chrono;
    return static_cast<double>(
               duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) /
           1000.0;
}

// The receive timestamp recvmsg() attached, in Unix ms; 0 when there is none.
double kernel_receipt_ms(msghdr& msg) {
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
            timespec ts{};
            std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
            return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
        }
    }
    return 0;
}

}  // namespace

SseClient::SseClient(Shard& shard, const Options& options, Control& control, tcp::endpoint endpoint,
                     bool slow, std::uint32_t index)
    : shard_(shard),
      options_(options),
      control_(control),
      endpoint_(endpoint),
      socket_(shard.ioc),
      pace_(shard.ioc),
      request_(make_request(options)),
      buffer_(new char[options.read_buffer]),
      read_size_(options.read_buffer),
      parser_(&shard.segments),
      index_(index) {
    tally_.slow = slow;
    if (slow && options.slow_rate > 0) {
        // Small reads spread over time: ~10 reads a second at the set rate.
        read_size_ = std::clamp<std::size_t>(static_cast<std::size_t>(options.slow_rate / 10), 512,
                                             options.read_buffer);
    }
}

void SseClient::start() {
    socket_.async_connect(endpoint_, [this, g = generation_](const boost::system::error_code& ec) {
        if (!stale(g)) on_connect(ec);
    });
}

void SseClient::reconnect() {
    ++generation_;
    boost::system::error_code ignored;
    socket_.close(ignored);
    pace_.cancel();
    socket_ = tcp::socket(shard_.ioc);
    parser_ = SseParser{&shard_.segments};
    request_ =
        make_request(options_, tally_.has_frame ? std::optional(tally_.last_frame) : std::nullopt);
    tally_.connected = false;
    tally_.ended = false;
    ++tally_.reconnects;
    ++shard_.interval.reconnects;
    start();
}

void SseClient::fail(std::uint64_t Errors::*counter, const std::string& message) {
    ++(shard_.errors.*counter);
    ++shard_.interval.errors;
    shard_.errors.note(message);
    tally_.ended = true;
    if (!reported_ready_) {
        reported_ready_ = true;
        control_.failed.fetch_add(1);
    }
    boost::system::error_code ignored;
    socket_.close(ignored);
}

void SseClient::on_connect(const boost::system::error_code& ec) {
    if (ec) {
        fail(&Errors::connect, "connect: " + ec.message());
        return;
    }
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    const int on = 1;  // kernel receive timestamps; without them kernel_latency stays empty
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
    net::async_write(socket_, net::buffer(request_),
                     [this, g = generation_](const boost::system::error_code& wec, std::size_t) {
                         if (stale(g)) return;
                         if (wec) {
                             fail(&Errors::connect, "send request: " + wec.message());
                             return;
                         }
                         if (tally_.slow && options_.slow_rate == 0) {
                             // A client that never reads: the server's
                             // queue bounds are what keeps its memory finite.
                             if (!reported_ready_) control_.ready.fetch_add(1);
                             reported_ready_ = true;
                             return;
                         }
                         read();
                     });
}

void SseClient::read() {
    socket_.async_wait(tcp::socket::wait_read,
                       [this, g = generation_](const boost::system::error_code& ec) {
                           if (!stale(g)) on_readable(ec);
                       });
}

void SseClient::on_readable(const boost::system::error_code& ec) {
    if (ec) {
        on_read(ec, 0, 0);
        return;
    }
    iovec iov{buffer_.get(), read_size_};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(socket_.native_handle(), &msg, MSG_DONTWAIT);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            read();  // readiness without data (spurious): wait again
            return;
        }
        on_read(boost::system::error_code(errno, boost::system::system_category()), 0, 0);
        return;
    }
    if (n == 0) {
        on_read(net::error::eof, 0, 0);
        return;
    }
    on_read({}, static_cast<std::size_t>(n), kernel_receipt_ms(msg));
}

void SseClient::count_event(const SseEvent& event, double now_ms, double kernel_ms,
                            bool measuring) {
    switch (event.kind) {
        case SseEvent::Kind::frame: {
            const auto number = event.frame_number ? event.frame_number : event.id;
            if (number) {
                if (tally_.has_frame && *number > tally_.last_frame + 1 && measuring) {
                    ++tally_.gaps;
                    tally_.missing += *number - tally_.last_frame - 1;
                    ++shard_.interval.gaps;
                    shard_.interval.missing += *number - tally_.last_frame - 1;
                }
                if (!tally_.has_frame || *number > tally_.last_frame) tally_.last_frame = *number;
                tally_.has_frame = true;
            }
            if (measuring) {
                ++tally_.frames;
                const auto stamp = static_cast<double>(*event.timestamp_ms);
                const double latency = now_ms - stamp;
                shard_.latency.add(latency);
                if (kernel_ms > 0) shard_.kernel_latency.add(kernel_ms - stamp);
                if (!options_.trace.empty())
                    shard_.trace.push_back(
                        {index_, number.value_or(0), *event.timestamp_ms, now_ms, kernel_ms});
                ++shard_.interval.frames;
                // The one interval count that costs more than an increment.
                if (options_.report_every_s > 0) shard_.interval.latency.add(latency);
            }
            break;
        }
        case SseEvent::Kind::lagged:
            if (measuring) {
                ++tally_.lag_messages;
                tally_.lag_skipped += event.skipped;
                ++shard_.interval.lag_messages;
                shard_.interval.lag_skipped += event.skipped;
            }
            break;
        case SseEvent::Kind::heartbeat:
            if (measuring) ++tally_.heartbeats;
            break;
        case SseEvent::Kind::other:
            if (measuring) ++tally_.other_events;
            break;
    }
}

void SseClient::on_read(const boost::system::error_code& ec, std::size_t n, double kernel_ms) {
    const bool measuring = control_.measuring.load(std::memory_order_relaxed);
    if (ec) {
        if (ec == net::error::operation_aborted) return;
        if (measuring || !reported_ready_) {
            fail(&Errors::read, ec == net::error::eof ? "read: the server closed the stream"
                                                      : "read: " + ec.message());
        } else {
            tally_.ended = true;
        }
        return;
    }
    const double now_ms = measuring ? wall_ms() : 0;
    if (measuring) {
        tally_.bytes += n;
        shard_.interval.bytes += n;
    }
    const bool ok = parser_.feed(std::string_view(buffer_.get(), n), [&](const SseEvent& e) {
        count_event(e, now_ms, kernel_ms, measuring);
    });
    if (!ok) {
        if (parser_.status() == SseParser::Status::bad_status)
            fail(&Errors::http_status, "HTTP status " + std::to_string(parser_.http_status()));
        else
            fail(&Errors::protocol, parser_.status() == SseParser::Status::bad_chunk
                                        ? "malformed chunked body"
                                        : "malformed HTTP response head");
        return;
    }
    if (parser_.head_done() && !tally_.connected) {
        tally_.connected = true;
        if (!reported_ready_) control_.ready.fetch_add(1);
        reported_ready_ = true;
    }
    if (tally_.slow && options_.slow_rate > 0) {
        pace_.expires_after(std::chrono::microseconds(
            static_cast<std::int64_t>(static_cast<double>(n) / options_.slow_rate * 1e6)));
        pace_.async_wait([this, g = generation_](const boost::system::error_code& wec) {
            if (!wec && !stale(g)) read();
        });
        return;
    }
    read();
}

}  // namespace acoustream::loadgen
