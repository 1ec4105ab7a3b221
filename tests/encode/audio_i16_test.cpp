#include "encode/audio_i16.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "encode/audio_json.hpp"

namespace acoustream::encode {
namespace {

// Decodes standard padded base64 of little-endian int16.
std::vector<std::int16_t> decode_i16(const std::string& text) {
    EXPECT_EQ(text.size() % 4, 0u) << "unpadded base64";
    std::vector<unsigned char> bytes(text.size() / 4 * 3 + 1);
    const int n = EVP_DecodeBlock(bytes.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    EXPECT_GE(n, 0) << "invalid base64";
    std::size_t length = static_cast<std::size_t>(n < 0 ? 0 : n);
    if (text.ends_with("==")) {
        length -= 2;
    } else if (text.ends_with("=")) {
        length -= 1;
    }
    EXPECT_EQ(length % 2, 0u);
    std::vector<std::int16_t> out(length / 2);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::int16_t>(std::uint16_t{bytes[2 * i]} |
                                           std::uint16_t(std::uint16_t{bytes[2 * i + 1]} << 8));
    return out;
}

audio::AudioFrame frame_of(std::vector<float> a, std::vector<float> b) {
    audio::AudioFrame f;
    f.channel_a = std::move(a);
    f.channel_b = std::move(b);
    f.sample_rate = 48000;
    f.timestamp = 1700000000123;
    f.frame_number = 42;
    return f;
}

TEST(AudioI16, SamplesAreRoundedClampedAndLittleEndian) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const auto frame = frame_of({0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 2.0f, -3.0f, nan, inf, -inf,
                                 1.0f / 32767.0f, 0.49f / 32767.0f},
                                {0.25f});
    const auto doc = nlohmann::json::parse(encode_audio_i16(frame));
    EXPECT_EQ(decode_i16(doc["channel_a"]),
              (std::vector<std::int16_t>{0, 32767, -32767, 16384, -16384, 32767, -32767, 0, 32767,
                                         -32767, 1, 0}));
    EXPECT_EQ(decode_i16(doc["channel_b"]), (std::vector<std::int16_t>{8192}));
    EXPECT_EQ(doc["channels_raw_type"], "i16");
    EXPECT_EQ(doc["channels_element_size"], 2);
    EXPECT_EQ(doc["channels_length"], 12);
    EXPECT_EQ(doc["sample_rate"], 48000);
    EXPECT_EQ(doc["frame_number"], 42);
    EXPECT_EQ(doc["timestamp"], 1700000000123);
}

TEST(AudioI16, DecimationKeepsEveryKthSampleAcrossChunks) {
    // 5000 samples cross the encoder's 1536-sample chunks.
    std::vector<float> a(5000);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i % 200) / 200.0f - 0.5f;
    const auto frame = frame_of(a, a);
    for (unsigned k : {1u, 3u, 7u}) {
        const auto doc = nlohmann::json::parse(encode_audio_i16(frame, k));
        const auto got = decode_i16(doc["channel_a"]);
        ASSERT_EQ(got.size(), (a.size() - 1) / k + 1) << "decimate " << k;
        for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], to_i16(a[i * k]));
        EXPECT_EQ(doc["channels_length"], got.size());
    }
}

TEST(AudioI16, EmptyFrameAndBadDecimate) {
    const auto doc = nlohmann::json::parse(encode_audio_i16(frame_of({}, {})));
    EXPECT_EQ(doc["channel_a"], "");
    EXPECT_EQ(doc["channels_length"], 0);
    EXPECT_THROW((void)encode_audio_i16(frame_of({0.0f}, {0.0f}), 0), std::invalid_argument);
}

TEST(AudioI16, AtLeastFourTimesSmallerThanJsonAudio) {
    // A noisy signal, as a microphone gives: JSON writes ~10 chars per sample,
    // i16 base64 2.67.
    std::vector<float> a(1600), b(1600);
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < a.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        a[i] = static_cast<float>(state >> 8) / 16777216.0f - 0.5f;
        b[i] = 0.5f * a[i];
    }
    const auto frame = frame_of(a, b);
    const double json = static_cast<double>(encode_audio_json(frame).size());
    const double i16 = static_cast<double>(encode_audio_i16(frame).size());
    EXPECT_GE(json / i16, 4.0) << json << " vs " << i16 << " bytes";
}

}  // namespace
}  // namespace acoustream::encode
