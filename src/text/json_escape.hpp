#pragma once
// JSON string escaping (RFC 8259 section 7) for the JSON written by hand:
// error bodies, JSON log lines, the load generator's results.

#include <string>
#include <string_view>

#include "text/hex.hpp"

namespace acoustream::text {

// Appends `text` as the inside of a JSON string (anything with
// push_back(char)): `"` and `\` escaped, line feed, carriage return and tab
// as \n, \r and \t, the other control bytes as \u00XX; every other byte,
// UTF-8 included, as it is.
template <class Out>
void append_json_escaped(Out& out, std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        char named = 0;
        switch (c) {
            case '"':
                named = '"';
                break;
            case '\\':
                named = '\\';
                break;
            case '\n':
                named = 'n';
                break;
            case '\r':
                named = 'r';
                break;
            case '\t':
                named = 't';
                break;
            default:
                break;
        }
        if (named != 0) {
            out.push_back('\\');
            out.push_back(named);
        } else if (byte < 0x20) {
            out.push_back('\\');
            out.push_back('u');
            out.push_back('0');
            out.push_back('0');
            append_hex_byte(out, byte);
        } else {
            out.push_back(c);
        }
    }
}

// Appends `text` as a JSON string, quotes included.
template <class Out>
void append_json_string(Out& out, std::string_view text) {
    out.push_back('"');
    append_json_escaped(out, text);
    out.push_back('"');
}

// The inside of a JSON string holding `text` (no quotes).
inline std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    append_json_escaped(out, text);
    return out;
}

}  // namespace acoustream::text
