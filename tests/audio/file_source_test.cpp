#include "audio/file_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "audio/sound_files.hpp"
#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;
using testing::write_sound_file;

struct Channels {
    std::vector<float> a;
    std::vector<float> b;
};

// Reads until `end`; every block must be ok and at most `block` long.
Channels read_to_end(FileSource& source, std::size_t block) {
    Channels out;
    for (int guard = 0; guard < 1'000'000; ++guard) {
        ReadResult r = source.read(block);
        if (r.status == ReadResult::Status::end) {
            return out;
        }
        EXPECT_EQ(r.status, ReadResult::Status::ok) << r.error;
        EXPECT_GE(r.a.size(), 1u);
        EXPECT_LE(r.a.size(), block);
        EXPECT_EQ(r.a.size(), r.b.size());
        out.a.insert(out.a.end(), r.a.begin(), r.a.end());
        out.b.insert(out.b.end(), r.b.begin(), r.b.end());
    }
    ADD_FAILURE() << "no end";
    return out;
}

// Full-scale pseudo-random integers including both extremes.
template <typename Int>
std::vector<Int> random_ints(std::size_t count, Int low, Int high, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::int64_t> pick(low, high);
    std::vector<Int> out(count);
    for (auto& v : out) {
        v = static_cast<Int>(pick(rng));
    }
    if (count >= 2) {
        out[0] = low;
        out[1] = high;
    }
    return out;
}

// Splits interleaved stereo into its two channels.
template <typename T, typename F>
Channels deinterleave(const std::vector<T>& interleaved, F to_float) {
    Channels out;
    for (std::size_t i = 0; i + 1 < interleaved.size(); i += 2) {
        out.a.push_back(to_float(interleaved[i]));
        out.b.push_back(to_float(interleaved[i + 1]));
    }
    return out;
}

void expect_bitwise_equal(const std::vector<float>& got, const std::vector<float>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(std::bit_cast<std::uint32_t>(got[i]), std::bit_cast<std::uint32_t>(want[i]))
            << "sample " << i << ": got " << got[i] << ", want " << want[i];
    }
}

constexpr std::size_t kFrames = 10007;  // not a multiple of the block size

TEST(FileSource, Pcm16WavIsExactAndEndsWithAShortBlock) {
    TempDir dir;
    const auto path = dir.file("pcm16.wav");
    const auto data = random_ints<short>(kFrames * 2, -32768, 32767, 1);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, data);

    FileSource source({.path = path});
    EXPECT_EQ(source.sample_rate(), 44100u);
    EXPECT_EQ(source.channel_count(), 2);
    EXPECT_EQ(source.total_frames(), kFrames);
    EXPECT_EQ(source.name(), "file");
    EXPECT_EQ(source.pacing(), Pacing::clock);

    std::vector<std::size_t> sizes;
    Channels got;
    for (;;) {
        ReadResult r = source.read(1000);
        if (r.status == ReadResult::Status::end) break;
        ASSERT_EQ(r.status, ReadResult::Status::ok) << r.error;
        sizes.push_back(r.a.size());
        got.a.insert(got.a.end(), r.a.begin(), r.a.end());
        got.b.insert(got.b.end(), r.b.begin(), r.b.end());
    }
    ASSERT_EQ(sizes.size(), 11u);
    EXPECT_EQ(sizes.back(), 7u);  // the remainder, not zero-padded
    EXPECT_EQ(source.read(1000).status, ReadResult::Status::end);
    EXPECT_EQ(source.read(1000).status, ReadResult::Status::end);

    const Channels want = deinterleave(data, [](short s) { return s / 32768.0f; });
    expect_bitwise_equal(got.a, want.a);
    expect_bitwise_equal(got.b, want.b);
    EXPECT_EQ(got.a[0], -1.0f);
}

