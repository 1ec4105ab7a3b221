#include "http/recording_routes.hpp"

#include <sys/stat.h>

#include <boost/json.hpp>
#include <cstdio>

#include "http/byte_range.hpp"
#include "record/recorder.hpp"
#include "record/recording_json.hpp"
#include "text/ascii.hpp"

namespace acoustream::http {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxLabelBytes = 200;

Response recording_response(const record::Recording& recording, unsigned status = 200) {
    Response r;
    r.status = status;
    r.body = json::serialize(record::to_json(recording));
    return r;
}

Response error_response(const record::RecorderError& e) {
    return json_error(e.status, e.code, e.message);
}

Response no_recording(const std::string& id) {
    return json_error(404, "no_recording", "there is no recording \"" + id + "\"");
}

// "/<id>", "/<id>/stop", "/<id>/files/<name>": the parts after the prefix.
struct RecordingPath {
    std::string id;
    std::string action;  // "", "stop" or "files"
    std::string name;
};

std::optional<RecordingPath> split(std::string_view rest) {
    if (rest.size() < 2 || rest.front() != '/') return std::nullopt;
    rest.remove_prefix(1);
    RecordingPath p;
    const auto slash = rest.find('/');
    p.id = std::string(rest.substr(0, slash));
    if (p.id.empty()) return std::nullopt;
    if (slash == std::string_view::npos) return p;
    rest.remove_prefix(slash + 1);
    if (rest == "stop") {
        p.action = "stop";
        return p;
    }
    if (rest.rfind("files/", 0) == 0 && rest.size() > 6 &&
        rest.find('/', 6) == std::string_view::npos) {
        p.action = "files";
        p.name = std::string(rest.substr(6));
        return p;
    }
    return std::nullopt;
}

std::string quoted_etag(const struct stat& st) {
    char text[64];
    std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL +
                      static_cast<unsigned long long>(st.st_mtim.tv_nsec));
    return text;
}

std::string file_media_type(std::string_view name) {
    if (name.ends_with(".json")) return "application/json";
    if (name.ends_with(".wav")) return "audio/wav";
    if (name.ends_with(".flac")) return "audio/flac";
    return "application/octet-stream";
}

bool json_media_type(const std::optional<std::string>& content_type) {
    if (!content_type) return true;
    const auto semicolon = content_type->find(';');
    return text::iequals(text::trim(std::string_view(*content_type).substr(0, semicolon)),
                         "application/json");
}

}  // namespace

std::string_view recording_methods(std::string_view rest) {
    if (rest.empty()) return "GET, HEAD, POST, OPTIONS";
    const auto path = split(rest);
    if (!path) return {};
    if (path->action == "stop") return "POST, OPTIONS";
    if (path->action == "files") return "GET, HEAD, OPTIONS";
    return "GET, HEAD, DELETE, OPTIONS";
}

bool recording_write_method(std::string_view method) {
    return method == "POST" || method == "DELETE";
}

RecordingAnswer RecordingRoutes::handle(const RequestInfo& request, std::string_view rest,
                                        bool may_write) {
    const std::string& method = request.method;
    if (rest.empty()) {
        if (method == "POST") return start(request);
        json::array list;
        for (const auto& r : recorder_.list()) list.push_back(record::to_json(r));
        Response r;
        r.body = json::serialize(
            json::object{{"recordings", std::move(list)}, {"may_write", may_write}});
        return r;
    }
    const auto path = split(rest);
    if (!path)
        return json_error(404, "not_found",
                          "no route for /api/audio/recordings" + std::string(rest));
    if (path->action == "stop") {
        const auto stopped = recorder_.stop(path->id);
        if (!stopped) return no_recording(path->id);
        return recording_response(*stopped);
    }
    if (path->action == "files") return download(request, path->id, path->name);
    if (method == "DELETE") {
        if (auto refused = recorder_.remove(path->id)) return error_response(*refused);
        Response r;
        r.status = 204;
        r.content_type.clear();
        return r;
    }
    const auto recording = recorder_.get(path->id);
    if (!recording) return no_recording(path->id);
    return recording_response(*recording);
}

