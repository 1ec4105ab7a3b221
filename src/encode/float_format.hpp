#pragma once
// Number formatting for the frame encoders. Floats are written in the shortest
// form that parses back to the same float32 (std::to_chars, Ryu-based), so a
// client gets the exact samples back, and always look like floats: an
// integral value gets ".0" ("1.0", "-0.0"), because typed parsers (Python's
// json, numpy) read "1" as an integer and "-0" as integer 0, losing the sign.
// JSON has no NaN or infinity: non-finite values are written as `null`.
//
// The write_* functions write into a caller-provided buffer that has at least
// the stated number of free bytes and return the new end; they never allocate,
// which is what lets the encoders size one buffer upfront.

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace acoustream::encode {

// Longest shortest-form float: "-1.17549435e-38" (15 chars); an integral
// fixed form is never longer than that, plus its ".0".
inline constexpr std::size_t kMaxFloatChars = 18;
// Longest shortest-form double: "-2.2250738585072014e-308" (24 chars).
inline constexpr std::size_t kMaxDoubleChars = 32;
// u64 max has 20 digits.
inline constexpr std::size_t kMaxUintChars = 20;

namespace detail {
inline char* write_null(char* out) noexcept {
    std::memcpy(out, "null", 4);
    return out + 4;
}

// Appends ".0" to a number written as bare digits (with its sign); text with
// a '.' or an exponent already reads as a float.
inline char* float_looking(char* begin, char* end) noexcept {
    for (const char* p = begin; p != end; ++p)
        if (*p == '.' || *p == 'e') return end;
    std::memcpy(end, ".0", 2);
    return end + 2;
}
}  // namespace detail

// Needs kMaxFloatChars free bytes at `out`.
inline char* write_float(char* out, float value) noexcept {
    if (!std::isfinite(value)) return detail::write_null(out);
    const auto result = std::to_chars(out, out + kMaxFloatChars - 2, value);
    assert(result.ec == std::errc{});
    return detail::float_looking(out, result.ptr);
}

// Needs kMaxDoubleChars free bytes at `out`.
inline char* write_double(char* out, double value) noexcept {
    if (!std::isfinite(value)) return detail::write_null(out);
    const auto result = std::to_chars(out, out + kMaxDoubleChars - 2, value);
    assert(result.ec == std::errc{});
    return detail::float_looking(out, result.ptr);
}

// Needs kMaxUintChars free bytes at `out`.
inline char* write_uint(char* out, std::uint64_t value) noexcept {
    const auto result = std::to_chars(out, out + kMaxUintChars, value);
    assert(result.ec == std::errc{});
    return result.ptr;
}

// Convenience forms for code that is not on the per-sample hot path.
inline void append_float(std::string& out, float value) {
    char buffer[kMaxFloatChars];
    out.append(buffer, write_float(buffer, value));
}

inline void append_double(std::string& out, double value) {
    char buffer[kMaxDoubleChars];
    out.append(buffer, write_double(buffer, value));
}

inline void append_uint(std::string& out, std::uint64_t value) {
    char buffer[kMaxUintChars];
    out.append(buffer, write_uint(buffer, value));
}

}  // namespace acoustream::encode
