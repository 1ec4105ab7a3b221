#include "audio/spsc_ring.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <thread>
#include <vector>

namespace acoustream::audio {
namespace {

TEST(SpscRing, CapacityRoundsUpToAPowerOfTwo) {
    EXPECT_EQ(SpscRing(0).capacity(), 2u);
    EXPECT_EQ(SpscRing(2).capacity(), 2u);
    EXPECT_EQ(SpscRing(5).capacity(), 8u);
    EXPECT_EQ(SpscRing(96000).capacity(), 131072u);
}

TEST(SpscRing, PopsWhatWasPushedInOrder) {
    SpscRing ring(8);
    const float in[] = {1, 2, 3, 4, 5};
    EXPECT_EQ(ring.push(in, 5), 5u);
    EXPECT_EQ(ring.size(), 5u);
    float out[8] = {};
    EXPECT_EQ(ring.pop(out, 3), 3u);
    EXPECT_EQ(out[0], 1.0f);
    EXPECT_EQ(out[2], 3.0f);
    EXPECT_EQ(ring.pop(out, 8), 2u);
    EXPECT_EQ(out[0], 4.0f);
    EXPECT_EQ(out[1], 5.0f);
    EXPECT_EQ(ring.pop(out, 8), 0u);
    EXPECT_EQ(ring.size(), 0u);
}

TEST(SpscRing, FullRingAcceptsOnlyWhatFitsAndReportsIt) {
    SpscRing ring(4);
    const float in[] = {1, 2, 3, 4, 5, 6};
    EXPECT_EQ(ring.push(in, 6), 4u);
    EXPECT_EQ(ring.push(in, 1), 0u);
    float out[4] = {};
    EXPECT_EQ(ring.pop(out, 4), 4u);
    EXPECT_EQ(out[3], 4.0f);  // the oldest samples are kept, the newest dropped
}

TEST(SpscRing, WrapsAroundTheEndOfTheStorage) {
    SpscRing ring(8);
    std::vector<float> out(8);
    float next_in = 0;
    float next_out = 0;
    for (int round = 0; round < 50; ++round) {
        const std::size_t n = 1 + static_cast<std::size_t>(round % 7);
        std::vector<float> in(n);
        for (float& v : in) {
            v = next_in++;
        }
        ASSERT_EQ(ring.push(in.data(), n), n);
        ASSERT_EQ(ring.pop(out.data(), n), n);
        for (std::size_t i = 0; i < n; ++i) {
            ASSERT_EQ(out[i], next_out++) << "round " << round;
        }
    }
}

TEST(SpscRing, DiscardAllEmptiesTheRing) {
    SpscRing ring(8);
    const float in[] = {1, 2, 3};
    ring.push(in, 3);
    ring.discard_all();
    EXPECT_EQ(ring.size(), 0u);
    float out[1];
    EXPECT_EQ(ring.pop(out, 1), 0u);
    EXPECT_EQ(ring.push(in, 3), 3u);
    EXPECT_EQ(ring.pop(out, 1), 1u);
    EXPECT_EQ(out[0], 1.0f);
}

// Every sample crosses threads exactly once and in order, through many
// wrap-arounds and full/empty transitions (run under the tsan preset too).
TEST(SpscRing, TwoThreadStressKeepsEverySampleInOrder) {
    constexpr std::uint32_t kTotal = 2'000'000;  // below 2^24: exact as float
    SpscRing ring(1024);
    std::thread producer([&] {
        std::mt19937 rng(7);
        std::vector<float> chunk(300);
        std::uint32_t next = 0;
        while (next < kTotal) {
            const std::uint32_t n = std::min<std::uint32_t>(1 + rng() % 300, kTotal - next);
            for (std::uint32_t i = 0; i < n; ++i) {
                chunk[i] = static_cast<float>(next + i);
            }
            std::uint32_t sent = 0;
            while (sent < n) {
                sent += static_cast<std::uint32_t>(ring.push(chunk.data() + sent, n - sent));
                if (sent < n) {
                    std::this_thread::yield();
                }
            }
            next += n;
        }
    });
    std::mt19937 rng(11);
    std::vector<float> out(300);
    std::uint32_t expected = 0;
    std::uint32_t mismatches = 0;
    while (expected < kTotal) {
        const std::size_t got = ring.pop(out.data(), 1 + rng() % 300);
        if (got == 0) {
            std::this_thread::yield();
        }
        for (std::size_t i = 0; i < got; ++i) {
            if (out[i] != static_cast<float>(expected)) {
                ++mismatches;
            }
            ++expected;
        }
    }
    producer.join();
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(expected, kTotal);
    EXPECT_EQ(ring.size(), 0u);
}

}  // namespace
}  // namespace acoustream::audio
