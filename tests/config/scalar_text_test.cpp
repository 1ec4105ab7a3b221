#include "config/scalar_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace acoustream::config {
namespace {

using Status = UnsignedText::Status;

TEST(ConfigScalarText, Unsigned) {
    struct Case {
        const char* text;
        Status status;
        std::uint64_t value;
    };
    const Case cases[] = {
        {"0", Status::ok, 0},
        {"42", Status::ok, 42},
        {"+7", Status::ok, 7},
        {"007", Status::ok, 7},
        {"0x1F", Status::ok, 31},
        {"0XfF", Status::ok, 255},
        {"18446744073709551615", Status::ok, 18446744073709551615u},
        {"18446744073709551616", Status::too_large, 0},
        {"0x10000000000000000", Status::too_large, 0},
        {"", Status::not_an_integer, 0},
        {"+", Status::not_an_integer, 0},
        {"-1", Status::not_an_integer, 0},
        {"1.0", Status::not_an_integer, 0},
        {"1e3", Status::not_an_integer, 0},
        {"1_000", Status::not_an_integer, 0},
        {" 1", Status::not_an_integer, 0},
        {"0x", Status::not_an_integer, 0},
        {"0xg", Status::not_an_integer, 0},
        {"0o17", Status::not_an_integer, 0},
    };
    for (const auto& tc : cases) {
        const UnsignedText got = parse_unsigned_text(tc.text);
        EXPECT_EQ(got.status, tc.status) << tc.text;
        EXPECT_EQ(got.value, tc.value) << tc.text;
    }
}

TEST(ConfigScalarText, Real) {
    struct Case {
        const char* text;
        double value;
    };
    const Case valid[] = {{"1", 1.0},        {"-2.5", -2.5},  {"+3.", 3.0},
                          {".5", 0.5},       {"1e3", 1000.0}, {"1E-2", 0.01},
                          {"-.25e+1", -2.5}, {"0.05", 0.05},  {"1e-400", 0.0}};
    for (const auto& tc : valid) {
        const auto got = parse_real_text(tc.text);
        ASSERT_TRUE(got) << tc.text;
        EXPECT_EQ(*got, tc.value) << tc.text;
    }
    EXPECT_EQ(parse_real_text(".inf"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_real_text("-.Inf"), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(parse_real_text("1e400"), std::numeric_limits<double>::infinity());
    ASSERT_TRUE(parse_real_text(".NaN"));
    EXPECT_TRUE(std::isnan(*parse_real_text(".NaN")));
    for (const char* text : {"", ".", "e3", "1e", "1.2.3", "0x10", "inf", "nan", "1,5", "1 ", "- 1",
                             "++1", "abc", "1_0"}) {
        EXPECT_EQ(parse_real_text(text), std::nullopt) << text;
    }
}

TEST(ConfigScalarText, Bool) {
    for (const char* text : {"true", "True", "TRUE"}) EXPECT_EQ(parse_bool_text(text), true);
    for (const char* text : {"false", "False", "FALSE"}) EXPECT_EQ(parse_bool_text(text), false);
    for (const char* text : {"yes", "no", "on", "off", "1", "0", "y", "tRUE", ""}) {
        EXPECT_EQ(parse_bool_text(text), std::nullopt) << text;
    }
}

}  // namespace
}  // namespace acoustream::config
