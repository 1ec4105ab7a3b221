#include "http/byte_range.hpp"

#include <gtest/gtest.h>

namespace acoustream::http {
namespace {

ByteRange range(const char* header, std::uint64_t size) {
    const auto answer = resolve_range(std::string(header), size);
    EXPECT_TRUE(std::holds_alternative<ByteRange>(answer)) << header;
    return std::holds_alternative<ByteRange>(answer) ? std::get<ByteRange>(answer) : ByteRange{};
}

bool whole(const std::optional<std::string>& header, std::uint64_t size) {
    return std::holds_alternative<WholeFile>(resolve_range(header, size));
}

bool unsatisfiable(const char* header, std::uint64_t size) {
    return std::holds_alternative<Unsatisfiable>(resolve_range(std::string(header), size));
}

TEST(ByteRange, FirstLastSuffixAndOpenEnded) {
    EXPECT_EQ(range("bytes=0-9", 100).length(), 10u);
    EXPECT_EQ(range("bytes=90-", 100).first, 90u);
    EXPECT_EQ(range("bytes=90-", 100).last, 99u);
    EXPECT_EQ(range("bytes=-10", 100).first, 90u);
    EXPECT_EQ(range("bytes=-500", 100).first, 0u);     // more than the file: all of it
    EXPECT_EQ(range("bytes=50-5000", 100).last, 99u);  // clipped to the end
    EXPECT_EQ(range("Bytes=1-2", 100).length(), 2u);   // the unit is case-insensitive
}

TEST(ByteRange, UnsatisfiableRanges) {
    EXPECT_TRUE(unsatisfiable("bytes=100-", 100));
    EXPECT_TRUE(unsatisfiable("bytes=100-200", 100));
    EXPECT_TRUE(unsatisfiable("bytes=-0", 100));
    EXPECT_TRUE(unsatisfiable("bytes=0-", 0));
}

TEST(ByteRange, WhatIsNotASingleByteRangeGetsTheWholeFile) {
    EXPECT_TRUE(whole(std::nullopt, 100));
    EXPECT_TRUE(whole("items=0-1", 100));
    EXPECT_TRUE(whole("bytes=0-1,5-6", 100));
    EXPECT_TRUE(whole("bytes=9-1", 100));
    EXPECT_TRUE(whole("bytes=-", 100));
    EXPECT_TRUE(whole("bytes = 1-2", 100));  // no space around "=" (RFC 9110)
    EXPECT_TRUE(whole("bytes=a-b", 100));
    EXPECT_TRUE(whole("bytes=99999999999999999999-", 100));
}

}  // namespace
}  // namespace acoustream::http
