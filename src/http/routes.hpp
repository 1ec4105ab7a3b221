#pragma once
// Request routing and every non-streaming route. The session (Beast) asks
// route() what to do: send a Response, or start an SSE stream described by
// an SseRequest.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "encode/content_coding.hpp"
#include "encode/stream_query.hpp"
#include "http/access_log.hpp"
#include "http/encoded_streams.hpp"
#include "http/file_reply.hpp"
#include "http/request_info.hpp"
#include "http/response.hpp"
#include "http/server_context.hpp"
#include "http/static_file_cache.hpp"

namespace acoustream::http {

struct SseRequest {
    enum class Kind { audio, spectral, events };
    Kind kind = Kind::audio;
    encode::StreamQuery query;
    std::optional<std::uint64_t> last_event_id;                      // header, else query parameter
    std::int64_t token_expires_at = 0;                               // Unix seconds; 0: no expiry
    bool head_only = false;                                          // HEAD: headers, no events
    encode::ContentCoding coding = encode::ContentCoding::identity;  // from Accept-Encoding
    AccessRecord access;  // filled by the server: the stream's access log lines
};

using RouteResult = std::variant<Response, SseRequest, FileReply>;

class Routes {
public:
    Routes(const ServerContext& context, Metrics& metrics, EncodedStreams& encoded);

    RouteResult route(const RequestInfo& request);
    // Whether `method` is one that never carries a body here (GET, HEAD,
    // OPTIONS, DELETE): a body on one is refused before routing.
    [[nodiscard]] bool bodiless_method(std::string_view method) const;
    // Whether the request's body is read before routing (starting a recording).
    [[nodiscard]] bool takes_body(const RequestInfo& request) const;
    // Whether answering may wait on the disk (the recording routes): the
    // server then routes it off its event loop.
    [[nodiscard]] bool may_block(const RequestInfo& request) const;

    // CORS headers for `origin` when it is allowed (added to every response,
    // streams included).
    void add_cors(const RequestInfo& request, Response& response) const;
    [[nodiscard]] bool origin_allowed(const std::string& origin) const;
    // The /stats document (also the `stats` event of /events).
    Response stats() const;
    // Front-end files compressed so far (each once per file and coding).
    [[nodiscard]] std::uint64_t static_compressions() const { return files_.compressions(); }

private:
    std::uint64_t dropped_frames(const stream::StreamStats& stats) const;
    Response options(const RequestInfo& request) const;
    std::variant<std::int64_t, Response> authenticate(const RequestInfo& request,
                                                      const auth::JwtVerifier& verifier);
    RouteResult api_audio(const RequestInfo& request, std::string_view rest);
    RouteResult recordings(const RequestInfo& request, std::string_view rest);
    [[nodiscard]] std::string_view allowed_methods(const std::string& path) const;

    Response latest(const encode::StreamQuery& query);
    Response healthz() const;
    Response metrics() const;
    Response openapi() const;
    Response rapidoc_page() const;
    Response static_file(const RequestInfo& request, const std::string& root,
                         std::string_view relative, std::string_view content_type) const;

    const ServerContext& ctx_;
    Metrics& metrics_;
    EncodedStreams& encoded_;
    mutable StaticFileCache files_;
};

// The OpenAPI 3 document of every route (openapi_document.cpp).
std::string openapi_document(std::string_view version);

}  // namespace acoustream::http
