#include "text/json_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace acoustream::text {
namespace {

TEST(JsonEscape, QuotesBackslashesAndControlBytes) {
    EXPECT_EQ(json_escape("plain text"), "plain text");
    EXPECT_EQ(json_escape(R"(say "hi" C:\dir)"), R"(say \"hi\" C:\\dir)");
    EXPECT_EQ(json_escape("a\nb\rc\td"), R"(a\nb\rc\td)");
    EXPECT_EQ(json_escape(std::string("\0\x01\x1f", 3)), R"(\u0000\u0001\u001f)");
}

TEST(JsonEscape, KeepsDelAndUtf8AsTheyAre) {
    EXPECT_EQ(json_escape("\x7f"), "\x7f");
    EXPECT_EQ(json_escape("caf\xC3\xA9 \xE2\x86\x92"), "caf\xC3\xA9 \xE2\x86\x92");
}

TEST(JsonEscape, StringWithQuotesIntoAnyBuffer) {
    std::string out = "x=";
    append_json_string(out, "a\"b");
    EXPECT_EQ(out, R"(x="a\"b")");
}

}  // namespace
}  // namespace acoustream::text
