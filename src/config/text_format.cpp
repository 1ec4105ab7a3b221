#include "config/text_format.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace acoustream::config {
namespace {

// Enough to recognise a value in an error message without flooding the terminal.
constexpr std::size_t kMaxQuotedChars = 60;

}  // namespace

std::string quote_text(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    const bool cut = text.size() > kMaxQuotedChars;
    if (cut) text = text.substr(0, kMaxQuotedChars);
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += cut ? "...\"" : "\"";
    return out;
}

std::string format_number(double value) {
    if (std::isnan(value)) return ".nan";
    if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (error != std::errc{}) return "?";
    return std::string(buffer.data(), end);
}

}  // namespace acoustream::config
