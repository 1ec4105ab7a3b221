#pragma once
// Small ASCII text helpers shared by every part that reads protocol text
// (HTTP headers, query values, /proc files, device names). ASCII only, never
// locale-dependent, so "I" lower-cases to "i" whatever the process locale.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acoustream::text {

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string text) {
    for (char& c : text) c = ascii_lower(c);
    return text;
}

// Case-insensitive ASCII comparison (HTTP scheme names, true/false, "JWT").
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// Whether `text` begins with `prefix`, compared as iequals() does.
constexpr bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return prefix.size() <= text.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// A space or a tab: HTTP's optional whitespace (RFC 9110 section 5.6.3).
constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// Without the spaces and tabs at either end.
constexpr std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// A plain decimal unsigned 64-bit integer: digits only, no sign, no spaces,
// nothing after; nullopt otherwise (empty text and overflow included).
inline std::optional<std::uint64_t> parse_u64(std::string_view text) noexcept {
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
}

}  // namespace acoustream::text
