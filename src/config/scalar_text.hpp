#pragma once
// Strict readers for the text of plain YAML scalars (YAML 1.2 core schema
// spellings only), so "yes", "1_000" or "0.5x" are rejected instead of being
// guessed at.

#include <cstdint>
#include <optional>
#include <string_view>

namespace acoustream::config {

struct UnsignedText {
    enum class Status { ok, not_an_integer, too_large };
    Status status = Status::not_an_integer;
    std::uint64_t value = 0;
};

// Decimal ("42", "+42") or hexadecimal ("0x2A"); no sign other than '+'.
[[nodiscard]] UnsignedText parse_unsigned_text(std::string_view text) noexcept;

// A YAML 1.2 core float or integer ("1", "-2.5", ".5", "1e3", ".inf", ".nan").
// Non-finite results are returned as such; the caller decides whether they fit.
[[nodiscard]] std::optional<double> parse_real_text(std::string_view text) noexcept;

// true/True/TRUE/false/False/FALSE; YAML 1.1 spellings (yes, on, 1) are not booleans.
[[nodiscard]] std::optional<bool> parse_bool_text(std::string_view text) noexcept;

}  // namespace acoustream::config
