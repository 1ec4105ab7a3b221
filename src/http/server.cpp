#include "http/server.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
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
          // Every retained frame in a few variants of each stream type.
          compressed(8 * (ctx.audio ? ctx.audio->capacity() : 64), metrics.event_compressions),
          routes(ctx, metrics, encoded),
          loops(make_loops(ctx.options.threads)),
          acceptor(loops.front()->ioc) {
        if (!ctx.logger) ctx.logger = spdlog::default_logger();
        for (const auto& proxy : ctx.options.trusted_proxies)
            if (auto network = text::parse_ip_network(proxy)) trusted_proxies.push_back(*network);
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
    // `access` (when given) gets the status and the bytes written.
    awaitable<bool> write_response(beast::tcp_stream& stream, Response response,
                                   const RequestInfo* request, unsigned version, bool keep_alive,
                                   bool head, AccessRecord* access = nullptr);
    awaitable<bool> write_file(beast::tcp_stream& stream, FileReply reply,
                               const RequestInfo& request, unsigned version, bool keep_alive,
                               bool head, AccessRecord* access = nullptr);
    AccessRecord access_record(beast::tcp_stream& stream, const RequestInfo* info) const;
    void log_access(const AccessRecord& record) const;
    awaitable<RouteResult> route(const RequestInfo& info);
    awaitable<std::optional<std::string>> read_body(
        beast::tcp_stream& stream, beast::flat_buffer& buffer,
        bhttp::request_parser<bhttp::empty_body>& parser);

    ServerContext ctx;
    std::vector<text::IpNetwork> trusted_proxies;  // parsed from ctx.options
    Metrics metrics;
    EncodedStreams encoded;
    CompressedEvents compressed;
    Routes routes;
    // Connections are spread over the loops round-robin at accept.
    std::vector<std::unique_ptr<EventLoop>> loops;
    tcp::acceptor acceptor;
    // Each publish notifies every loop once (declared after the loops so they
    // are removed from the rings first).
    std::vector<stream::Listener<audio::AudioFrame>> audio_listeners;
    std::vector<stream::Listener<spectral::SpectralFrame>> spectral_listeners;
    std::atomic<bool> stopping{false};
    // Where requests that may wait on the disk are answered (recordings),
    // so a slow disk never stalls an event loop's streams.
    net::thread_pool blocking{2};
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
    s.blocking.stop();
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
                                                 bool keep_alive, bool head, AccessRecord* access) {
    if (request) routes.add_cors(*request, response);
    if (access) access->status = response.status;
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
    if (access) access->bytes += n;
    co_return !ec;
}

AccessRecord HttpServer::Impl::access_record(beast::tcp_stream& stream,
                                             const RequestInfo* info) const {
    AccessRecord r;
    r.start = std::chrono::steady_clock::now();
    boost::system::error_code ec;
    const auto peer = stream.socket().remote_endpoint(ec);
    const std::string address = ec ? std::string("-") : peer.address().to_string();
    auto client =
        client_address(address, info ? info->forwarded_for : std::nullopt, trusted_proxies);
    r.client = std::move(client.address);
    r.note = std::move(client.note);
    r.method = info ? info->method : "-";
    r.target = info ? info->target_for_log : "-";
    return r;
}

