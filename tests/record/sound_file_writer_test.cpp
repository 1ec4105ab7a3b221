#include "record/sound_file_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "record_test_support.hpp"

namespace acoustream::record {
namespace {

TEST(Quantise24, SixteenBitValuesStayExact) {
    for (int s : {-32768, -12345, -1, 0, 1, 32767})
        EXPECT_EQ(quantise_24(static_cast<float>(s) / 32768.0f), s * 256 * 256) << s;
}

TEST(Quantise24, ClipsAndMapsNanToZero) {
    EXPECT_EQ(quantise_24(1.0f), 8388607 * 256);
    EXPECT_EQ(quantise_24(-2.0f), -8388608 * 256);
    EXPECT_EQ(quantise_24(std::nanf("")), 0);
}

TEST(SoundFileWriter, WavIsBitExactFloat) {
    testing::TempDir dir;
    const auto path = dir.path() / "a.wav";
    const std::vector<float> a{0.1f, -0.2f, 1.5f, 3e-39f};
    const std::vector<float> b{0.3f, 0.0f, -0.0f, -1.0f};
    {
        SoundFileWriter w(path, Format::wav, 48000);
        ASSERT_TRUE(w.write(a, b));
        ASSERT_TRUE(w.close());
    }
    const auto back = testing::read_sound(path);
    // RF64 downgraded to a RIFF WAVE (extensible) under 4 GiB.
    EXPECT_EQ(back.format & SF_FORMAT_TYPEMASK, SF_FORMAT_WAVEX);
    std::ifstream raw(path, std::ios::binary);
    char magic[5] = {};
    raw.read(magic, 4);
    EXPECT_STREQ(magic, "RIFF");
    EXPECT_EQ(back.format & SF_FORMAT_SUBMASK, SF_FORMAT_FLOAT);
    ASSERT_EQ(back.interleaved.size(), 8u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(std::memcmp(&back.interleaved[2 * i], &a[i], 4), 0) << i;
        EXPECT_EQ(std::memcmp(&back.interleaved[2 * i + 1], &b[i], 4), 0) << i;
    }
}

TEST(SoundFileWriter, NeverOverwrites) {
    testing::TempDir dir;
    const auto path = dir.path() / "a.flac";
    { SoundFileWriter w(path, Format::flac, 48000); }
    try {
        SoundFileWriter again(path, Format::flac, 48000);
        FAIL() << "an existing file was opened for writing";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("File exists"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace acoustream::record
