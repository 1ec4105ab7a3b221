#pragma once
// Standard padded base64 (RFC 4648 §4, no line breaks) through OpenSSL's
// EVP_EncodeBlock.

#include <cstddef>
#include <span>
#include <string>

namespace acoustream::encode {

// Length of the base64 text of `bytes` input bytes.
[[nodiscard]] constexpr std::size_t base64_length(std::size_t bytes) noexcept {
    return (bytes + 2) / 3 * 4;
}

// Writes base64_length(input.size()) chars at `out` (plus nothing else) and
// returns the end. Inputs of any size are encoded in bounded chunks.
char* write_base64(char* out, std::span<const unsigned char> input) noexcept;

[[nodiscard]] std::string base64_encode(std::span<const unsigned char> input);

}  // namespace acoustream::encode
