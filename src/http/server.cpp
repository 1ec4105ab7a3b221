#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <thread>

#include "encode/sse_event.hpp"
#include "http/http_date.hpp"
#include "http/routes.hpp"
#include "http/sse_session.hpp"
#include "http/wake_list.hpp"
#include "platform/thread_tuning.hpp"

namespace acoustream::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using net::awaitable;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// One event loop: an io_context run by one thread, so its connections need
// no strand, and one wake list per ring of the idle streams that follow it
// (an audio-only stream is not woken by spectra). The wake lists are declared
// first so that they outlive the io_context (whose destruction destroys
// suspended streams, which unlink themselves from them).
struct EventLoop {
    EventLoop() {
        audio_wake.bind(ioc);
        spectral_wake.bind(ioc);
    }
    WakeList audio_wake;
    WakeList spectral_wake;
    net::io_context ioc{1};
    // Keeps run() going on loops that have no connection yet.
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    // Creates the loop's reactor (epoll, eventfd and timerfd descriptors) at
    // start, not at its first connection, so the server's fd count is flat
    // from the start and returns to it when clients leave.
    net::steady_timer reactor_ready{ioc};
    std::thread thread;
};

namespace {
// After an error answer to a request that was not read to its end, the client
// may still be sending: closing with unread input resets the connection, and
// the reset can destroy the answer before the client reads it. Close in
// stages instead (RFC 9112 section 9.6): half-close, then discard what comes
// until the client closes or a short while passes.
awaitable<void> linger_close(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) co_return;
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 4096> discard;
    for (;;) {
        auto [read_ec, n] = co_await stream.async_read_some(net::buffer(discard), use_tuple);
        if (read_ec) break;
    }
}
}  // namespace

struct HttpServer::Impl {
    explicit Impl(ServerContext context)
        : ctx(std::move(context)),
          encoded(ctx.audio ? ctx.audio->capacity() : 64),
          routes(ctx, metrics, encoded),
          loops(make_loops(ctx.options.threads)),
          acceptor(loops.front()->ioc) {
        if (!ctx.logger) ctx.logger = spdlog::default_logger();
        if (!ctx.now_unix_secs) {
            ctx.now_unix_secs = [] {
                return static_cast<std::int64_t>(
                    std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count());
            };
        }
    }

    static std::vector<std::unique_ptr<EventLoop>> make_loops(unsigned n) {
        std::vector<std::unique_ptr<EventLoop>> v;
        for (unsigned i = 0; i < std::max(1u, n); ++i) v.push_back(std::make_unique<EventLoop>());
        return v;
    }

    awaitable<void> accept_loop();
    awaitable<void> session(beast::tcp_stream stream, EventLoop& loop);
    awaitable<bool> serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                              EventLoop& loop);
    awaitable<void> answer_read_error(beast::tcp_stream& stream, boost::system::error_code ec,
                                      bool no_target);
    awaitable<void> refuse(beast::tcp_stream stream);
    awaitable<bool> write_response(beast::tcp_stream& stream, Response response,
                                   const RequestInfo* request, unsigned version, bool keep_alive,
                                   bool head);

    ServerContext ctx;
    Metrics metrics;
    EncodedStreams encoded;
    Routes routes;
    // Connections are spread over the loops round-robin at accept.
    std::vector<std::unique_ptr<EventLoop>> loops;
    tcp::acceptor acceptor;
    // Each publish notifies every loop once (declared after the loops so they
    // are removed from the rings first).
    std::vector<stream::Listener<audio::AudioFrame>> audio_listeners;
    std::vector<stream::Listener<spectral::SpectralFrame>> spectral_listeners;
    std::atomic<bool> stopping{false};
};

HttpServer::HttpServer(ServerContext context) : impl_(std::make_unique<Impl>(std::move(context))) {
    if (!impl_->ctx.audio) throw std::invalid_argument("HttpServer needs an audio stream");
    if (!impl_->ctx.verifier) throw std::invalid_argument("HttpServer needs a token verifier");
}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

const Metrics& HttpServer::metrics() const { return impl_->metrics; }

void HttpServer::pre_encode(const audio::AudioFrame& frame) {
    impl_->encoded.pre_encode_audio(frame);
}

