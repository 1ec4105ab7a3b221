#pragma once
// What the routes need to know of a request, decoded once by the session.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace acoustream::http {

struct RequestInfo {
    std::string method;                                       // "GET", "OPTIONS", ...
    std::string path;                                         // percent-decoded path
    std::vector<std::pair<std::string, std::string>> params;  // decoded query
    std::optional<std::string> authorization;
    std::optional<std::string> origin;
    std::optional<std::string> last_event_id;
    std::string target_for_log;  // the target with any query token redacted

    [[nodiscard]] std::optional<std::string> param(std::string_view name) const {
        std::optional<std::string> found;
        for (const auto& [k, v] : params)
            if (k == name) found = v;  // the last occurrence wins
        return found;
    }
};

// Parses an origin-form target ("/path?query"); nullopt when malformed.
std::optional<RequestInfo> parse_target(std::string_view target);

}  // namespace acoustream::http
