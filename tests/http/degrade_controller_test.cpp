// The degrade policy's decisions with time passed in: coarser past half the
// byte bound (one step per event sent), capped, finer after keeping up.
#include "http/degrade_controller.hpp"

#include <gtest/gtest.h>

namespace acoustream::http {
namespace {

using namespace std::chrono_literals;
using Clock = DegradeController::Clock;

DegradeController controller(unsigned cap = 16) {
    return DegradeController({.max_queue_bytes = 1000, .max_factor = cap, .recover_after = 2s});
}

TEST(DegradeController, StaysAtTheRequestedResolutionWhileTheClientKeepsUp) {
    auto c = controller();
    const Clock::time_point t0{};
    for (int i = 0; i < 100; ++i) EXPECT_FALSE(c.update(500, 1, t0 + i * 100ms));
    EXPECT_EQ(c.factor(), 1u);
}

TEST(DegradeController, StepsCoarserOncePerEventSentUpToTheCap) {
    auto c = controller(16);
    const Clock::time_point t0{};
    EXPECT_EQ(c.update(501, 5, t0), 2u);
    EXPECT_FALSE(c.update(900, 5, t0 + 1ms)) << "no event sent at x2 yet";
    c.sent();
    EXPECT_EQ(c.update(900, 5, t0 + 2ms), 4u);
    c.sent();
    EXPECT_EQ(c.update(900, 5, t0 + 3ms), 8u);
    c.sent();
    EXPECT_EQ(c.update(900, 5, t0 + 4ms), 16u);
    c.sent();
    EXPECT_FALSE(c.update(5000, 50, t0 + 5ms)) << "past the cap the byte bound applies";
    EXPECT_EQ(c.factor(), 16u);
}

TEST(DegradeController, ACapThatIsNotAPowerOfTwoIsReached) {
    auto c = controller(12);
    const Clock::time_point t0{};
    for (unsigned expected : {2u, 4u, 8u, 12u}) {
        EXPECT_EQ(c.update(900, 5, t0), expected);
        c.sent();
    }
}

TEST(DegradeController, StepsBackFinerAfterKeepingUpForTheRecoveryTime) {
    auto c = controller();
    Clock::time_point t{};
    EXPECT_EQ(c.update(900, 5, t), 2u);
    c.sent();
    EXPECT_EQ(c.update(900, 5, t += 1ms), 4u);
    c.sent();
    EXPECT_FALSE(c.update(100, 1, t += 1s));
    EXPECT_FALSE(c.update(100, 3, t += 1500ms)) << "a backlog restarts the calm period";
    EXPECT_FALSE(c.update(100, 1, t += 1500ms));
    EXPECT_EQ(c.update(100, 0, t += 600ms), 2u);
    EXPECT_FALSE(c.update(100, 0, t += 1s));
    EXPECT_EQ(c.update(100, 0, t += 1s), 1u);
    EXPECT_FALSE(c.update(0, 0, t += 10s)) << "never finer than requested";
    EXPECT_EQ(c.factor(), 1u);
}

}  // namespace
}  // namespace acoustream::http
