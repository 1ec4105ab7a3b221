// Parameters that mean nothing on a route, and max_fps against the frame rate.
#include "http/stream_route_checks.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace acoustream::http {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

encode::StreamQuery parsed(const Params& params) {
    auto result = encode::parse_stream_query(params);
    EXPECT_TRUE(std::holds_alternative<encode::StreamQuery>(result));
    return std::get<encode::StreamQuery>(result);
}

// The parameter named, or "" when the query is accepted.
std::string refused(const Params& params, StreamRoute route, double frame_rate = 30) {
    auto query = parsed(params);
    if (route == StreamRoute::audio_fast && !query.given.contains("encoding"))
        query.encoding = encode::StreamQuery::Encoding::f32;
    const auto error = check_stream_query(query, route, frame_rate);
    if (!error) return "";
    EXPECT_NE(error->message.find(error->parameter), std::string::npos) << error->message;
    return error->parameter;
}

TEST(StreamRouteChecks, CompactFormsWhereTheyApply) {
    EXPECT_EQ(refused({{"encoding", "i16"}}, StreamRoute::audio), "");
    EXPECT_EQ(refused({{"encoding", "i16"}}, StreamRoute::latest), "");
    EXPECT_EQ(refused({{"format", "db"}}, StreamRoute::spectral), "");
    EXPECT_EQ(refused({{"format", "db"}, {"encoding", "i16"}}, StreamRoute::events), "");
    EXPECT_EQ(refused({{"encoding", "f32"}}, StreamRoute::audio_fast), "");
    EXPECT_EQ(refused({}, StreamRoute::audio_fast), "");
    EXPECT_EQ(refused({{"max_fps", "30"}}, StreamRoute::events), "");
    EXPECT_EQ(refused({{"max_fps", "0.25"}}, StreamRoute::spectral), "");
}

TEST(StreamRouteChecks, CombinationsThatMakeNoSenseNameTheParameterAndTheRoute) {
    const auto message = [](const Params& params, StreamRoute route) {
        return check_stream_query(parsed(params), route, 30)->message;
    };
    EXPECT_EQ(refused({{"format", "db"}}, StreamRoute::audio), "format");
    EXPECT_NE(message({{"format", "db"}}, StreamRoute::audio).find("/api/audio/stream/audio"),
              std::string::npos);
    EXPECT_EQ(refused({{"format", "linear"}}, StreamRoute::latest), "format");
    EXPECT_EQ(refused({{"format", "db"}}, StreamRoute::audio_fast), "format");
    EXPECT_EQ(refused({{"encoding", "json"}}, StreamRoute::spectral), "encoding");
    EXPECT_NE(message({{"encoding", "i16"}}, StreamRoute::spectral).find("/spectral"),
              std::string::npos);
    EXPECT_EQ(refused({{"encoding", "i16"}}, StreamRoute::audio_fast), "encoding");
    EXPECT_EQ(refused({{"max_fps", "5"}}, StreamRoute::latest), "max_fps");
    EXPECT_EQ(refused({{"types", "audio,stats"}, {"format", "db"}}, StreamRoute::events), "format");
    EXPECT_EQ(refused({{"types", "spectral"}, {"encoding", "i16"}}, StreamRoute::events),
              "encoding");
}

TEST(StreamRouteChecks, MaxFpsAboveTheFrameRate) {
    EXPECT_EQ(refused({{"max_fps", "30.5"}}, StreamRoute::audio, 30), "max_fps");
    EXPECT_EQ(refused({{"max_fps", "30"}}, StreamRoute::audio, 30), "");
    EXPECT_EQ(refused({{"max_fps", "1000"}}, StreamRoute::audio, 0), "");  // rate unknown
    const auto error = check_stream_query(parsed({{"max_fps", "50"}}), StreamRoute::audio, 25);
    ASSERT_TRUE(error);
    EXPECT_NE(error->message.find("25.0"), std::string::npos) << error->message;
}

}  // namespace
}  // namespace acoustream::http
