#include "http/routes.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/bearer.hpp"
#include "http/front_end_files.hpp"
#include "http/recording_routes.hpp"
#include "http/stream_route_checks.hpp"
#include "platform/process_stats.hpp"
#include "record/recorder.hpp"
#include "text/ascii.hpp"

namespace acoustream::http {

namespace {

constexpr std::string_view kApiPrefix = "/api/audio/";
constexpr std::string_view kRecordingsPrefix = "/api/audio/recordings";
constexpr const char* kAllowedMethods = "GET, HEAD, OPTIONS";

Response json_response(const boost::json::value& value, unsigned status = 200) {
    Response r;
    r.status = status;
    r.body = boost::json::serialize(value);
    r.header("Cache-Control", "no-store");
    return r;
}

// The request's token: a Bearer Authorization header, else (when allowed)
// the access_token parameter. A header of another scheme (HTTP Basic from a
// reverse proxy's own login, docs/deploy.md) does not hide the parameter:
// it was meant for the proxy, not for us.
struct RequestToken {
    std::optional<std::string> token;
    std::string missing_reason;  // why there is none, for the 401
};

RequestToken request_token(const RequestInfo& request, bool allow_query) {
    if (request.authorization)
        if (auto bearer = auth::extract_bearer(*request.authorization))
            return {std::string(*bearer), {}};
    const auto query = request.param("access_token");
    if (query && allow_query) return {*query, {}};
    if (query)
        return {std::nullopt, "tokens in the query string are disabled (auth.allow_query_token)"};
    if (request.authorization)
        return {std::nullopt,
                "the Authorization header is not a Bearer token and there is no access_token "
                "parameter"};
    return {std::nullopt, "no bearer token (Authorization header or access_token parameter)"};
}

// 400 invalid_parameter whose body also names the parameter, for clients
// that point at the field they got wrong.
Response parameter_error(const encode::QueryError& error) {
    return json_response(boost::json::object{{"error", "invalid_parameter"},
                                             {"error_description", error.message},
                                             {"parameter", error.parameter}},
                         400);
}

std::optional<StreamRoute> stream_route(std::string_view rest) {
    if (rest == "stream/audio") return StreamRoute::audio;
    if (rest == "stream/audio/fast") return StreamRoute::audio_fast;
    if (rest == "stream/spectral") return StreamRoute::spectral;
    if (rest == "stream/events") return StreamRoute::events;
    if (rest == "stream/latest") return StreamRoute::latest;
    return std::nullopt;
}

}  // namespace

Routes::Routes(const ServerContext& context, Metrics& metrics, EncodedStreams& encoded)
    : ctx_(context), metrics_(metrics), encoded_(encoded) {}

bool Routes::origin_allowed(const std::string& origin) const {
    for (const auto& allowed : ctx_.options.cors_allowed_origins)
        if (allowed == "*" || allowed == origin) return true;
    return false;
}

void Routes::add_cors(const RequestInfo& request, Response& response) const {
    if (!request.origin || !origin_allowed(*request.origin)) return;
    response.header("Access-Control-Allow-Origin", *request.origin);
    response.header("Vary", "Origin");
    response.header("Access-Control-Expose-Headers",
                    "WWW-Authenticate, Location, ETag, Content-Range, Content-Disposition");
}

bool Routes::bodiless_method(std::string_view method) const {
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "DELETE";
}

namespace {
bool recordings_path(const std::string& path) {
    return path.rfind(kRecordingsPrefix, 0) == 0 &&
           (path.size() == kRecordingsPrefix.size() || path[kRecordingsPrefix.size()] == '/');
}
}  // namespace

bool Routes::takes_body(const RequestInfo& request) const {
    return request.method == "POST" && recordings_path(request.path) &&
           recording_methods(std::string_view(request.path).substr(kRecordingsPrefix.size()))
                   .find("POST") != std::string_view::npos;
}

bool Routes::may_block(const RequestInfo& request) const {
    return ctx_.recorder && recordings_path(request.path) && request.method != "OPTIONS";
}

// The methods `path` takes (the Allow header).
std::string_view Routes::allowed_methods(const std::string& path) const {
    if (recordings_path(path)) {
        const auto methods =
            recording_methods(std::string_view(path).substr(kRecordingsPrefix.size()));
        if (!methods.empty()) return methods;
    }
    return kAllowedMethods;
}

Response Routes::options(const RequestInfo& request) const {
    // A CORS preflight carries Origin and Access-Control-Request-Method; any
    // other OPTIONS asks what the target allows (RFC 9110 section 9.3.7).
    const bool preflight = request.origin && request.preflight_method;
    if (preflight && !origin_allowed(*request.origin)) {
        return json_error(403, "origin_not_allowed",
                          "the Origin of this preflight request is not in "
                          "server.cors_allowed_origins");
    }
    Response r;
    r.status = 204;
    r.content_type.clear();
    const std::string_view allowed = allowed_methods(request.path);
    r.header("Allow", std::string(allowed));
    if (preflight) {
        r.header("Access-Control-Allow-Methods", std::string(allowed));
        r.header("Access-Control-Allow-Headers",
                 "Authorization, Last-Event-ID, Cache-Control, Content-Type, Range, If-Range, "
                 "If-None-Match");
        r.header("Access-Control-Max-Age", "600");
    }
    return r;
}

std::variant<std::int64_t, Response> Routes::authenticate(const RequestInfo& request,
                                                          const auth::JwtVerifier& verifier) {
    const RequestToken found = request_token(request, ctx_.options.allow_query_token);
    const std::optional<std::string>& token = found.token;
    const std::string& missing_reason = found.missing_reason;

    auth::AuthResult result;
    if (token) {
        result = verifier.verify(*token, ctx_.now_unix_secs());
    } else {
        // docs/api.md: every 401 carries error="invalid_token", a missing token included.
        result = auth::missing_token_result();
        result.status = 401;
        result.error = "invalid_token";
        result.description = missing_reason;
    }
    if (result.ok) {
        request.subject = result.subject;
        return result.accepted_until;
    }

    metrics_.auth_failures.fetch_add(1, std::memory_order_relaxed);
    Response r = json_error(static_cast<unsigned>(result.status), result.error, result.description);
    r.header("WWW-Authenticate", auth::www_authenticate_header(result));
    return r;
}

RouteResult Routes::route(const RequestInfo& request) {
    metrics_.http_requests.fetch_add(1, std::memory_order_relaxed);
    if (request.method == "OPTIONS") return options(request);

    const std::string& path = request.path;
    const std::string_view allowed = allowed_methods(path);
    const bool listed =
        (", " + std::string(allowed) + ",").find(", " + request.method + ",") != std::string::npos;
    if (!listed) {
        Response r =
            json_error(405, "method_not_allowed",
                       path + " takes " + std::string(allowed) + "; got " + request.method);
        r.header("Allow", std::string(allowed));
        return r;
    }

    if (recordings_path(path)) return recordings(request, path.substr(kRecordingsPrefix.size()));
    if (path.rfind(kApiPrefix, 0) == 0) return api_audio(request, path.substr(kApiPrefix.size()));
    if (path == "/healthz") return healthz();
    if (path == "/metrics") return metrics();
    if (path == "/api/openapi.json") return openapi();
    if (path == "/api/doc") {
        Response r;
        r.status = 308;
        r.content_type.clear();
        // Relative (RFC 9110 section 10.2.2), so the redirect stays under a
        // reverse proxy's prefix (docs/deploy.md).
        r.header("Location", "doc/");
        return r;
    }
    if (path == "/api/doc/") return rapidoc_page();
    if (path == "/api/doc/rapidoc-min.js")
        return static_file(request, ctx_.options.vendor_root, kRapidocScript, "text/javascript");
    if (path == "/" || path == "/index.html")
        return static_file(request, ctx_.options.web_root, kDashboardIndex,
                           "text/html; charset=utf-8");
    if (path.rfind("/dashboard/", 0) == 0) {
        const std::string_view rel = std::string_view(path).substr(1);
        std::string_view type = "application/octet-stream";
        if (rel.ends_with(".js") || rel.ends_with(".mjs"))
            type = "text/javascript";
        else if (rel.ends_with(".css"))
            type = "text/css";
        else if (rel.ends_with(".html"))
            type = "text/html; charset=utf-8";
        else if (rel.ends_with(".svg"))
            type = "image/svg+xml";
        else if (rel.ends_with(".png"))
            type = "image/png";
        return static_file(request, ctx_.options.web_root, rel, type);
    }
    if (path == "/vendor/uPlot.iife.min.js")
        return static_file(request, ctx_.options.vendor_root, kUplotScript, "text/javascript");
    if (path == "/vendor/uPlot.min.css")
        return static_file(request, ctx_.options.vendor_root, kUplotStyle, "text/css");
    return json_error(404, "not_found", "no route for " + path);
}

RouteResult Routes::api_audio(const RequestInfo& request, std::string_view rest) {
    // Unknown API paths are 404 only after authentication, so the API's
    // shape is not revealed to unauthenticated callers.
    auto auth = authenticate(request, *ctx_.verifier);
    if (auto* refused = std::get_if<Response>(&auth)) return std::move(*refused);
    const std::int64_t expires_at = std::get<std::int64_t>(auth);

    auto parsed = encode::parse_stream_query(request.params);
    if (auto* error = std::get_if<encode::QueryError>(&parsed)) return parameter_error(*error);
    auto& query = std::get<encode::StreamQuery>(parsed);

    if (rest == "stream/stats") return stats();
    const auto route = stream_route(rest);
    if (!route) return json_error(404, "not_found", "no route for /api/audio/" + std::string(rest));
    if (route == StreamRoute::audio_fast && !query.given.contains("encoding"))
        query.encoding = encode::StreamQuery::Encoding::f32;
    const double frame_rate = ctx_.frame_rate ? ctx_.frame_rate() : 0.0;
    if (auto error = check_stream_query(query, *route, frame_rate)) return parameter_error(*error);
    if (route == StreamRoute::latest) return latest(query);

    SseRequest sse;
    sse.query = query;
    sse.token_expires_at = expires_at;
    sse.coding = encode::negotiate_coding(request.accept_encoding);
    sse.last_event_id = query.last_event_id;
    if (request.last_event_id) {
        auto id = text::parse_u64(*request.last_event_id);
        if (!id)
            return parameter_error(
                {"Last-Event-ID", "Last-Event-ID must be an unsigned integer frame number"});
        sse.last_event_id = id;
    }
    switch (*route) {
        case StreamRoute::spectral:
            sse.kind = SseRequest::Kind::spectral;
            break;
        case StreamRoute::events:
            sse.kind = SseRequest::Kind::events;
            break;
        default:
            sse.kind = SseRequest::Kind::audio;
            break;
    }
    if (sse.kind == SseRequest::Kind::spectral && ctx_.spectral == nullptr)
        return json_error(503, "spectral_unavailable", "no spectral analyser is running");
    return sse;
}

RouteResult Routes::recordings(const RequestInfo& request, std::string_view rest) {
    // Reading needs auth.required_scope; starting, stopping and deleting
    // need auth.write_scope (docs/api.md, "Recordings").
    const bool write = recording_write_method(request.method);
    const auth::JwtVerifier& verifier =
        write && ctx_.write_verifier ? *ctx_.write_verifier : *ctx_.verifier;
    auto auth = authenticate(request, verifier);
    if (auto* refused = std::get_if<Response>(&auth)) return std::move(*refused);
    if (!ctx_.recorder)
        return json_error(503, "recording_unavailable", "this server does not record");
    // The list says whether this token may record (the dashboard shows its
    // record button by it).
    bool may_write = write;
    if (!write && request.method == "GET" && rest.empty()) {
        may_write = !ctx_.write_verifier;
        const auto token = request_token(request, ctx_.options.allow_query_token).token;
        if (token && ctx_.write_verifier)
            may_write = ctx_.write_verifier->verify(*token, ctx_.now_unix_secs()).ok;
    }
    RecordingRoutes routes(*ctx_.recorder);
    auto answer = routes.handle(request, rest, may_write);
    if (auto* file = std::get_if<FileReply>(&answer)) return std::move(*file);
    Response r = std::get<Response>(std::move(answer));
    r.header("Cache-Control", "no-store");
    return r;
}

std::uint64_t Routes::dropped_frames(const stream::StreamStats& stats) const {
    // Lag in the audio ring (sessions and the spectral hub) and in the
    // spectral ring, plus the frames resumed streams asked for that were gone.
    const std::uint64_t spectral = ctx_.spectral ? ctx_.spectral->dropped() : 0;
    return stats.dropped_frames + spectral +
           metrics_.resume_gap_frames.load(std::memory_order_relaxed);
}

Response Routes::stats() const {
    const auto s = ctx_.audio->stats();
    boost::json::object o;
    o["total_frames"] = s.total_frames;
    o["active_subscribers"] = metrics_.sse_clients.load(std::memory_order_relaxed);
    o["fps"] = s.fps;
    o["last_update"] = s.last_update;
    o["dropped_frames"] = dropped_frames(s);
    o["stream_closed"] = s.closed;
    o["buffer_size"] = ctx_.audio->capacity();
    if (ctx_.source_status) {
        const auto a = ctx_.source_status();
        boost::json::object src;
        src["name"] = a.name;
        src["state"] = stream::to_string(a.state);
        src["frames_published"] = a.frames_published;
        src["read_errors"] = a.read_errors;
        src["last_error"] =
            a.last_error.empty() ? boost::json::value(nullptr) : boost::json::value(a.last_error);
        src["retry_delay_ms"] = a.retry_delay.count();
        o["source"] = std::move(src);
    }
    o["spectral_available"] = ctx_.spectral != nullptr;
    o["bytes_sent"] = metrics_.bytes_sent.load(std::memory_order_relaxed);
    return json_response(o);
}

Response Routes::latest(const encode::StreamQuery& query) {
    auto frame = ctx_.audio->latest();
    if (!frame) return json_error(404, "no_frame", "no frame has been acquired yet");
    AudioVariant variant{query.encoding, query.decimate, Framing::payload};
    Response r;
    r.body = *encoded_.audio(*frame, variant);
    r.header("Cache-Control", "no-store");
    return r;
}

Response Routes::healthz() const {
    boost::json::object o;
    bool failing = false;
    if (ctx_.source_status) {
        const auto a = ctx_.source_status();
        failing = a.state == stream::SourceState::retrying || a.state == stream::SourceState::idle;
        o["acquisition"] = stream::to_string(a.state);
        o["source"] = a.name;
        o["frames_published"] = a.frames_published;
        if (!a.last_error.empty()) o["last_error"] = a.last_error;
    }
    if (ctx_.recorder) {
        // A failed recording is reported, but acquisition stays healthy.
        const auto r = ctx_.recorder->status();
        boost::json::object rec{{"state", record::to_string(r.state)}};
        if (!r.active_id.empty()) rec["recording"] = r.active_id;
        if (!r.last_error.empty()) rec["error"] = r.last_error;
        o["recorder"] = std::move(rec);
    }
    const auto s = ctx_.audio->stats();
    o["status"] = failing ? "failing" : "ok";
    o["total_frames"] = s.total_frames;
    o["last_update"] = s.last_update;
    o["version"] = ctx_.version;
    return json_response(o, failing ? 503 : 200);
}

Response Routes::metrics() const {
    MetricsSnapshot snap;
    snap.stream = ctx_.audio->stats();
    snap.stream.dropped_frames = dropped_frames(snap.stream);
    if (ctx_.source_status) snap.source = ctx_.source_status();
    if (ctx_.spectra_computed) snap.spectra_computed = ctx_.spectra_computed();
    snap.static_compressions = files_.compressions();
    if (ctx_.recorder) {
        const auto& c = ctx_.recorder->counters();
        RecordingSnapshot rec;
        const auto status = ctx_.recorder->status();
        rec.active = status.state == record::RecorderStatus::State::recording;
        rec.failed = status.state == record::RecorderStatus::State::failed;
        rec.bytes_written = c.bytes_written.load(std::memory_order_relaxed);
        rec.frames_written = c.frames_written.load(std::memory_order_relaxed);
        rec.frames_lost = c.frames_lost.load(std::memory_order_relaxed);
        rec.files_finished = c.files_finished.load(std::memory_order_relaxed);
        rec.failures = c.recordings_failed.load(std::memory_order_relaxed);
        snap.recording = rec;
    }
    snap.process = platform::read_process_stats("/proc", platform::system_proc_units());
    snap.version = ctx_.version;
    metrics_.encodes.store(encoded_.encodes(), std::memory_order_relaxed);
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = render_prometheus(metrics_, snap);
    return r;
}

Response Routes::openapi() const {
    Response r;
    r.body = openapi_document(ctx_.version);
    return r;
}

Response Routes::rapidoc_page() const {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body =
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>acoustream API</title>"
        // Relative URLs: the page works under a reverse proxy's prefix.
        "<script type=\"module\" src=\"rapidoc-min.js\"></script></head>"
        "<body><rapi-doc spec-url=\"../openapi.json\" render-style=\"read\" "
        "allow-authentication=\"true\" show-header=\"false\" "
        // RapiDoc otherwise fetches Open Sans from fonts.gstatic.com: the page
        // must work offline and not tell a third party who reads the docs.
        "load-fonts=\"false\" "
        "regular-font=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', "
        "sans-serif\" "
        "mono-font=\"ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', "
        "monospace\"></rapi-doc></body></html>\n";
    return r;
}

Response Routes::static_file(const RequestInfo& request, const std::string& root,
                             std::string_view relative, std::string_view content_type) const {
    namespace fs = std::filesystem;
    // Only plain relative paths below the web root are served.
    if (relative.find("..") != std::string_view::npos ||
        relative.find('\\') != std::string_view::npos)
        return json_error(404, "not_found", "no such file");
    const auto file =
        root.empty() ? nullptr : files_.get(fs::path(root) / fs::path(std::string(relative)));
    if (!file) return json_error(404, "not_found", "no such file: /" + std::string(relative));
    const auto coding = file->effective(encode::negotiate_coding(request.accept_encoding));
    Response r;
    r.header("ETag", file->etag_for(coding));
    r.header("Vary", "Accept-Encoding");
    r.header("Cache-Control", "no-cache");
    if (request.if_none_match && etag_matches(*request.if_none_match, file->etag_for(coding))) {
        r.status = 304;
        r.content_type.clear();
        return r;
    }
    r.content_type = std::string(content_type);
    if (coding != encode::ContentCoding::identity)
        r.header("Content-Encoding", std::string(encode::to_string(coding)));
    r.body = file->bytes(coding);
    return r;
}

}  // namespace acoustream::http
