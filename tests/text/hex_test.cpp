#include "text/hex.hpp"

#include <gtest/gtest.h>

#include <string>

namespace acoustream::text {
namespace {

TEST(Hex, DigitValuesOfEitherCase) {
    EXPECT_EQ(hex_value('0'), 0);
    EXPECT_EQ(hex_value('9'), 9);
    EXPECT_EQ(hex_value('a'), 10);
    EXPECT_EQ(hex_value('F'), 15);
    for (const char c : {'g', 'G', 'x', ' ', '/', ':', '@', '`', '\0'})
        EXPECT_EQ(hex_value(c), -1) << static_cast<int>(c);
}

TEST(Hex, ByteAsTwoLowerCaseDigits) {
    std::string out;
    append_hex_byte(out, 0x00);
    append_hex_byte(out, 0x7f);
    append_hex_byte(out, 0xAB);
    EXPECT_EQ(out, "007fab");
    for (unsigned byte = 0; byte < 256; ++byte) {
        std::string two;
        append_hex_byte(two, static_cast<unsigned char>(byte));
        EXPECT_EQ(hex_value(two[0]) * 16 + hex_value(two[1]), static_cast<int>(byte));
    }
}

}  // namespace
}  // namespace acoustream::text
