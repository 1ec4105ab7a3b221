#include "config/scalar_text.hpp"

#include <array>
#include <charconv>
#include <limits>

#include "text/hex.hpp"

namespace acoustream::config {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool matches_core_float(std::string_view text) noexcept {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < text.size() && is_digit(text[i])) ++i;
        return i - start;
    };
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t integer_digits = digits();
    std::size_t fraction_digits = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        fraction_digits = digits();
    }
    if (integer_digits == 0 && fraction_digits == 0) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == text.size();
}

}  // namespace

UnsignedText parse_unsigned_text(std::string_view text) noexcept {
    UnsignedText result;
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    unsigned base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    if (text.empty()) return result;
    std::uint64_t value = 0;
    bool overflow = false;
    for (const char c : text) {
        const int digit = base == 16 ? text::hex_value(c) : (is_digit(c) ? c - '0' : -1);
        if (digit < 0) return result;
        if (value >
            (std::numeric_limits<std::uint64_t>::max() - static_cast<unsigned>(digit)) / base) {
            overflow = true;
        } else {
            value = value * base + static_cast<unsigned>(digit);
        }
    }
    result.status = overflow ? UnsignedText::Status::too_large : UnsignedText::Status::ok;
    result.value = overflow ? 0 : value;
    return result;
}

std::optional<double> parse_real_text(std::string_view text) noexcept {
    static constexpr std::array<std::string_view, 3> kInf{".inf", ".Inf", ".INF"};
    static constexpr std::array<std::string_view, 3> kNan{".nan", ".NaN", ".NAN"};
    std::string_view unsigned_part = text;
    bool negative = false;
    if (!unsigned_part.empty() && (unsigned_part.front() == '+' || unsigned_part.front() == '-')) {
        negative = unsigned_part.front() == '-';
        unsigned_part.remove_prefix(1);
    }
    for (const auto spelling : kInf) {
        if (unsigned_part == spelling) {
            const double inf = std::numeric_limits<double>::infinity();
            return negative ? -inf : inf;
        }
    }
    for (const auto spelling : kNan) {
        if (text == spelling) return std::numeric_limits<double>::quiet_NaN();
    }
    if (!matches_core_float(text)) return std::nullopt;
    // from_chars takes no leading '+'; the grammar check above already vetted the text.
    const std::string_view digits = text.front() == '+' ? text.substr(1) : text;
    double value = 0.0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error == std::errc::result_out_of_range) {
        // Overflow reads as infinity, underflow as zero, like strtod.
        const auto exponent = digits.find_first_of("eE");
        const bool underflow = exponent != std::string_view::npos && exponent + 1 < digits.size() &&
                               digits[exponent + 1] == '-';
        if (underflow) return negative ? -0.0 : 0.0;
        const double inf = std::numeric_limits<double>::infinity();
        return negative ? -inf : inf;
    }
    if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    return value;
}

std::optional<bool> parse_bool_text(std::string_view text) noexcept {
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    return std::nullopt;
}

}  // namespace acoustream::config
