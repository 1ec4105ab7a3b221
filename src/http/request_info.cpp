#include "http/request_info.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "auth/redact.hpp"

namespace acoustream::http {

namespace {

std::optional<boost::urls::url_view> parse_path_form(std::string_view target) {
    if (!target.empty() && target.front() == '/') {
        auto origin = boost::urls::parse_origin_form(target);
        if (!origin) return std::nullopt;
        return *origin;
    }
    auto absolute = boost::urls::parse_absolute_uri(target);
    if (!absolute) return std::nullopt;
    const auto scheme = absolute->scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
        return std::nullopt;
    return *absolute;
}

}  // namespace

std::optional<RequestInfo> parse_target(std::string_view target) {
    RequestInfo info;
    info.target_for_log = auth::redact_query_token(target);
    if (target == "*") {
        info.path.push_back('*');  // not `= "*"`: GCC 12 -O3 warns falsely (-Wrestrict)
        return info;
    }
    const auto url = parse_path_form(target);
    if (!url) return std::nullopt;
    info.path = std::string(url->path());             // percent-decoded
    if (info.path.empty()) info.path.push_back('/');  // "http://host" names the root
    for (const auto& param : url->params())
        info.params.emplace_back(std::string(param.key), std::string(param.value));
    return info;
}

bool has_control_byte(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

bool valid_host(std::string_view value) {
    if (value.empty()) return true;  // allowed when the target has no authority
    auto authority = boost::urls::parse_authority(value);
    return authority && !authority->has_userinfo() && !authority->host().empty();
}

}  // namespace acoustream::http
