#include "auth/redact.hpp"

#include <algorithm>
#include <optional>

#include "text/ascii.hpp"
#include "text/hex.hpp"

namespace acoustream::auth {
namespace {

std::string decode_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '%' && i + 2 < name.size() && text::hex_value(name[i + 1]) >= 0 &&
            text::hex_value(name[i + 2]) >= 0) {
            out.push_back(static_cast<char>(text::hex_value(name[i + 1]) * 16 +
                                            text::hex_value(name[i + 2])));
            i += 2;
        } else if (name[i] == '+') {
            out.push_back(' ');
        } else {
            out.push_back(name[i]);
        }
    }
    return out;
}

bool is_secret_name(std::string_view raw_name) {
    const std::string name = decode_name(raw_name);
    return text::iequals(name, "access_token") || text::iequals(name, "token");
}

}  // namespace

std::string redact_query_token(std::string_view target) {
    const std::size_t query_start = target.find('?');
    if (query_start == std::string_view::npos) return std::string(target);
    const std::size_t fragment = target.find('#', query_start);
    const std::size_t query_end = fragment == std::string_view::npos ? target.size() : fragment;

    std::string out(target.substr(0, query_start + 1));
    std::size_t pos = query_start + 1;
    while (true) {
        const std::size_t amp = std::min(target.find('&', pos), query_end);
        const std::string_view param = target.substr(pos, amp - pos);
        const std::size_t eq = param.find('=');
        if (eq != std::string_view::npos && eq + 1 < param.size() &&
            is_secret_name(param.substr(0, eq))) {
            out.append(param.substr(0, eq + 1));
            out.append("<redacted>");
        } else {
            out.append(param);
        }
        if (amp >= query_end) break;
        out.push_back('&');
        pos = amp + 1;
    }
    out.append(target.substr(query_end));
    return out;
}

}  // namespace acoustream::auth
