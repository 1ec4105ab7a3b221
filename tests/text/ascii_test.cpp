#include "text/ascii.hpp"

#include <gtest/gtest.h>

namespace acoustream::text {
namespace {

TEST(Ascii, LowerAndCaseInsensitiveComparisonIgnoreTheLocale) {
    EXPECT_EQ(ascii_lower("Bearer JWT-\xC3\x89"), "bearer jwt-\xC3\x89");
    EXPECT_TRUE(iequals("Chunked", "cHUNKED"));
    EXPECT_FALSE(iequals("chunked", "chunk"));
}

TEST(Ascii, IStartsWith) {
    EXPECT_TRUE(istarts_with("HTTP/1.1 200 OK", "http/"));
    EXPECT_TRUE(istarts_with("port", ""));
    EXPECT_TRUE(istarts_with("Streaming", "STREAM"));
    EXPECT_FALSE(istarts_with("str", "stream"));
    EXPECT_FALSE(istarts_with("xport", "port"));
}

TEST(Ascii, TrimRemovesSpacesAndTabsOnly) {
    EXPECT_EQ(trim(" \t value \t"), "value");
    EXPECT_EQ(trim("\nvalue\n"), "\nvalue\n");
    EXPECT_EQ(trim("  "), "");
}

TEST(Ascii, ParseU64TakesPlainDecimalOnly) {
    EXPECT_EQ(parse_u64("0"), 0U);
    EXPECT_EQ(parse_u64("18446744073709551615"), 18446744073709551615ULL);
    EXPECT_EQ(parse_u64("18446744073709551616"), std::nullopt);
    for (const char* bad : {"", "+1", "-1", " 1", "1 ", "1x", "0x10"})
        EXPECT_EQ(parse_u64(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace acoustream::text