void HttpServer::start() {
    auto& s = *impl_;
    boost::system::error_code ec;
    const auto address = net::ip::make_address(s.ctx.options.address, ec);
    if (ec)
        throw std::runtime_error("server.address: \"" + s.ctx.options.address +
                                 "\" is not an IP address (" + ec.message() + ")");
    const tcp::endpoint endpoint(address, s.ctx.options.port);
    // IPv6 addresses in brackets, as in a URL (RFC 3986): "[::1]:8080".
    const bool v6 = s.ctx.options.address.find(':') != std::string::npos;
    const std::string where = (v6 ? "[" + s.ctx.options.address + "]" : s.ctx.options.address) +
                              ":" + std::to_string(s.ctx.options.port);
    s.acceptor.open(endpoint.protocol(), ec);
    if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) s.acceptor.bind(endpoint, ec);
    if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());

    for (auto& loop : s.loops) {
        WakeList* audio_wake = &loop->audio_wake;
        WakeList* spectral_wake = &loop->spectral_wake;
        s.audio_listeners.push_back(
            s.ctx.audio->ring().listen([audio_wake] { audio_wake->notify(); }));
        if (s.ctx.spectral)
            s.spectral_listeners.push_back(
                s.ctx.spectral->listen([spectral_wake] { spectral_wake->notify(); }));
    }
    net::co_spawn(s.loops.front()->ioc, s.accept_loop(), net::detached);
    for (std::size_t i = 0; i < s.loops.size(); ++i)
        s.loops[i]->thread = std::thread([&ioc = s.loops[i]->ioc, i] {
            platform::name_this_thread(("http-" + std::to_string(i)).c_str());
            ioc.run();
        });
}

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::stop(std::chrono::milliseconds grace) {
    auto& s = *impl_;
    if (s.stopping.exchange(true)) return;
    net::post(s.loops.front()->ioc, [&s] {
        boost::system::error_code ignored;
        s.acceptor.close(ignored);
    });
    // Streams end by themselves once the hubs are closed; connections that
    // stop closing for a while are stuck (a write to a client that stopped
    // reading, an idle keep-alive), so waiting the whole grace for them would
    // only delay the exit (docs/api.md: exit within 2 s of SIGTERM).
    constexpr auto kSettle = std::chrono::milliseconds(250);
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + grace;
    auto last_change = start;
    auto last_open = s.metrics.connections_open.load();
    while (last_open > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        const auto now = std::chrono::steady_clock::now();
        const auto open = s.metrics.connections_open.load();
        if (open != last_open) {
            last_open = open;
            last_change = now;
        }
        if (now >= deadline || now - last_change >= kSettle) break;
    }
    s.audio_listeners.clear();
    s.spectral_listeners.clear();
    for (auto& loop : s.loops) loop->ioc.stop();
    for (auto& loop : s.loops)
        if (loop->thread.joinable()) loop->thread.join();
}

awaitable<void> HttpServer::Impl::accept_loop() {
    std::size_t next_loop = 0;
    for (;;) {
        EventLoop& loop = *loops[next_loop];
        auto [ec, socket] = co_await acceptor.async_accept(loop.ioc, use_tuple);
        if (ec) {
            if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
            ctx.logger->warn("accept failed: {}", ec.message());
            if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
                // Out of file descriptors: pause instead of spinning.
                net::steady_timer pause(loops.front()->ioc, std::chrono::milliseconds(100));
                co_await pause.async_wait(use_tuple);
            }
            continue;
        }
        next_loop = (next_loop + 1) % loops.size();
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        beast::tcp_stream stream(std::move(socket));
        if (metrics.connections_open.load() >= ctx.options.max_connections) {
            metrics.connections_rejected.fetch_add(1);
            net::co_spawn(stream.get_executor(), refuse(std::move(stream)), net::detached);
            continue;
        }
        auto executor = stream.get_executor();
        net::co_spawn(executor, session(std::move(stream), loop), net::detached);
    }
}

awaitable<void> HttpServer::Impl::refuse(beast::tcp_stream stream) {
    Response r = json_error(503, "too_many_connections",
                            "the server is at server.max_connections; try again later");
    r.header("Retry-After", "1");
    co_await write_response(stream, std::move(r), nullptr, 11, false, false);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

awaitable<bool> HttpServer::Impl::write_response(beast::tcp_stream& stream, Response response,
                                                 const RequestInfo* request, unsigned version,
                                                 bool keep_alive, bool head) {
    if (request) routes.add_cors(*request, response);
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), version};
    res.set(bhttp::field::server, "acoustream");
    res.set(bhttp::field::date, http_date(ctx.now_unix_secs()));
    if (!response.content_type.empty()) res.set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res.insert(name, value);
    const std::size_t body_size = response.body.size();
    if (!head) res.body() = std::move(response.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    if (head) res.content_length(body_size);
    stream.expires_after(std::chrono::seconds(ctx.options.write_timeout_secs));
    bhttp::serializer<false, bhttp::string_body> sr{res};
    if (head) sr.split(true);
    auto [ec, n] = head ? co_await bhttp::async_write_header(stream, sr, use_tuple)
                        : co_await bhttp::async_write(stream, sr, use_tuple);
    if (!ec) metrics.bytes_sent.fetch_add(n, std::memory_order_relaxed);
    co_return !ec;
}

