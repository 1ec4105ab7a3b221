#pragma once
// A transport-neutral HTTP response, so routes are built and tested without
// pulling Beast into every translation unit.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acoustream::http {

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    Response& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

// {"error": code, "error_description": description} with `status`.
Response json_error(unsigned status, std::string_view code, std::string_view description);

}  // namespace acoustream::http
