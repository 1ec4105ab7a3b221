#pragma once
// A value as an error message shows it: in double quotes, on one line, and
// cut (with "...") when long, so a hostile or mistaken value can neither
// break the message nor flood it.

#include <cstddef>
#include <string>
#include <string_view>

#include "text/hex.hpp"

namespace acoustream::text {

// What becomes of the bytes that cannot be shown as they are.
enum class Unprintable {
    // `"` and `\` backslash-escaped, line feed and tab as \n and \t, other
    // control bytes and DEL as \xHH; other bytes (UTF-8 included) as they
    // are. For messages read by the person who wrote the value (config).
    escape,
    // Every byte outside printable ASCII becomes '?'; nothing is escaped.
    // For messages sent back to a client (the HTTP API's error bodies).
    replace,
};

// The first `max_chars` bytes of `value` in double quotes, followed by
// "..." inside the quotes when `value` is longer.
inline std::string quote(std::string_view value, std::size_t max_chars, Unprintable unprintable) {
    const bool cut = value.size() > max_chars;
    if (cut) value = value.substr(0, max_chars);
    std::string out;
    out.reserve(value.size() + 5);
    out.push_back('"');
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        const bool printable = byte >= 0x20 && byte < 0x7f;
        if (unprintable == Unprintable::replace) {
            out.push_back(printable ? c : '?');
        } else if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n' || c == '\t') {
            out.push_back('\\');
            out.push_back(c == '\n' ? 'n' : 't');
        } else if (byte < 0x20 || byte == 0x7f) {
            out.push_back('\\');
            out.push_back('x');
            append_hex_byte(out, byte);
        } else {
            out.push_back(c);
        }
    }
    if (cut) out.append("...");
    out.push_back('"');
    return out;
}

}  // namespace acoustream::text
