#include "audio/microphone_source.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audio/device_list.hpp"
#include "audio/microphone_lab.hpp"
#include "audio/portaudio_session.hpp"
#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

using testing::check_pattern;
using testing::LabMicrophone;
using Clock = std::chrono::steady_clock;

struct Captured {
    std::vector<float> a;
    std::vector<float> b;
    std::size_t reads_ok = 0;
    std::size_t errors = 0;
};

// Reads blocks until `frames` samples per channel arrived or `limit` passed.
Captured capture(MicrophoneSource& source, std::size_t frames, std::size_t block,
                 std::chrono::milliseconds limit) {
    Captured out;
    const auto deadline = Clock::now() + limit;
    while (out.a.size() < frames && Clock::now() < deadline) {
        ReadResult r = source.read(block);
        if (r.status == ReadResult::Status::ok) {
            EXPECT_EQ(r.a.size(), block);
            EXPECT_EQ(r.b.size(), block);
            out.a.insert(out.a.end(), r.a.begin(), r.a.end());
            out.b.insert(out.b.end(), r.b.begin(), r.b.end());
            ++out.reads_ok;
        } else if (r.status == ReadResult::Status::error) {
            ++out.errors;
        }
    }
    return out;
}

std::string what_of(const MicrophoneOptions& options) {
    try {
        MicrophoneSource source(options);
    } catch (const SourceError& e) {
        return e.what();
    }
    return "(no SourceError)";
}

class MicrophoneSourceTest : public ::testing::Test {
protected:
    void SetUp() override { LabMicrophone::instance().restore_device(); }
    LabMicrophone& lab() { return LabMicrophone::instance(); }
};

TEST_F(MicrophoneSourceTest, CapturesTheLabSignalExactlyWithChannelMapping) {
    MicrophoneSource source(MicrophoneOptions{"labmic", {0, 1}, 48000, 0});
    EXPECT_EQ(source.sample_rate(), 48000u);
    EXPECT_EQ(source.channel_count(), 2);
    EXPECT_EQ(source.pacing(), Pacing::device);
    EXPECT_EQ(source.name(), "microphone:labmic");
    EXPECT_EQ(source.state(), "capturing");

    const Captured got = capture(source, 96000, 4800, std::chrono::milliseconds(15000));
    ASSERT_GE(got.a.size(), 96000u) << "two seconds of audio did not arrive";
    EXPECT_EQ(got.errors, 0u);
    const auto check = check_pattern(got.a, got.b);
    EXPECT_EQ(check.invalid, 0u) << check.first_problem;
    EXPECT_LT(check.silent, got.a.size() / 2) << "the test device was starved most of the time";
    // Samples arrive in order: stretches of at least one feeder chunk (10 ms).
    EXPECT_GE(check.longest_run, 480u);
    // And it is the left channel on A: read as B-on-A nothing matches.
    const auto mirrored = check_pattern(got.b, got.a);
    EXPECT_EQ(mirrored.invalid + mirrored.silent, got.a.size());
    EXPECT_GT(mirrored.invalid, 0u);
}

TEST_F(MicrophoneSourceTest, SwappedChannelsSwapAAndB) {
    MicrophoneSource source(MicrophoneOptions{"labmic", {1, 0}, 48000, 1024});
    const Captured got = capture(source, 20000, 2000, std::chrono::milliseconds(6000));
    ASSERT_GE(got.a.size(), 20000u);
    const auto swapped = check_pattern(got.b, got.a);
    EXPECT_EQ(swapped.invalid, 0u) << swapped.first_problem;
    EXPECT_LT(swapped.silent, got.a.size() / 2);
    EXPECT_GE(swapped.longest_run, 480u);
    const auto unswapped = check_pattern(got.a, got.b);
    EXPECT_EQ(unswapped.invalid + unswapped.silent, got.a.size());
    EXPECT_GT(unswapped.invalid, 0u);
}

