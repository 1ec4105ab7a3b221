#pragma once
// Hexadecimal digits, both ways: escapes in messages and JSON, percent
// decoding, YAML's 0x integers, chunk sizes.

namespace acoustream::text {

inline constexpr char kHexDigits[] = "0123456789abcdef";

// The lower-case hex digit of the low four bits of `nibble`.
constexpr char hex_digit(unsigned nibble) noexcept { return kHexDigits[nibble & 0xfU]; }

// The value of a hex digit of either case, or -1 for any other character.
constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Appends the two lower-case hex digits of `byte` (anything with push_back(char)).
template <class Out>
void append_hex_byte(Out& out, unsigned char byte) {
    out.push_back(hex_digit(byte >> 4U));
    out.push_back(hex_digit(byte));
}

}  // namespace acoustream::text
