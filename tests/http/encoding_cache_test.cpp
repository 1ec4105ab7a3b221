#include "http/encoding_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace acoustream::http {
namespace {

using Cache = EncodingCache<std::string>;

// An encoder that counts its calls and names what it made.
struct Counting {
    int calls = 0;
    auto for_frame(std::uint64_t frame) {
        return [this, frame](const std::string& key) {
            ++calls;
            return key + "@" + std::to_string(frame);
        };
    }
};

TEST(EncodingCache, EncodesOncePerFrameAndVariant) {
    Cache cache(8);
    Counting enc;
    auto make = enc.for_frame(1);
    const auto a = cache.get(1, "json", [&] { return make("json"); });
    const auto b = cache.get(1, "json", [&] { return make("json"); });
    EXPECT_EQ(a, b);  // the same shared bytes
    EXPECT_EQ(*a, "json@1");
    EXPECT_EQ(enc.calls, 1);
    cache.get(1, "f32", [&] { return make("f32"); });
    EXPECT_EQ(enc.calls, 2);
    EXPECT_EQ(cache.encodes(), 2u);
}

TEST(EncodingCache, PreEncodeEncodesTheVariantsAskedForInThePreviousFrame) {
    Cache cache(8);
    Counting enc;
    cache.get(5, "json", [&] { return enc.for_frame(5)("json"); });
    cache.get(5, "f32", [&] { return enc.for_frame(5)("f32"); });
    ASSERT_EQ(enc.calls, 2);

    cache.pre_encode(6, enc.for_frame(6));
    EXPECT_EQ(enc.calls, 4);
    // A session asking for frame 6 now gets the pre-encoded bytes, no encode.
    bool encoded_again = false;
    const auto json = cache.get(6, "json", [&] {
        encoded_again = true;
        return std::string("wrong");
    });
    EXPECT_FALSE(encoded_again);
    EXPECT_EQ(*json, "json@6");
    EXPECT_EQ(cache.encodes(), 4u);
}

TEST(EncodingCache, PreEncodeDoesNothingWithoutRecentRequests) {
    Cache cache(8);
    Counting enc;
    cache.pre_encode(0, enc.for_frame(0));
    cache.pre_encode(1, enc.for_frame(1));  // nobody asked for frame 0
    EXPECT_EQ(enc.calls, 0);

    cache.get(1, "json", [&] { return enc.for_frame(1)("json"); });
    cache.pre_encode(2, enc.for_frame(2));
    ASSERT_EQ(enc.calls, 2);
    // Frame 2 was pre-encoded but no session read it (the clients left): frame 3
    // is not pre-encoded, so pre-encoded bytes nobody reads stop after one frame.
    cache.pre_encode(3, enc.for_frame(3));
    EXPECT_EQ(enc.calls, 2);
}

TEST(EncodingCache, KeepsOnlyTheNewestFrames) {
    Cache cache(2);
    Counting enc;
    for (std::uint64_t f = 1; f <= 3; ++f)
        cache.get(f, "json", [&] { return enc.for_frame(f)("json"); });
    ASSERT_EQ(enc.calls, 3);
    cache.get(3, "json", [&] { return enc.for_frame(3)("json"); });
    EXPECT_EQ(enc.calls, 3);  // retained
    cache.get(1, "json", [&] { return enc.for_frame(1)("json"); });
    EXPECT_EQ(enc.calls, 4);  // evicted, made again
}

}  // namespace
}  // namespace acoustream::http
