#include "encode/audio_f32.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "encode/test_floats.hpp"

namespace acoustream::encode {
namespace {

// Decodes standard padded base64 of little-endian float32 back to floats.
std::vector<float> decode_floats(const std::string& text) {
    EXPECT_EQ(text.size() % 4, 0u) << "unpadded base64";
    std::vector<unsigned char> bytes(text.size() / 4 * 3 + 1);
    const int n = EVP_DecodeBlock(bytes.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    EXPECT_GE(n, 0) << "invalid base64";
    // EVP_DecodeBlock keeps the zero bytes that padding stands for.
    std::size_t length = static_cast<std::size_t>(n < 0 ? 0 : n);
    if (text.size() >= 2 && text.ends_with("==")) {
        length -= 2;
    } else if (text.ends_with("=")) {
        length -= 1;
    }
    EXPECT_EQ(length % 4, 0u);
    std::vector<float> floats(length / 4);
    for (std::size_t i = 0; i < floats.size(); ++i) {
        const std::uint32_t bits =
            std::uint32_t{bytes[4 * i]} | std::uint32_t{bytes[4 * i + 1]} << 8 |
            std::uint32_t{bytes[4 * i + 2]} << 16 | std::uint32_t{bytes[4 * i + 3]} << 24;
        floats[i] = std::bit_cast<float>(bits);
    }
    return floats;
}

void expect_bit_equal(const std::vector<float>& actual, const std::vector<float>& expected) {
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        ASSERT_EQ(std::bit_cast<std::uint32_t>(actual[i]),
                  std::bit_cast<std::uint32_t>(expected[i]))
            << "sample " << i;
    }
}

std::vector<float> every_kth(const std::vector<float>& values, unsigned k) {
    std::vector<float> out;
    for (std::size_t i = 0; i < values.size(); i += k) out.push_back(values[i]);
    return out;
}

TEST(AudioF32, ExactBytesForATinyFrame) {
    audio::AudioFrame frame;
    frame.channel_a = {1.0f};   // 00 00 80 3F
    frame.channel_b = {-2.0f};  // 00 00 00 C0
    frame.sample_rate = 48000;
    frame.timestamp = 1'700'000'000'000;
    frame.frame_number = 9;
    EXPECT_EQ(encode_audio_f32(frame),
              R"({"channel_a":"AACAPw==","channel_b":"AAAAwA==","channels_length":1,)"
              R"("channels_raw_type":"f32","channels_element_size":4,"sample_rate":48000,)"
              R"("timestamp":1700000000000,"frame_number":9,"duration_ms":0.020833333333333332})");
}

TEST(AudioF32, ChannelsDecodeBitExactIncludingNonFinite) {
    auto values = testing::tricky_floats(5000);
    values.push_back(std::numeric_limits<float>::quiet_NaN());
    values.push_back(-std::numeric_limits<float>::infinity());
    values.push_back(std::bit_cast<float>(0x7fa00001u));  // NaN with a payload
    audio::AudioFrame frame;
    frame.channel_a = values;
    frame.channel_b.assign(values.rbegin(), values.rend());
    frame.sample_rate = 96000;
    frame.timestamp = 5;
    frame.frame_number = 6;

    const auto parsed = nlohmann::json::parse(encode_audio_f32(frame));
    EXPECT_EQ(parsed["channels_length"].get<std::size_t>(), values.size());
    EXPECT_EQ(parsed["channels_raw_type"], "f32");
    EXPECT_EQ(parsed["channels_element_size"], 4);
    EXPECT_EQ(parsed["sample_rate"], 96000);
    EXPECT_EQ(parsed["timestamp"], 5);
    EXPECT_EQ(parsed["frame_number"], 6);
    EXPECT_DOUBLE_EQ(parsed["duration_ms"].get<double>(), frame.duration_ms());
    expect_bit_equal(decode_floats(parsed["channel_a"].get<std::string>()), frame.channel_a);
    expect_bit_equal(decode_floats(parsed["channel_b"].get<std::string>()), frame.channel_b);
}

TEST(AudioF32, DecimatedChannelsAcrossGatherChunks) {
    const auto values = testing::tricky_floats(5000, 99);
    audio::AudioFrame frame;
    frame.channel_a = values;
    frame.channel_b = values;
    frame.sample_rate = 48000;
    for (unsigned k : {1u, 2u, 3u, 7u, 768u, 100000u}) {
        const auto parsed = nlohmann::json::parse(encode_audio_f32(frame, k));
        const auto expected = every_kth(values, k);
        EXPECT_EQ(parsed["channels_length"].get<std::size_t>(), expected.size()) << k;
        expect_bit_equal(decode_floats(parsed["channel_a"].get<std::string>()), expected);
        expect_bit_equal(decode_floats(parsed["channel_b"].get<std::string>()), expected);
        EXPECT_DOUBLE_EQ(parsed["duration_ms"].get<double>(), frame.duration_ms());
    }
}

TEST(AudioF32, EmptyFrameAndZeroDecimate) {
    audio::AudioFrame frame;
    EXPECT_EQ(encode_audio_f32(frame),
              R"({"channel_a":"","channel_b":"","channels_length":0,"channels_raw_type":"f32",)"
              R"("channels_element_size":4,"sample_rate":0,"timestamp":0,"frame_number":0,)"
              R"("duration_ms":0.0})");
    EXPECT_THROW((void)encode_audio_f32(frame, 0), std::invalid_argument);
}

}  // namespace
}  // namespace acoustream::encode
