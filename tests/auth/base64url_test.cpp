#include "auth/base64url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace acoustream::auth {
namespace {

TEST(AuthBase64url, EncodesRfc4648Vectors) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(AuthBase64url, DecodesAndRoundTrips) {
    EXPECT_EQ(base64url_decode("Zm9vYg").value(), "foob");
    EXPECT_EQ(base64url_decode("-_8").value(), "\xfb\xff");
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    EXPECT_EQ(base64url_decode(base64url_encode(all)).value(), all);
}

TEST(AuthBase64url, RejectsMalformedInput) {
    EXPECT_FALSE(base64url_decode("Zm9vYg==").has_value());  // padding
    EXPECT_FALSE(base64url_decode("Zm9v+/").has_value());    // standard alphabet
    EXPECT_FALSE(base64url_decode("Zm9vY").has_value());     // impossible length
    EXPECT_FALSE(base64url_decode("Zm 9v").has_value());     // whitespace
}

}  // namespace
}  // namespace acoustream::auth