void HttpServer::Impl::log_access(const AccessRecord& record) const {
    if (ctx.options.access_log)
        ctx.logger->info("access {}", access_line(record, std::chrono::steady_clock::now()));
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

// The request headers the routes read, copied once.
void copy_headers(const bhttp::request_parser<bhttp::empty_body>& parser, RequestInfo& info) {
    const auto& req = parser.get();
    auto header = [&](auto field) -> std::optional<std::string> {
        auto it = req.find(field);
        if (it == req.end()) return std::nullopt;
        return std::string(it->value());
    };
    info.method = std::string(req.method_string());
    info.authorization = header(bhttp::field::authorization);
    info.origin = header(bhttp::field::origin);
    info.last_event_id = header("Last-Event-ID");
    info.preflight_method = header(bhttp::field::access_control_request_method);
    info.content_type = header(bhttp::field::content_type);
    info.range = header(bhttp::field::range);
    info.if_range = header(bhttp::field::if_range);
    info.if_none_match = header(bhttp::field::if_none_match);
    info.accept_encoding = header(bhttp::field::accept_encoding);
    info.forwarded_for = header("X-Forwarded-For");
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
    const unsigned version = req.version();
    const bool head = req.method() == bhttp::verb::head;
    bool keep_alive = req.keep_alive();
    // A body that follows is never read unless the route takes one; the
    // connection then ends after the answer.
    bool has_body = !parser.is_done();
    auto parsed = parse_target(std::string_view(req.target().data(), req.target().size()));
    std::optional<std::string> problem;
    if (!parsed) problem = "malformed request target";
    if (!problem) problem = request_problem(parser, *parsed);
    if (problem) {
        AccessRecord access = access_record(stream, nullptr);
        access.method = std::string(req.method_string());
        co_await write_response(stream, json_error(400, "bad_request", *problem), nullptr, version,
                                false, false, &access);
        log_access(access);
        co_await linger_close(stream);
        co_return false;
    }
    RequestInfo& info = *parsed;
    copy_headers(parser, info);
    ctx.logger->debug("{} {}", info.method, info.target_for_log);
    AccessRecord access = access_record(stream, &info);

    if (has_body && routes.takes_body(info)) {
        auto body = co_await read_body(stream, buffer, parser);
        if (!body) co_return false;
        info.body = std::move(*body);
        has_body = false;
    } else if (has_body && routes.bodiless_method(info.method)) {
        co_await write_response(
            stream,
            json_error(400, "body_not_allowed", info.method + " requests take no request body"),
            &info, version, false, false, &access);
        log_access(access);
        co_await linger_close(stream);
        co_return false;
    }
    // Not a ?: with co_await in one branch: GCC 12 miscompiles that.
    RouteResult result;
    if (routes.may_block(info))
        result = co_await route(info);
    else
        result = routes.route(info);
    keep_alive = keep_alive && !stopping.load() && !has_body;
    bool ok = false;
    if (auto* response = std::get_if<Response>(&result)) {
        ok = co_await write_response(stream, std::move(*response), &info, version, keep_alive, head,
                                     &access);
        access.subject = info.subject;
        log_access(access);
    } else if (auto* file = std::get_if<FileReply>(&result)) {
        ok =
            co_await write_file(stream, std::move(*file), info, version, keep_alive, head, &access);
        access.subject = info.subject;
        log_access(access);
    } else {
        Response headers;  // CORS headers for the stream, if any
        routes.add_cors(info, headers);
        headers.header("Date", http_date(ctx.now_unix_secs()));
        auto& sse = std::get<SseRequest>(result);
        sse.head_only = head;
        access.subject = info.subject;
        access.status = 200;
        sse.access = std::move(access);
        co_await run_sse_session(stream, std::get<SseRequest>(std::move(result)), headers.headers,
                                 SseEnvironment{ctx, metrics, encoded, compressed, routes,
                                                loop.audio_wake, loop.spectral_wake});
        co_return false;
    }
    if (ok && has_body) co_await linger_close(stream);
    co_return ok&& keep_alive;
}

// Routes a request on the blocking pool; the session resumes on its loop.
awaitable<RouteResult> HttpServer::Impl::route(const RequestInfo& info) {
    co_return co_await net::co_spawn(
        blocking, [this, &info]() -> awaitable<RouteResult> { co_return routes.route(info); },
        net::use_awaitable);
}

// The body of a request whose route takes one (at most kMaxRequestBody
// bytes); nullopt once the answer to a body that cannot be read is sent.
awaitable<std::optional<std::string>> HttpServer::Impl::read_body(
    beast::tcp_stream& stream, beast::flat_buffer& buffer,
    bhttp::request_parser<bhttp::empty_body>& header_parser) {
    constexpr std::uint64_t kMaxRequestBody = 64 * 1024;
    const unsigned version = header_parser.get().version();
    const auto declared = header_parser.content_length();
    bhttp::request_parser<bhttp::string_body> parser{std::move(header_parser)};
    parser.body_limit(kMaxRequestBody);
    stream.expires_after(std::chrono::seconds(ctx.options.header_timeout_secs));
    boost::system::error_code ec = declared && *declared > kMaxRequestBody
                                       ? bhttp::error::body_limit
                                       : boost::system::error_code{};
    if (!ec)
        std::tie(ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
    if (!ec) co_return std::move(parser.get().body());
    if (ec == bhttp::error::body_limit) {
        co_await write_response(
            stream, json_error(413, "payload_too_large", "a request body is at most 65536 bytes"),
            nullptr, version, false, false);
        co_await linger_close(stream);
    } else if (ec != beast::error::timeout && ec != net::error::eof &&
               ec != bhttp::error::end_of_stream && ec != net::error::connection_reset) {
        co_await write_response(stream,
                                json_error(400, "bad_request", "malformed body: " + ec.message()),
                                nullptr, version, false, false);
        co_await linger_close(stream);
    }
    co_return std::nullopt;
}

// Sends a file from disk in chunks read on the blocking pool.
awaitable<bool> HttpServer::Impl::write_file(beast::tcp_stream& stream, FileReply reply,
                                             const RequestInfo& request, unsigned version,
                                             bool keep_alive, bool head, AccessRecord* access) {
    const int fd = ::open(reply.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        co_return co_await write_response(stream, json_error(404, "no_file", "the file is gone"),
                                          &request, version, keep_alive, head, access);
    if (access) access->status = reply.status;
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    Response cors;
    routes.add_cors(request, cors);
    bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(reply.status), version};
    res.set(bhttp::field::server, "acoustream");
    res.set(bhttp::field::date, http_date(ctx.now_unix_secs()));
    if (reply.status != 304) res.set(bhttp::field::content_type, reply.content_type);
    for (auto& [name, value] : reply.headers) res.insert(name, value);
    for (auto& [name, value] : cors.headers) res.insert(name, value);
    if (reply.status != 304) res.content_length(reply.length);
    res.keep_alive(keep_alive);
    stream.expires_after(std::chrono::seconds(ctx.options.write_timeout_secs));
    bhttp::response_serializer<bhttp::empty_body> sr{res};
    auto [ec, n] = co_await bhttp::async_write_header(stream, sr, use_tuple);
    if (ec) co_return false;
    metrics.bytes_sent.fetch_add(n, std::memory_order_relaxed);
    if (access) access->bytes += n;
    if (head || reply.status == 304) co_return true;
    std::vector<char> chunk(std::min<std::uint64_t>(reply.length, 256 * 1024));
    std::uint64_t offset = reply.offset;
    std::uint64_t left = reply.length;
    while (left > 0) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
        const ssize_t got = co_await net::co_spawn(
            blocking,
            [&]() -> awaitable<ssize_t> {
                co_return ::pread(fd, chunk.data(), want, static_cast<off_t>(offset));
            },
            net::use_awaitable);
        // The file shrank or vanished (deleted meanwhile): end the body short,
        // so the client sees an incomplete download, never wrong bytes.
        if (got <= 0) co_return false;
        stream.expires_after(std::chrono::seconds(ctx.options.write_timeout_secs));
        auto [wec, wn] = co_await net::async_write(
            stream, net::buffer(chunk.data(), static_cast<std::size_t>(got)), use_tuple);
        if (wec) co_return false;
        metrics.bytes_sent.fetch_add(wn, std::memory_order_relaxed);
        if (access) access->bytes += wn;
        offset += static_cast<std::uint64_t>(got);
        left -= static_cast<std::uint64_t>(got);
    }
    co_return true;
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