TEST(FileSource, Pcm24WavIsExact) {
    TempDir dir;
    const auto path = dir.file("pcm24.wav");
    const auto values = random_ints<int>(kFrames * 2, -8388608, 8388607, 2);
    std::vector<int> data(values.size());
    std::transform(values.begin(), values.end(), data.begin(),
                   [](int v) { return static_cast<int>(static_cast<unsigned>(v) << 8); });
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 96000, 2, data);

    FileSource source({.path = path});
    EXPECT_EQ(source.sample_rate(), 96000u);
    const Channels got = read_to_end(source, 4096);
    const Channels want =
        deinterleave(values, [](int v) { return static_cast<float>(v) / 8388608.0f; });
    expect_bitwise_equal(got.a, want.a);
    expect_bitwise_equal(got.b, want.b);
}

TEST(FileSource, Pcm32WavIsTheFloatRoundingOfTheInteger) {
    TempDir dir;
    const auto path = dir.file("pcm32.wav");
    const auto data = random_ints<int>(kFrames * 2, std::numeric_limits<int>::min(),
                                       std::numeric_limits<int>::max(), 3);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_32, 48000, 2, data);

    FileSource source({.path = path});
    const Channels got = read_to_end(source, 4096);
    const Channels want =
        deinterleave(data, [](int v) { return static_cast<float>(v) / 2147483648.0f; });
    expect_bitwise_equal(got.a, want.a);
    expect_bitwise_equal(got.b, want.b);
}

TEST(FileSource, FloatWavIsBitExact) {
    TempDir dir;
    const auto path = dir.file("float.wav");
    std::mt19937 rng(4);
    std::uniform_real_distribution<float> pick(-1.0f, 1.0f);
    std::vector<float> data(kFrames * 2);
    for (auto& v : data) v = pick(rng);
    data[0] = -1.0f;
    data[1] = 1.0f;
    data[2] = 1e-30f;
    data[3] = -0.0f;
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, data);

    FileSource source({.path = path});
    const Channels got = read_to_end(source, 1600);
    const Channels want = deinterleave(data, [](float v) { return v; });
    expect_bitwise_equal(got.a, want.a);
    expect_bitwise_equal(got.b, want.b);
}

TEST(FileSource, Flac16IsExact) {
    TempDir dir;
    const auto path = dir.file("16.flac");
    const auto data = random_ints<short>(kFrames * 2, -32768, 32767, 5);
    write_sound_file(path, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2, data);

    FileSource source({.path = path});
    EXPECT_EQ(source.total_frames(), kFrames);
    const Channels got = read_to_end(source, 1000);
    const Channels want = deinterleave(data, [](short s) { return s / 32768.0f; });
    expect_bitwise_equal(got.a, want.a);
    expect_bitwise_equal(got.b, want.b);
}

TEST(FileSource, Flac24IsExact) {
    TempDir dir;
    const auto path = dir.file("24.flac");
    const auto values = random_ints<int>(kFrames * 2, -8388608, 8388607, 6);
    std::vector<int> data(values.size());
    std::transform(values.begin(), values.end(), data.begin(),
                   [](int v) { return static_cast<int>(static_cast<unsigned>(v) << 8); });
    write_sound_file(path, SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 48000, 2, data);

    FileSource source({.path = path});
    const Channels got = read_to_end(source, 1000);
    const Channels want =
        deinterleave(values, [](int v) { return static_cast<float>(v) / 8388608.0f; });
    expect_bitwise_equal(got.a, want.a);
    expect_bitwise_equal(got.b, want.b);
}

double rms(const std::vector<float>& x, std::size_t from, std::size_t to) {
    double sum = 0.0;
    for (std::size_t i = from; i < to; ++i) sum += static_cast<double>(x[i]) * x[i];
    return std::sqrt(sum / static_cast<double>(to - from));
}

// Frequency estimated from rising zero crossings.
double zero_crossing_frequency(const std::vector<float>& x, std::size_t from, std::size_t to,
                               double rate) {
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t crossings = 0;
    for (std::size_t i = from + 1; i < to; ++i) {
        if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
            if (crossings == 0) first = i;
            last = i;
            ++crossings;
        }
    }
    if (crossings < 2) return 0.0;
    return static_cast<double>(crossings - 1) * rate / static_cast<double>(last - first);
}

