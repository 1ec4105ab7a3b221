#include "encode/float_format.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "encode/test_floats.hpp"

namespace acoustream::encode {
namespace {

float parse_float(const std::string& text) {
    float value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    EXPECT_EQ(ec, std::errc{}) << text;
    EXPECT_EQ(ptr, text.data() + text.size()) << text;
    return value;
}

TEST(FloatFormat, ShortestFormsOfCommonValues) {
    std::string out;
    append_float(out, 0.4837261f);
    EXPECT_EQ(out, "0.4837261");
    out.clear();
    append_float(out, 0.1f);
    EXPECT_EQ(out, "0.1");
    out.clear();
    append_float(out, -0.0f);
    EXPECT_EQ(out, "-0.0");
    out.clear();
    append_float(out, 1e7f);
    EXPECT_EQ(out, "1e+07");
    out.clear();
    append_double(out, 1000.0 / 30.0);
    EXPECT_EQ(out, "33.333333333333336");
    out.clear();
    append_uint(out, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(out, "18446744073709551615");
}

// Typed parsers (Python's json, numpy) read "1" as an integer and "-0" as
// integer 0: every float must have a point or an exponent.
TEST(FloatFormat, IntegralValuesAreWrittenAsFloats) {
    const std::pair<float, const char*> floats[] = {{0.0f, "0.0"},
                                                    {-0.0f, "-0.0"},
                                                    {1.0f, "1.0"},
                                                    {-3.0f, "-3.0"},
                                                    {100.0f, "100.0"},
                                                    {16777216.0f, "16777216.0"},
                                                    {-123456.0f, "-123456.0"},
                                                    {1e7f, "1e+07"},
                                                    {3.4028235e38f, "3.4028235e+38"}};
    for (const auto& [value, text] : floats) {
        std::string out;
        append_float(out, value);
        EXPECT_EQ(out, text);
    }
    const std::pair<double, const char*> doubles[] = {
        {0.0, "0.0"}, {-0.0, "-0.0"}, {20.0, "20.0"}, {1e22, "1e+22"}, {0.0625, "0.0625"}};
    for (const auto& [value, text] : doubles) {
        std::string out;
        append_double(out, value);
        EXPECT_EQ(out, text);
    }
}

TEST(FloatFormat, NonFiniteIsNull) {
    for (float f : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()}) {
        std::string out;
        append_float(out, f);
        EXPECT_EQ(out, "null");
    }
    std::string out;
    append_double(out, std::numeric_limits<double>::quiet_NaN());
    EXPECT_EQ(out, "null");
}

TEST(FloatFormat, RoundTripsBitExactWithinTheBound) {
    for (float f : testing::tricky_floats(200000)) {
        char buffer[kMaxFloatChars];
        const char* end = write_float(buffer, f);
        const std::string text(buffer, static_cast<std::size_t>(end - buffer));
        ASSERT_LE(text.size(), kMaxFloatChars - 1);
        ASSERT_EQ(std::bit_cast<std::uint32_t>(parse_float(text)), std::bit_cast<std::uint32_t>(f))
            << text;
        if (std::isfinite(f)) {
            ASSERT_NE(text.find_first_of(".e"), std::string::npos) << text;
        }
    }
}

TEST(FloatFormat, LongestDoubleFitsTheBound) {
    char buffer[kMaxDoubleChars];
    const char* end = write_double(buffer, -2.2250738585072014e-308);
    EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(end - buffer)),
              "-2.2250738585072014e-308");
}

}  // namespace
}  // namespace acoustream::encode
