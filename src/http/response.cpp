#include "http/response.hpp"

#include <cstdio>

namespace acoustream::http {

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

Response json_error(unsigned status, std::string_view code, std::string_view description) {
    Response r;
    r.status = status;
    r.body = "{\"error\":\"" + json_escape(code) + "\",\"error_description\":\"" +
             json_escape(description) + "\"}";
    return r;
}

}  // namespace acoustream::http
