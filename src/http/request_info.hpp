#pragma once
// What the routes need to know of a request, decoded once by the session.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acoustream::http {

struct RequestInfo {
    std::string method;                                       // "GET", "OPTIONS", ...
    std::string path;                                         // percent-decoded path, or "*"
    std::vector<std::pair<std::string, std::string>> params;  // decoded query
    std::optional<std::string> authorization;
    std::optional<std::string> origin;
    std::optional<std::string> last_event_id;
    std::optional<std::string> preflight_method;  // Access-Control-Request-Method
    std::string target_for_log;                   // the target with any query token redacted
    // Read only for the routes that use them (recording control and files).
    std::optional<std::string> content_type;
    std::optional<std::string> range;
    std::optional<std::string> if_range;
    std::optional<std::string> if_none_match;
    std::optional<std::string> accept_encoding;
    std::optional<std::string> forwarded_for;  // X-Forwarded-For, for the access log
    std::string body;                          // read only for routes that take one
    // The sub of the token authentication accepted, for the access log: set
    // by the routes while answering (the request is theirs alone meanwhile).
    mutable std::string subject;

    [[nodiscard]] std::optional<std::string> param(std::string_view name) const {
        std::optional<std::string> found;
        for (const auto& [k, v] : params)
            if (k == name) found = v;  // the last occurrence wins
        return found;
    }
};

// Parses a request target (RFC 9112 section 3.2): origin-form ("/path?q"),
// absolute-form ("http://host/path?q", which proxies send; its authority is
// not used) or asterisk-form ("*"); nullopt when malformed or when an
// absolute-form URI is not http or https.
std::optional<RequestInfo> parse_target(std::string_view target);

// Whether `text` holds a control byte (0x00-0x1f, 0x7f). A decoded path with
// one is refused: a NUL would end the file name the OS sees early
// ("app.mjs%00.png" opening app.mjs), a line feed would split a log line.
[[nodiscard]] bool has_control_byte(std::string_view text);

// Whether `value` is a valid Host header value: uri-host [":" port]
// (RFC 9110 section 7.2), or empty.
[[nodiscard]] bool valid_host(std::string_view value);

}  // namespace acoustream::http