TEST_F(MicrophoneSourceTest, SelectsTheDeviceByIndex) {
    int index = -1;
    {
        PortAudioSession session;
        for (const DeviceInfo& d : list_input_devices(session)) {
            if (d.name == "labmic") {
                index = d.index;
            }
        }
    }
    ASSERT_GE(index, 0) << "labmic is not listed";
    MicrophoneSource source(MicrophoneOptions{std::to_string(index), {0, 1}, 48000, 0});
    EXPECT_EQ(source.name(), "microphone:labmic");
    const Captured got = capture(source, 4800, 4800, std::chrono::milliseconds(4000));
    ASSERT_EQ(got.a.size(), 4800u);
    EXPECT_EQ(check_pattern(got.a, got.b).invalid, 0u);
}

TEST_F(MicrophoneSourceTest, SelectsTheDeviceByCaseInsensitiveSubstring) {
    // "LABMIC_R" only matches labmic_raw (no plug: raw S16 bytes read as
    // floats), so only the name is checked here.
    MicrophoneSource source(MicrophoneOptions{"LABMIC_R", {0, 1}, 48000, 0});
    EXPECT_EQ(source.name(), "microphone:labmic_raw");
}

TEST_F(MicrophoneSourceTest, UnknownDeviceIsASourceErrorNamingItAndTheCandidates) {
    const std::string what = what_of(MicrophoneOptions{"no-such-mic", {0, 1}, 48000, 0});
    EXPECT_NE(what.find("'no-such-mic'"), std::string::npos) << what;
    EXPECT_NE(what.find("labmic"), std::string::npos) << what;
}

TEST_F(MicrophoneSourceTest, AmbiguousDeviceIsASourceErrorListingTheMatches) {
    const std::string what = what_of(MicrophoneOptions{"LAB", {0, 1}, 48000, 0});
    EXPECT_NE(what.find("ambiguous"), std::string::npos) << what;
    EXPECT_NE(what.find("'labmic_raw'"), std::string::npos) << what;
    EXPECT_NE(what.find("'labmic'"), std::string::npos) << what;
}

TEST_F(MicrophoneSourceTest, UnknownDeviceIndexIsASourceError) {
    const std::string what = what_of(MicrophoneOptions{"999", {0, 1}, 48000, 0});
    EXPECT_NE(what.find("'999'"), std::string::npos) << what;
    EXPECT_NE(what.find("index"), std::string::npos) << what;
}

TEST_F(MicrophoneSourceTest, InvalidChannelsAreASourceError) {
    std::string what = what_of(MicrophoneOptions{"labmic", {0, 200}, 48000, 0});
    EXPECT_NE(what.find("'labmic'"), std::string::npos) << what;
    EXPECT_NE(what.find("201 input channels"), std::string::npos) << what;
    what = what_of(MicrophoneOptions{"labmic", {-1, 0}, 48000, 0});
    EXPECT_NE(what.find("channels [-1, 0]"), std::string::npos) << what;
    what = what_of(MicrophoneOptions{"labmic", {0, 1}, 0, 0});
    EXPECT_NE(what.find("sample_rate 0"), std::string::npos) << what;
}

TEST_F(MicrophoneSourceTest, ReadOfZeroSamplesIsAnError) {
    MicrophoneSource source(MicrophoneOptions{"labmic", {0, 1}, 48000, 0});
    const ReadResult r = source.read(0);
    EXPECT_EQ(r.status, ReadResult::Status::error);
    EXPECT_NE(r.error.find("labmic"), std::string::npos) << r.error;
}

TEST_F(MicrophoneSourceTest, CountsOverrunsWhenNotReadAndKeepsDataValid) {
    MicrophoneSource source(MicrophoneOptions{"labmic", {0, 1}, 48000, 0});
    EXPECT_EQ(source.overruns(), 0u);
    // The ring holds about 1.4 s; the feed delivers at least 48 k frames/s.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_GT(source.overruns(), 10000u);
    const Captured got = capture(source, 9600, 4800, std::chrono::milliseconds(3000));
    ASSERT_EQ(got.a.size(), 9600u);
    EXPECT_EQ(check_pattern(got.a, got.b).invalid, 0u);
}

