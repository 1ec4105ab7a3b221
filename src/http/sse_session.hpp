#pragma once
// One SSE stream on an accepted connection (docs/api.md, "Streams"): headers
// and retry, replay after Last-Event-ID, frames as shared pre-encoded bytes,
// lag notices, heartbeats, per-client bounds, token expiry, end of stream.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <string>
#include <utility>
#include <vector>

#include "http/compressed_events.hpp"
#include "http/encoded_streams.hpp"
#include "http/metrics.hpp"
#include "http/routes.hpp"
#include "http/server_context.hpp"
#include "http/wake_list.hpp"

namespace acoustream::http {

struct SseEnvironment {
    const ServerContext& ctx;
    Metrics& metrics;
    EncodedStreams& encoded;
    CompressedEvents& compressed;
    Routes& routes;
    // The idle streams of the loop this stream runs on, one list per ring.
    WakeList& audio_wake;
    WakeList& spectral_wake;
};

// Runs one SSE stream on `stream` until it ends (client gone, token expired,
// acquisition over, slow-client policy), on the connection's event loop.
boost::asio::awaitable<void> run_sse_session(
    boost::beast::tcp_stream& stream, SseRequest request,
    std::vector<std::pair<std::string, std::string>> extra_headers, SseEnvironment env);

}  // namespace acoustream::http
