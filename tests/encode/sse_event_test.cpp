#include "encode/sse_event.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace acoustream::encode {
namespace {

TEST(SseEvent, FrameEventHasIdAndOneDataLine) {
    EXPECT_EQ(sse_event(R"({"a":1})", 17), "id: 17\ndata: {\"a\":1}\n\n");
}

TEST(SseEvent, NamedEventOrderIsIdEventData) {
    EXPECT_EQ(sse_event("{}", 0, "audio"), "id: 0\nevent: audio\ndata: {}\n\n");
    EXPECT_EQ(sse_event("{}", {}, "stats"), "event: stats\ndata: {}\n\n");
}

TEST(SseEvent, NoIdNoEvent) {
    EXPECT_EQ(sse_event(kHeartbeatPayload), "data: {\"type\":\"heartbeat\"}\n\n");
    EXPECT_EQ(sse_event(""), "data: \n\n");
    EXPECT_EQ(sse_event(std::string_view{}), "data: \n\n");
    EXPECT_EQ(sse_comment(std::string_view{}), ": \n\n");
}

TEST(SseEvent, LargestId) {
    EXPECT_EQ(sse_event("x", std::numeric_limits<std::uint64_t>::max()),
              "id: 18446744073709551615\ndata: x\n\n");
}

TEST(SseEvent, MultiLineDataIsSplitOnEveryLineBreakKind) {
    EXPECT_EQ(sse_event("a\nb\r\nc\rd"), "data: a\ndata: b\ndata: c\ndata: d\n\n");
    EXPECT_EQ(sse_event("a\n"), "data: a\ndata: \n\n");
    EXPECT_EQ(sse_event("\r\n\r\n"), "data: \ndata: \ndata: \n\n");
    // A leading space survives: the parser strips only the one after "data:".
    EXPECT_EQ(sse_event(" x"), "data:  x\n\n");
}

TEST(SseEvent, EventNameWithLineBreakIsRefused) {
    EXPECT_THROW((void)sse_event("{}", 1, "audio\ndata: evil"), std::invalid_argument);
    EXPECT_THROW((void)sse_event("{}", 1, "a\rb"), std::invalid_argument);
}

TEST(SseEvent, RetryAndComment) {
    EXPECT_EQ(sse_retry(3000), "retry: 3000\n\n");
    EXPECT_EQ(sse_retry(0), "retry: 0\n\n");
    EXPECT_EQ(sse_comment("keep-alive"), ": keep-alive\n\n");
    EXPECT_EQ(sse_comment("a\nb"), ": a\n: b\n\n");
}

TEST(SseEvent, ControlPayloads) {
    EXPECT_EQ(kHeartbeatPayload, R"({"type":"heartbeat"})");
    EXPECT_EQ(lagged_payload(12), R"({"type":"lagged","skipped":12})");
    EXPECT_EQ(lagged_payload(0), R"({"type":"lagged","skipped":0})");
    EXPECT_EQ(lagged_payload(5, "spectral"), R"({"type":"lagged","skipped":5,"event":"spectral"})");
    EXPECT_EQ(lagged_payload(std::numeric_limits<std::uint64_t>::max()),
              R"({"type":"lagged","skipped":18446744073709551615})");
}

}  // namespace
}  // namespace acoustream::encode