TEST(FileSource, OggVorbisKeepsLengthLevelAndPitch) {
    TempDir dir;
    const auto path = dir.file("tone.ogg");
    const std::size_t frames = 48000;
    std::vector<float> data(frames * 2);
    for (std::size_t i = 0; i < frames; ++i) {
        const double phase = 2.0 * std::numbers::pi * 1000.0 * static_cast<double>(i) / 48000.0;
        data[2 * i] = static_cast<float>(0.5 * std::sin(phase));
        data[2 * i + 1] = static_cast<float>(-0.25 * std::sin(phase));
    }
    write_sound_file(path, SF_FORMAT_OGG | SF_FORMAT_VORBIS, 48000, 2, data);

    FileSource source({.path = path});
    EXPECT_EQ(source.sample_rate(), 48000u);
    EXPECT_EQ(source.total_frames(), frames);
    const Channels got = read_to_end(source, 2048);
    ASSERT_EQ(got.a.size(), frames);
    // Lossy: compare level and pitch away from the codec's edges.
    EXPECT_NEAR(rms(got.a, 4800, 43200), 0.5 / std::sqrt(2.0), 0.02);
    EXPECT_NEAR(rms(got.b, 4800, 43200), 0.25 / std::sqrt(2.0), 0.02);
    EXPECT_NEAR(zero_crossing_frequency(got.a, 4800, 43200, 48000.0), 1000.0, 5.0);
    // B stays in anti-phase with A.
    double cross = 0.0;
    for (std::size_t i = 4800; i < 43200; ++i) cross += static_cast<double>(got.a[i]) * got.b[i];
    EXPECT_LT(cross, 0.0);
}

TEST(FileSource, MonoFeedsBothChannels) {
    TempDir dir;
    const auto path = dir.file("mono.wav");
    const auto data = random_ints<short>(5000, -32768, 32767, 7);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 22050, 1, data);

    FileSource source({.path = path});
    EXPECT_EQ(source.channel_count(), 1);
    EXPECT_EQ(source.sample_rate(), 22050u);
    const Channels got = read_to_end(source, 1024);
    std::vector<float> want(data.size());
    std::transform(data.begin(), data.end(), want.begin(), [](short s) { return s / 32768.0f; });
    expect_bitwise_equal(got.a, want);
    expect_bitwise_equal(got.b, want);
}

std::vector<short> four_channel_ramp(std::size_t frames) {
    // Channel c of frame i holds 1000 * c + i % 1000, so a channel mix-up shows.
    std::vector<short> data(frames * 4);
    for (std::size_t i = 0; i < frames; ++i) {
        for (std::size_t c = 0; c < 4; ++c) {
            data[i * 4 + c] = static_cast<short>(1000 * c + i % 1000);
        }
    }
    return data;
}

TEST(FileSource, MultiChannelFileUsesTheConfiguredChannels) {
    TempDir dir;
    const auto path = dir.file("quad.wav");
    const std::size_t frames = 3000;
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 4, four_channel_ramp(frames));

    FileSource source({.path = path, .channels = {2, 3}});
    EXPECT_EQ(source.channel_count(), 4);
    const Channels got = read_to_end(source, 700);
    ASSERT_EQ(got.a.size(), frames);
    for (std::size_t i = 0; i < frames; ++i) {
        ASSERT_EQ(got.a[i], static_cast<float>(2000 + i % 1000) / 32768.0f) << i;
        ASSERT_EQ(got.b[i], static_cast<float>(3000 + i % 1000) / 32768.0f) << i;
    }
}

TEST(FileSource, StereoChannelsCanBeSwapped) {
    TempDir dir;
    const auto path = dir.file("stereo.wav");
    const auto data = random_ints<short>(2000, -32768, 32767, 8);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, data);

    FileSource source({.path = path, .channels = {1, 0}});
    const Channels got = read_to_end(source, 512);
    const Channels want = deinterleave(data, [](short s) { return s / 32768.0f; });
    expect_bitwise_equal(got.a, want.b);
    expect_bitwise_equal(got.b, want.a);
}

