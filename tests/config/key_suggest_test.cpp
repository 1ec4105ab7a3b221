#include "config/key_suggest.hpp"

#include <gtest/gtest.h>

#include <array>

namespace acoustream::config {
namespace {

TEST(ConfigEditDistance, CountsEdits) {
    EXPECT_EQ(edit_distance("port", "port"), 0u);
    EXPECT_EQ(edit_distance("prot", "port"), 1u);  // transposition
    EXPECT_EQ(edit_distance("Port", "port"), 0u);  // case-insensitive
    EXPECT_EQ(edit_distance("frequncy", "frequency"), 1u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ConfigClosestKey, SuggestsLikelyTypos) {
    constexpr std::array<std::string_view, 5> known{"sse_timeout_secs", "sse_retry_ms", "threads",
                                                    "port", "address"};
    EXPECT_EQ(closest_key("sse_timeout", known), "sse_timeout_secs");
    EXPECT_EQ(closest_key("sse_retry", known), "sse_retry_ms");
    EXPECT_EQ(closest_key("thread", known), "threads");
    EXPECT_EQ(closest_key("adress", known), "address");
    EXPECT_EQ(closest_key("PORT", known), "port");
    EXPECT_EQ(closest_key("xyz", known), std::nullopt);
    EXPECT_EQ(closest_key("colour", known), std::nullopt);
    EXPECT_EQ(closest_key("ab", known), std::nullopt);
}

}  // namespace
}  // namespace acoustream::config
