#include "auth/bearer.hpp"

#include "text/ascii.hpp"

namespace acoustream::auth {
namespace {

// RFC 6750 §3: error_description = *( %x20-21 / %x23-5B / %x5D-7E ).
std::string quote_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"') {
            out.push_back('\'');
        } else if (c == '\\') {
            out.push_back('/');
        } else if (u < 0x20 || u > 0x7E) {
            out.push_back('?');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::optional<std::string_view> extract_bearer(std::string_view authorization_header) {
    const std::string_view value = text::trim(authorization_header);
    constexpr std::string_view kScheme = "Bearer";
    if (value.size() <= kScheme.size() ||
        !text::iequals(value.substr(0, kScheme.size()), kScheme) ||
        !text::is_blank(value[kScheme.size()])) {
        return std::nullopt;
    }
    const std::string_view token = text::trim(value.substr(kScheme.size()));
    if (token.empty()) return std::nullopt;
    for (const char c : token) {
        if (text::is_blank(c)) return std::nullopt;
    }
    return token;
}

AuthResult missing_token_result() {
    AuthResult r;
    r.ok = false;
    r.status = 401;
    r.error = "invalid_request";
    r.description = "missing bearer token";
    return r;
}

std::string www_authenticate_header(const AuthResult& result) {
    if (result.error.empty() || result.error == "invalid_request") {
        return "Bearer realm=\"acoustream\"";
    }
    std::string out = "Bearer error=\"" + quote_safe(result.error) + "\"";
    if (!result.description.empty()) {
        out += ", error_description=\"" + quote_safe(result.description) + "\"";
    }
    return out;
}

}  // namespace acoustream::auth
