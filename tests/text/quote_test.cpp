#include "text/quote.hpp"

#include <gtest/gtest.h>

#include <string>

namespace acoustream::text {
namespace {

TEST(Quote, EscapeShowsEveryByteUnambiguously) {
    EXPECT_EQ(quote("8080", 60, Unprintable::escape), R"("8080")");
    EXPECT_EQ(quote(R"(a"b\c)", 60, Unprintable::escape), R"("a\"b\\c")");
    EXPECT_EQ(quote("a\nb\tc\rd\x7f", 60, Unprintable::escape), R"("a\nb\tc\x0dd\x7f")");
    EXPECT_EQ(quote("caf\xC3\xA9", 60, Unprintable::escape), "\"caf\xC3\xA9\"");
}

TEST(Quote, ReplaceKeepsPrintableAsciiOnly) {
    EXPECT_EQ(quote("2.5", 40, Unprintable::replace), R"("2.5")");
    EXPECT_EQ(quote("a\nb\x01\x7f\xC3\xA9\"", 40, Unprintable::replace), R"("a?b????"")");
}

TEST(Quote, LongValuesAreCutInsideTheQuotes) {
    const std::string value(100, 'x');
    EXPECT_EQ(quote(value, 40, Unprintable::replace), "\"" + std::string(40, 'x') + "...\"");
    EXPECT_EQ(quote(value, 100, Unprintable::escape), "\"" + value + "\"");
    // The limit counts bytes of the value, before any escaping.
    EXPECT_EQ(quote("\n\n\n", 2, Unprintable::escape), R"("\n\n...")");
}

}  // namespace
}  // namespace acoustream::text
