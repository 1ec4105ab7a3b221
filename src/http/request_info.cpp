#include "http/request_info.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "auth/redact.hpp"

namespace acoustream::http {

std::optional<RequestInfo> parse_target(std::string_view target) {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return std::nullopt;
    const boost::urls::url_view& url = *parsed;
    RequestInfo info;
    info.path = std::string(url.path());  // percent-decoded
    for (const auto& param : url.params()) {
        info.params.emplace_back(std::string(param.key), std::string(param.value));
    }
    info.target_for_log = auth::redact_query_token(target);
    return info;
}

}  // namespace acoustream::http
