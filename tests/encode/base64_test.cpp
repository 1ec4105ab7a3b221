#include "encode/base64.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace acoustream::encode {
namespace {

std::string encode_text(std::string_view text) {
    return base64_encode(
        std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

TEST(Base64, Rfc4648Vectors) {
    EXPECT_EQ(encode_text(""), "");
    EXPECT_EQ(encode_text("f"), "Zg==");
    EXPECT_EQ(encode_text("fo"), "Zm8=");
    EXPECT_EQ(encode_text("foo"), "Zm9v");
    EXPECT_EQ(encode_text("foob"), "Zm9vYg==");
    EXPECT_EQ(encode_text("fooba"), "Zm9vYmE=");
    EXPECT_EQ(encode_text("foobar"), "Zm9vYmFy");
}

TEST(Base64, ChunkedEncodingEqualsOneShotAtEverySizeAroundTheChunk) {
    std::mt19937 rng(7);
    for (std::size_t size : {3071u, 3072u, 3073u, 3074u, 6144u, 6145u, 10000u, 100001u}) {
        std::vector<unsigned char> input(size);
        for (auto& byte : input) byte = static_cast<unsigned char>(rng());
        std::string expected(base64_length(size) + 1, '\0');
        const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data()),
                                      input.data(), static_cast<int>(size));
        expected.resize(static_cast<std::size_t>(n));
        const std::string actual = base64_encode(input);
        EXPECT_EQ(actual.size(), base64_length(size));
        EXPECT_EQ(actual, expected) << size;
        EXPECT_EQ(actual.find('\n'), std::string::npos);
    }
}

TEST(Base64, WritesExactlyItsLengthAndNothingPastIt) {
    const std::vector<unsigned char> input(3073, 0xAB);
    std::string buffer(base64_length(input.size()) + 8, '#');
    char* end = write_base64(buffer.data(), input);
    EXPECT_EQ(end - buffer.data(), static_cast<std::ptrdiff_t>(base64_length(input.size())));
    EXPECT_EQ(buffer.substr(base64_length(input.size())), "########");
}

}  // namespace
}  // namespace acoustream::encode
