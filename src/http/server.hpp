#pragma once
// The HTTP server: Boost.Beast on `server.threads` event loops (one
// io_context and one thread each), one coroutine per connection (no thread
// per client); each publish wakes a loop once, and the loop its idle streams. Everything Beast/Asio
// stays behind this header.

#include <cstdint>
#include <memory>

#include "http/server_context.hpp"

namespace acoustream::http {

class HttpServer {
public:
    explicit HttpServer(ServerContext context);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving; throws std::runtime_error naming the address
    // and the cause when the port cannot be bound.
    void start();
    // The bound port (useful with port 0).
    [[nodiscard]] std::uint16_t port() const;
    // Stops accepting, lets open responses and streams finish for up to
    // `grace` (streams end once the hubs are closed), then stops the threads.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(1500));

    [[nodiscard]] const Metrics& metrics() const;

    // Encodes an audio frame before it is published, in the variants open
    // streams use, so the fan-out starts with bytes ready. Any thread.
    void pre_encode(const audio::AudioFrame& frame);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace acoustream::http
