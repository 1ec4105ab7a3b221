#include "encode/audio_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "encode/test_floats.hpp"

namespace acoustream::encode {
namespace {

audio::AudioFrame ramp_frame(std::size_t samples) {
    audio::AudioFrame frame;
    for (std::size_t i = 0; i < samples; ++i) {
        frame.channel_a.push_back(static_cast<float>(i));
        frame.channel_b.push_back(-static_cast<float>(i) - 0.5f);
    }
    frame.sample_rate = 48000;
    frame.timestamp = 1'700'000'000'123;
    frame.frame_number = 42;
    return frame;
}

// A JSON reader stores numbers as double, or as an integer when the text has
// no point or exponent; every sample must come back as a float, bit-exact by
// narrowing, zeros with their sign.
void expect_same_float(const nlohmann::json& parsed, float expected) {
    ASSERT_TRUE(parsed.is_number_float()) << parsed << " for " << expected;
    const float actual = static_cast<float>(parsed.get<double>());
    EXPECT_EQ(std::bit_cast<std::uint32_t>(actual), std::bit_cast<std::uint32_t>(expected))
        << parsed << " vs " << expected;
}

// The comma-separated tokens of the array that follows `prefix` in `json`.
std::vector<std::string> array_tokens(const std::string& json, const std::string& prefix) {
    const std::size_t begin = json.find(prefix) + prefix.size();
    const std::size_t end = json.find(']', begin);
    std::vector<std::string> tokens;
    std::size_t start = begin;
    while (start < end) {
        const std::size_t comma = std::min(json.find(',', start), end);
        tokens.push_back(json.substr(start, comma - start));
        start = comma + 1;
    }
    return tokens;
}

TEST(AudioJson, ExactBytesForATinyFrame) {
    audio::AudioFrame frame;
    frame.channel_a = {0.5f, -0.25f, 0.4837261f};
    frame.channel_b = {1.0f, 0.0f, -0.0f};
    frame.sample_rate = 48000;
    frame.timestamp = 1'700'000'000'000;
    frame.frame_number = 7;
    EXPECT_EQ(
        encode_audio_json(frame),
        R"({"channel_a":[0.5,-0.25,0.4837261],"channel_b":[1.0,0.0,-0.0],"sample_rate":48000,)"
        R"("timestamp":1700000000000,"frame_number":7,"duration_ms":0.0625})");
}

TEST(AudioJson, EmptyFrame) {
    audio::AudioFrame frame;
    EXPECT_EQ(encode_audio_json(frame),
              R"({"channel_a":[],"channel_b":[],"sample_rate":0,"timestamp":0,)"
              R"("frame_number":0,"duration_ms":0.0})");
}

TEST(AudioJson, NonFiniteSamplesAreNullAndTheDocumentStaysValid) {
    audio::AudioFrame frame;
    frame.channel_a = {std::numeric_limits<float>::quiet_NaN(), 1.0f};
    frame.channel_b = {std::numeric_limits<float>::infinity(),
                       -std::numeric_limits<float>::infinity()};
    frame.sample_rate = 8000;
    const std::string json = encode_audio_json(frame);
    EXPECT_NE(json.find(R"("channel_a":[null,1.0])"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("channel_b":[null,null])"), std::string::npos) << json;
    EXPECT_TRUE(nlohmann::json::accept(json));
}

TEST(AudioJson, SamplesRoundTripBitExact) {
    const auto values = testing::tricky_floats(50000);
    audio::AudioFrame frame;
    frame.channel_a = values;
    frame.channel_b.assign(values.rbegin(), values.rend());
    frame.sample_rate = 44100;
    frame.timestamp = 12345;
    frame.frame_number = 3;

    const std::string json = encode_audio_json(frame);
    const auto parsed = nlohmann::json::parse(json);
    ASSERT_EQ(parsed["channel_a"].size(), values.size());
    ASSERT_EQ(parsed["channel_b"].size(), values.size());
    const auto& reversed = frame.channel_b;
    for (std::size_t i = 0; i < values.size(); ++i) {
        expect_same_float(parsed["channel_a"][i], values[i]);
        expect_same_float(parsed["channel_b"][i], reversed[i]);
    }
    // The text itself, read with from_chars, keeps even the sign of zero.
    const auto a_text = array_tokens(json, R"("channel_a":[)");
    ASSERT_EQ(a_text.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        float f = 0;
        const auto [ptr, ec] =
            std::from_chars(a_text[i].data(), a_text[i].data() + a_text[i].size(), f);
        ASSERT_EQ(ec, std::errc{}) << a_text[i];
        ASSERT_EQ(ptr, a_text[i].data() + a_text[i].size()) << a_text[i];
        ASSERT_EQ(std::bit_cast<std::uint32_t>(f), std::bit_cast<std::uint32_t>(values[i]))
            << a_text[i];
    }
    EXPECT_EQ(parsed["sample_rate"].get<std::uint32_t>(), 44100u);
    EXPECT_EQ(parsed["timestamp"].get<std::uint64_t>(), 12345u);
    EXPECT_EQ(parsed["frame_number"].get<std::uint64_t>(), 3u);
    EXPECT_DOUBLE_EQ(parsed["duration_ms"].get<double>(), frame.duration_ms());
}

TEST(AudioJson, FieldOrderAndLargeIntegers) {
    auto frame = ramp_frame(2);
    frame.timestamp = std::numeric_limits<std::uint64_t>::max();
    frame.frame_number = std::numeric_limits<std::uint64_t>::max() - 1;
    const std::string json = encode_audio_json(frame);
    const auto pos = [&](const char* key) { return json.find(key); };
    EXPECT_LT(pos("\"channel_a\""), pos("\"channel_b\""));
    EXPECT_LT(pos("\"channel_b\""), pos("\"sample_rate\""));
    EXPECT_LT(pos("\"sample_rate\""), pos("\"timestamp\""));
    EXPECT_LT(pos("\"timestamp\""), pos("\"frame_number\""));
    EXPECT_LT(pos("\"frame_number\""), pos("\"duration_ms\""));
    EXPECT_NE(json.find(R"("timestamp":18446744073709551615,)"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("frame_number":18446744073709551614,)"), std::string::npos) << json;
    EXPECT_EQ(json.find(' '), std::string::npos);
}

TEST(AudioJson, DecimationKeepsEveryKthSampleFromZero) {
    const auto frame = ramp_frame(10);
    const auto parsed3 = nlohmann::json::parse(encode_audio_json(frame, 3));
    EXPECT_EQ(parsed3["channel_a"], nlohmann::json({0, 3, 6, 9}));
    EXPECT_EQ(parsed3["channel_b"], nlohmann::json({-0.5, -3.5, -6.5, -9.5}));
    EXPECT_EQ(nlohmann::json::parse(encode_audio_json(frame, 4))["channel_a"],
              nlohmann::json({0, 4, 8}));
    EXPECT_EQ(nlohmann::json::parse(encode_audio_json(frame, 10))["channel_a"],
              nlohmann::json({0}));
    EXPECT_EQ(nlohmann::json::parse(encode_audio_json(frame, 1000000))["channel_a"],
              nlohmann::json({0}));
    EXPECT_EQ(nlohmann::json::parse(encode_audio_json(frame, 1))["channel_a"].size(), 10u);
}

TEST(AudioJson, DurationIsThatOfTheWholeFrameWhenDecimated) {
    const auto frame = ramp_frame(1600);
    const auto parsed = nlohmann::json::parse(encode_audio_json(frame, 7));
    EXPECT_EQ(parsed["channel_a"].size(), 229u);  // 0, 7, ..., 1596
    EXPECT_EQ(parsed["channel_a"].back().get<double>(), 1596.0);
    EXPECT_DOUBLE_EQ(parsed["duration_ms"].get<double>(), 1600.0 * 1000.0 / 48000.0);
}

TEST(AudioJson, ZeroDecimateIsRefused) {
    EXPECT_THROW((void)encode_audio_json(ramp_frame(4), 0), std::invalid_argument);
}

}  // namespace
}  // namespace acoustream::encode