TEST_F(MicrophoneSourceTest, PendingWhenNoBlockIsReadyWithinAboutOnePeriod) {
    MicrophoneSource source(MicrophoneOptions{"labmic", {0, 1}, 48000, 0});
    lab().pause_feed();
    // Drain what the pipe and ring held, then a read must come back pending.
    ReadResult r;
    for (int i = 0; i < 200; ++i) {
        r = source.read(4800);
        if (r.status != ReadResult::Status::ok) {
            break;
        }
    }
    const auto start = Clock::now();
    r = source.read(4800);  // 100 ms block period
    const auto took = Clock::now() - start;
    lab().restore_device();
    EXPECT_EQ(r.status, ReadResult::Status::pending) << r.error;
    EXPECT_GE(took, std::chrono::milliseconds(90));
    // Generous: sanitizer builds on a loaded machine oversleep.
    EXPECT_LT(took, std::chrono::milliseconds(1500));
}

// Undoes a broken or paused lab device before the source is destroyed, so
// closing the stream never waits on a reader blocked inside ALSA.
struct RestoreLab {
    ~RestoreLab() { LabMicrophone::instance().restore_device(); }
};

TEST_F(MicrophoneSourceTest, StalledDeviceIsAnErrorThenReopenFailsThenResumes) {
    std::mutex messages_mutex;
    std::vector<std::string> alsa_messages;
    auto sink = [&](std::string_view library, std::string_view message) {
        std::lock_guard lock(messages_mutex);
        if (library == "alsa") {
            alsa_messages.emplace_back(message);
        }
    };
    MicrophoneSource source(MicrophoneOptions{"labmic", {0, 1}, 48000, 0}, sink);
    RestoreLab restore;
    ASSERT_EQ(capture(source, 4800, 4800, std::chrono::milliseconds(3000)).a.size(), 4800u);

    // 1. The feed stops: the stream still claims to run but no data comes.
    lab().pause_feed();
    const auto stall_start = Clock::now();
    ReadResult r;
    while (Clock::now() - stall_start < std::chrono::seconds(10)) {
        r = source.read(4800);
        if (r.status == ReadResult::Status::error) {
            break;
        }
    }
    ASSERT_EQ(r.status, ReadResult::Status::error);
    EXPECT_GE(Clock::now() - stall_start, std::chrono::milliseconds(1900));
    EXPECT_NE(r.error.find("'labmic'"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("no data"), std::string::npos) << r.error;
    EXPECT_EQ(source.state().rfind("reopening: no data", 0), 0u) << source.state();

    // 2. The device disappears: the reopen attempt fails and says which device.
    lab().break_device();
    r = source.read(4800);
    ASSERT_EQ(r.status, ReadResult::Status::error);
    EXPECT_NE(r.error.find("'labmic'"), std::string::npos) << r.error;
    EXPECT_EQ(source.state().rfind("reopening: ", 0), 0u) << source.state();
    {
        // ALSA's complaint went to the sink, not to stderr.
        std::lock_guard lock(messages_mutex);
        bool names_fifo = false;
        for (const std::string& m : alsa_messages) {
            names_fifo = names_fifo || m.find(lab().fifo_path()) != std::string::npos;
        }
        EXPECT_TRUE(names_fifo) << alsa_messages.size() << " ALSA messages, none about the FIFO";
    }

    // 3. The device comes back: the next read reopens it and capture resumes.
    lab().restore_device();
    const Captured got = capture(source, 9600, 4800, std::chrono::milliseconds(30000));
    ASSERT_EQ(got.a.size(), 9600u);
    EXPECT_EQ(got.errors, 0u);
    const testing::PatternCheck check = check_pattern(got.a, got.b);
    EXPECT_EQ(check.invalid, 0u) << check.first_problem << "; " << check.silent
                                 << " silent frames, longest run " << check.longest_run;
    EXPECT_EQ(source.state(), "capturing");
}

}  // namespace
}  // namespace acoustream::audio