TEST(FileSource, ChannelIndexOutOfRangeNamesPathAndIndex) {
    TempDir dir;
    const auto path = dir.file("quad.wav");
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 4, four_channel_ramp(100));
    for (const std::array<int, 2> channels :
         {std::array<int, 2>{0, 4}, std::array<int, 2>{7, 1}, std::array<int, 2>{-1, 1}}) {
        try {
            FileSource source({.path = path, .channels = channels});
            ADD_FAILURE() << "channels " << channels[0] << "," << channels[1] << " accepted";
        } catch (const SourceError& e) {
            const int bad = channels[0] == 0 ? channels[1] : channels[0];
            EXPECT_THAT(e.what(), HasSubstr(path));
            EXPECT_THAT(e.what(), HasSubstr("channel index " + std::to_string(bad)));
            EXPECT_THAT(e.what(), HasSubstr("4 channel"));
        }
    }
}

TEST(FileSource, LoopRestartsAndReplaysTheFile) {
    TempDir dir;
    const auto path = dir.file("loop.wav");
    const auto data = random_ints<short>(2500 * 2, -32768, 32767, 9);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, data);
    const Channels once = deinterleave(data, [](short s) { return s / 32768.0f; });

    FileSource source({.path = path, .loop = true});
    std::vector<std::size_t> sizes;
    Channels got;
    while (got.a.size() < 3 * 2500) {
        ReadResult r = source.read(1000);
        ASSERT_EQ(r.status, ReadResult::Status::ok) << r.error;
        sizes.push_back(r.a.size());
        got.a.insert(got.a.end(), r.a.begin(), r.a.end());
        got.b.insert(got.b.end(), r.b.begin(), r.b.end());
    }
    // Blocks stop at the loop point: 1000, 1000, 500, then the file again.
    const std::vector<std::size_t> want_sizes{1000, 1000, 500, 1000, 1000, 500, 1000, 1000, 500};
    EXPECT_EQ(sizes, want_sizes);
    ASSERT_EQ(got.a.size(), 3 * 2500u);
    for (std::size_t pass = 0; pass < 3; ++pass) {
        const auto begin = got.a.begin() + static_cast<std::ptrdiff_t>(pass * 2500);
        EXPECT_TRUE(std::equal(begin, begin + 2500, once.a.begin())) << "pass " << pass;
        const auto begin_b = got.b.begin() + static_cast<std::ptrdiff_t>(pass * 2500);
        EXPECT_TRUE(std::equal(begin_b, begin_b + 2500, once.b.begin())) << "pass " << pass;
    }
}

TEST(FileSource, RealtimeFalseAsksToBeUnpaced) {
    TempDir dir;
    const auto path = dir.file("fast.wav");
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2,
                     random_ints<short>(200, -100, 100, 10));
    FileSource source({.path = path, .realtime = false});
    EXPECT_EQ(source.pacing(), Pacing::none);
}

TEST(FileSource, ReadOfZeroSamplesIsAnError) {
    TempDir dir;
    const auto path = dir.file("zero.wav");
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2,
                     random_ints<short>(200, -100, 100, 11));
    FileSource source({.path = path});
    const ReadResult r = source.read(0);
    EXPECT_EQ(r.status, ReadResult::Status::error);
    EXPECT_THAT(r.error, HasSubstr(path));
    EXPECT_EQ(source.read(500).a.size(), 100u);
}

void expect_open_error(const std::string& path, const std::string& detail) {
    try {
        FileSource source({.path = path});
        ADD_FAILURE() << path << " opened";
    } catch (const SourceError& e) {
        EXPECT_THAT(e.what(), HasSubstr(path));
        EXPECT_THAT(e.what(), HasSubstr(detail));
    }
}

TEST(FileSource, MissingFileIsAnErrorNamingThePath) {
    TempDir dir;
    expect_open_error(dir.file("absent.wav"), "No such file");
}

