#include "encode/base64.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace acoustream::encode {
namespace {

// A multiple of 3 bytes, so chunks concatenate without inner padding; small
// enough for EVP_EncodeBlock's int length and for a stack buffer.
constexpr std::size_t kChunkBytes = 3 * 1024;

}  // namespace

char* write_base64(char* out, std::span<const unsigned char> input) noexcept {
    // EVP_EncodeBlock appends a NUL after its output; encode through a stack
    // buffer for the last chunk so that byte never lands past the caller's room.
    while (input.size() > kChunkBytes) {
        const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out), input.data(),
                                            static_cast<int>(kChunkBytes));
        out += written;  // the NUL it wrote is overwritten by the next chunk
        input = input.subspan(kChunkBytes);
    }
    unsigned char tail[base64_length(kChunkBytes) + 1];
    const int written = EVP_EncodeBlock(tail, input.data(), static_cast<int>(input.size()));
    std::memcpy(out, tail, static_cast<std::size_t>(written));
    return out + written;
}

std::string base64_encode(std::span<const unsigned char> input) {
    std::string text(base64_length(input.size()), '\0');
    write_base64(text.data(), input);
    return text;
}

}  // namespace acoustream::encode