namespace {

// Why a request that parsed must still be refused with 400 before routing,
// or nullopt. RFC 9112 section 3.2: an HTTP/1.1 request needs exactly one
// valid Host.
std::optional<std::string> request_problem(const bhttp::request_parser<bhttp::empty_body>& parser,
                                           const RequestInfo& info) {
    const auto& req = parser.get();
    const auto hosts = req.count(bhttp::field::host);
    if (hosts > 1) return "more than one Host header";
    if (hosts == 1 && !valid_host(req[bhttp::field::host]))
        return "the Host header is not a host[:port]";
    if (hosts == 0 && req.version() >= 11) return "an HTTP/1.1 request needs a Host header";
    if (has_control_byte(info.path)) return "the request path contains a control byte";
    if (info.path == "*" && req.method() != bhttp::verb::options)
        return "the target \"*\" is for OPTIONS only";
    return std::nullopt;
}

}  // namespace

// Reads one request's header and answers it, or starts its stream. Returns
// whether the connection can take another request.
awaitable<bool> HttpServer::Impl::serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                            EventLoop& loop) {
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(ctx.options.max_header_bytes));
    stream.expires_after(std::chrono::seconds(ctx.options.header_timeout_secs));
    // The header only: route and method decide a request's fate before any body.
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
    if (ec) {
        co_await answer_read_error(stream, ec, parser.get().target().empty());
        co_return false;
    }
    const auto& req = parser.get();
    const bool head = req.method() == bhttp::verb::head;
    // A body that follows is never read; the connection ends after the answer.
    const bool has_body = !parser.is_done();
    auto parsed = parse_target(std::string_view(req.target().data(), req.target().size()));
    std::optional<std::string> problem;
    if (!parsed) problem = "malformed request target";
    if (!problem) problem = request_problem(parser, *parsed);
    if (problem) {
        co_await write_response(stream, json_error(400, "bad_request", *problem), nullptr,
                                req.version(), false, false);
        co_await linger_close(stream);
        co_return false;
    }
    RequestInfo& info = *parsed;
    info.method = std::string(req.method_string());
    auto header = [&](auto field) -> std::optional<std::string> {
        auto it = req.find(field);
        if (it == req.end()) return std::nullopt;
        return std::string(it->value());
    };
    info.authorization = header(bhttp::field::authorization);
    info.origin = header(bhttp::field::origin);
    info.last_event_id = header("Last-Event-ID");
    info.preflight_method = header(bhttp::field::access_control_request_method);
    ctx.logger->debug("{} {}", info.method, info.target_for_log);

    if (has_body && routes.method_allowed(info.method)) {
        co_await write_response(
            stream,
            json_error(400, "body_not_allowed", info.method + " requests take no request body"),
            &info, req.version(), false, false);
        co_await linger_close(stream);
        co_return false;
    }
    auto result = routes.route(info);
    if (auto* response = std::get_if<Response>(&result)) {
        const bool keep_alive = req.keep_alive() && !stopping.load() && !has_body;
        const bool ok = co_await write_response(stream, std::move(*response), &info, req.version(),
                                                keep_alive, head);
        if (ok && has_body) co_await linger_close(stream);
        co_return ok&& keep_alive;
    }
    Response headers;  // CORS headers for the stream, if any
    routes.add_cors(info, headers);
    headers.header("Date", http_date(ctx.now_unix_secs()));
    std::get<SseRequest>(result).head_only = head;
    co_await run_sse_session(
        stream, std::get<SseRequest>(std::move(result)), headers.headers,
        SseEnvironment{ctx, metrics, encoded, routes, loop.audio_wake, loop.spectral_wake});
    co_return false;
}

// The answer to a request whose header could not be read, if it gets one
// (a client that went away or timed out gets none).
awaitable<void> HttpServer::Impl::answer_read_error(beast::tcp_stream& stream,
                                                    boost::system::error_code ec, bool no_target) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof)
        co_return;
    Response r = json_error(400, "bad_request", "malformed HTTP request: " + ec.message());
    if (ec == bhttp::error::header_limit) {
        const std::string limit =
            " server.max_header_bytes (" + std::to_string(ctx.options.max_header_bytes) + " bytes)";
        // No target parsed: the request line alone is past the limit (RFC 9110: 414).
        r = no_target ? json_error(414, "uri_too_long", "the request target exceeds" + limit)
                      : json_error(431, "header_too_large", "request headers exceed" + limit);
    }
    co_await write_response(stream, std::move(r), nullptr, 11, false, false);
    co_await linger_close(stream);
}

awaitable<void> HttpServer::Impl::session(beast::tcp_stream stream, EventLoop& loop) {
    metrics.connections_open.fetch_add(1);
    struct Guard {
        std::atomic<std::uint64_t>& open;
        ~Guard() { open.fetch_sub(1); }
    } guard{metrics.connections_open};

    beast::flat_buffer buffer;
    while (co_await serve_one(stream, buffer, loop)) {
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
}

}  // namespace acoustream::http