TEST(FileSource, GarbageFileIsAnErrorNamingThePath) {
    TempDir dir;
    const auto path = dir.file("garbage.wav");
    testing::write_text_file(path, std::string(4096, 'x') + "this is not audio");
    expect_open_error(path, "cannot open: Format not recognised");
}

TEST(FileSource, DirectoryIsAnErrorNamingThePath) {
    TempDir dir;
    expect_open_error(dir.path().string(), "cannot open");
}

TEST(FileSource, FileWithoutFramesIsRejected) {
    TempDir dir;
    const auto path = dir.file("empty.wav");
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, std::vector<short>{});
    expect_open_error(path, "no audio frames");
}

TEST(FileSource, EmptyPathIsRejected) {
    try {
        FileSource source(FileOptions{});
        ADD_FAILURE() << "empty path opened";
    } catch (const SourceError& e) {
        EXPECT_THAT(e.what(), HasSubstr("path is empty"));
    }
}

TEST(FileSource, IsMovable) {
    TempDir dir;
    const auto path = dir.file("move.wav");
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2,
                     random_ints<short>(200, -100, 100, 12));
    FileSource first({.path = path});
    EXPECT_EQ(first.read(40).a.size(), 40u);
    FileSource second(std::move(first));
    EXPECT_EQ(second.read(1000).a.size(), 60u);
    EXPECT_EQ(second.read(1000).status, ReadResult::Status::end);
}

TEST(FileSource, DeletedFileKeepsPlayingFromTheOpenHandle) {
    TempDir dir;
    const auto path = dir.file("deleted.wav");
    const auto data = random_ints<short>(4000 * 2, -32768, 32767, 13);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, data);
    FileSource source({.path = path});
    ASSERT_EQ(source.read(1000).status, ReadResult::Status::ok);
    ASSERT_TRUE(std::filesystem::remove(path));
    const Channels rest = read_to_end(source, 1000);
    EXPECT_EQ(rest.a.size(), 3000u);
}

TEST(FileSource, TruncatedUnderneathReportsTheShortFileThenEnds) {
    TempDir dir;
    const auto path = dir.file("truncated.wav");
    const std::size_t frames = 48000;
    const auto data = random_ints<short>(frames * 2, -32768, 32767, 14);
    write_sound_file(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 2, data);
    const auto size = std::filesystem::file_size(path);
    const auto header = size - frames * 4;  // 2 channels * 2 bytes per frame

    FileSource source({.path = path});
    std::size_t delivered = 0;
    for (int i = 0; i < 5; ++i) {
        const ReadResult r = source.read(1000);
        ASSERT_EQ(r.status, ReadResult::Status::ok);
        delivered += r.a.size();
    }
    // Cut the file to 20000.5 frames (half a frame dangling) mid-play.
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(header + 20000 * 4 + 2)), 0);

    std::vector<float> tail_a;
    std::vector<std::string> errors;
    ReadResult::Status last = ReadResult::Status::ok;
    for (int i = 0; i < 200 && last != ReadResult::Status::end; ++i) {
        ReadResult r = source.read(1000);
        last = r.status;
        if (r.status == ReadResult::Status::error) errors.push_back(r.error);
        tail_a.insert(tail_a.end(), r.a.begin(), r.a.end());
    }
    EXPECT_EQ(last, ReadResult::Status::end);
    // Only what is still on disk comes out, unaltered and not zero-padded.
    const Channels want = deinterleave(data, [](short s) { return s / 32768.0f; });
    ASSERT_EQ(delivered + tail_a.size(), 20000u);
    EXPECT_TRUE(std::equal(tail_a.begin(), tail_a.end(), want.a.begin() + 5000));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_THAT(errors[0], HasSubstr(path));
    EXPECT_THAT(errors[0], HasSubstr("truncated"));
    EXPECT_EQ(source.read(1000).status, ReadResult::Status::end);
}

}  // namespace
}  // namespace acoustream::audio