// POST /api/audio/recordings with an optional {"label", "format"} body.
Response RecordingRoutes::start(const RequestInfo& request) {
    std::string label;
    std::optional<record::Format> format;
    if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
        if (!json_media_type(request.content_type))
            return json_error(415, "unsupported_media_type",
                              "the request body must be application/json, got " +
                                  request.content_type.value_or(""));
        boost::system::error_code ec;
        const auto value = json::parse(request.body, ec);
        if (ec || !value.is_object())
            return json_error(400, "invalid_body",
                              "the body must be a JSON object such as {\"label\": \"run 1\", "
                              "\"format\": \"flac\"}" +
                                  (ec ? ": " + ec.message() : std::string()));
        for (const auto& [key, v] : value.as_object()) {
            if (key == "label") {
                if (!v.is_string() || v.get_string().size() > kMaxLabelBytes ||
                    has_control_byte(v.get_string()))
                    return json_error(400, "invalid_body",
                                      "label must be a string of at most 200 bytes without "
                                      "control characters");
                label = std::string(v.get_string());
            } else if (key == "format") {
                if (v.is_string()) format = record::parse_format(v.get_string());
                if (!format)
                    return json_error(400, "invalid_body", "format must be \"flac\" or \"wav\"");
            } else {
                return json_error(400, "invalid_body",
                                  "unknown field \"" + std::string(key) +
                                      "\" (a recording takes label and format)");
            }
        }
    }
    auto started = recorder_.start(std::move(label), format);
    if (auto* error = std::get_if<record::RecorderError>(&started)) return error_response(*error);
    const auto& recording = std::get<record::Recording>(started);
    Response r = recording_response(recording, 201);
    // Relative to the request's /api/audio/recordings (RFC 9110 section 10.2.2),
    // so it stays right under a reverse proxy's prefix.
    r.header("Location", "recordings/" + recording.id);
    return r;
}

RecordingAnswer RecordingRoutes::download(const RequestInfo& request, const std::string& id,
                                          const std::string& name) {
    const auto path = recorder_.file_path(id, name);
    if (!path) {
        if (!recorder_.get(id)) return no_recording(id);
        return json_error(404, "no_file", "recording " + id + " has no file \"" + name + "\"");
    }
    struct stat st {};
    if (::stat(path->c_str(), &st) != 0)
        return json_error(404, "no_file", "recording " + id + " has no file \"" + name + "\"");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const std::string etag = quoted_etag(st);
    FileReply reply;
    reply.path = path->string();
    reply.content_type = file_media_type(name);
    reply.headers = {{"ETag", etag},
                     {"Accept-Ranges", "bytes"},
                     {"Content-Disposition", "attachment; filename=\"" + name + "\""},
                     {"Cache-Control", "no-cache"}};
    if (request.if_none_match && *request.if_none_match == etag) {
        reply.status = 304;
        return reply;
    }
    RangeAnswer range = WholeFile{};
    if (!request.if_range || *request.if_range == etag) range = resolve_range(request.range, size);
    if (std::holds_alternative<Unsatisfiable>(range)) {
        Response r = json_error(416, "range_not_satisfiable",
                                "the file has " + std::to_string(size) + " bytes");
        r.header("Content-Range", "bytes */" + std::to_string(size));
        return r;
    }
    reply.length = size;
    if (const auto* part = std::get_if<ByteRange>(&range)) {
        reply.status = 206;
        reply.offset = part->first;
        reply.length = part->length();
        reply.headers.emplace_back("Content-Range", "bytes " + std::to_string(part->first) + "-" +
                                                        std::to_string(part->last) + "/" +
                                                        std::to_string(size));
    }
    return reply;
}

}  // namespace acoustream::http
