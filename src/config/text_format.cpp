#include "config/text_format.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "text/quote.hpp"

namespace acoustream::config {
namespace {

// Enough to recognise a value in an error message without flooding the terminal.
constexpr std::size_t kMaxQuotedChars = 60;

}  // namespace

std::string quote_text(std::string_view text) {
    return text::quote(text, kMaxQuotedChars, text::Unprintable::escape);
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
