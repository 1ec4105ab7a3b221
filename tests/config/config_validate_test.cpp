// validate_config() on a Config built in code, as the app does after applying
// command-line flags: same rules, errors name the key (no line).

#include "config/config_validate.hpp"

#include <gtest/gtest.h>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"

namespace acoustream::config {
namespace {

std::string validation_error(const Config& c) {
    try {
        validate_config(c, "command line");
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.line(), 0);
        return e.what();
    }
    return "";
}

TEST(ConfigValidate, DefaultsAreValid) { EXPECT_EQ(validation_error(Config{}), ""); }

TEST(ConfigValidate, FlagOverridesAreChecked) {
    Config c;
    c.acquisition.source = "file";
    EXPECT_EQ(validation_error(c),
              "command line: acquisition.source: source \"file\" needs acquisition.file.path");
    c.acquisition.file.path = "cell.wav";
    EXPECT_EQ(validation_error(c), "");

    c.acquisition.source = "alsa";
    EXPECT_EQ(validation_error(c),
              "command line: acquisition.source: must be one of simulated, file, microphone; got "
              "\"alsa\"");

    Config level;
    level.logging.level = "loud";
    EXPECT_NE(validation_error(level).find("logging.level: must be one of"), std::string::npos);

    Config address;
    address.server.address = "";
    EXPECT_EQ(validation_error(address), "command line: server.address: must not be empty");

    Config host;
    host.server.address = "not-an-ip";
    EXPECT_EQ(validation_error(host),
              "command line: server.address: must be an IPv4 or IPv6 address, got \"not-an-ip\"");
    for (const char* ok : {"0.0.0.0", "127.0.0.1", "::", "::1", "fe80::1"}) {
        Config c;
        c.server.address = ok;
        EXPECT_NO_THROW(validate_config(c, "command line")) << ok;
    }
}

TEST(ConfigValidate, SimulatorDefaultsIgnoredForOtherSources) {
    // A 1 kHz microphone must not trip over the unused 2 kHz simulator default.
    Config c;
    c.acquisition.source = "microphone";
    c.acquisition.sample_rate = 1000;
    EXPECT_EQ(validation_error(c), "");
    c.acquisition.source = "simulated";
    EXPECT_EQ(validation_error(c),
              "command line: acquisition.simulated.frequency: acquisition.simulated.frequency "
              "(2000 Hz) must be at most sample_rate / 2 (500 Hz) for acquisition.sample_rate "
              "1000");
}

TEST(ConfigValidate, ValuesSetInCodeOutsideTheirRange) {
    Config c;
    c.streaming.spectral_window_size = 3000;
    EXPECT_EQ(validation_error(c),
              "command line: streaming.spectral_window_size: must be a power of two, got 3000");

    Config fps;
    fps.acquisition.target_fps = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(validation_error(fps),
              "command line: acquisition.target_fps: must be greater than 0 and at most 1000, got "
              ".nan");

    Config channel;
    channel.acquisition.microphone.channels = {0, -2};
    EXPECT_EQ(
        validation_error(channel),
        "command line: acquisition.microphone.channels[1]: must be between 0 and 255, got -2");
}

TEST(ConfigValidate, BoundaryValuesAreAccepted) {
    Config c;
    c.acquisition.sample_rate = 384000;
    c.acquisition.target_fps = 1000;
    c.acquisition.simulated.frequency = 192000;  // exactly Nyquist
    c.acquisition.simulated.modulation_depth = 1.0;
    c.acquisition.simulated.phase_difference_deg = -360;
    c.streaming.broadcast_buffer_size = 100000;
    c.streaming.spectral_window_size = 1u << 20;
    c.streaming.spectral_averages = 1000;
    c.streaming.sse_timeout_secs = 3600;
    c.server.threads = 64;
    c.server.port = 65535;
    EXPECT_EQ(validation_error(c), "");
}

TEST(ConfigValidate, RecordingSettings) {
    Config c;
    c.recording.format = "mp3";
    EXPECT_NE(validation_error(c).find("recording.format: must be one of"), std::string::npos);
    c = Config{};
    c.recording.rotate_bytes = 1000;
    EXPECT_EQ(validation_error(c),
              "command line: recording.rotate_bytes: must be 0 (no size limit) or at least 65536, "
              "got 1000");
    c = Config{};
    c.recording.queue_secs = 0;
    EXPECT_NE(validation_error(c).find("recording.queue_secs: must be greater than 0"),
              std::string::npos);
    c = Config{};
    c.acquisition.sample_rate = 384000;
    c.recording.queue_secs = 3600;
    EXPECT_NE(validation_error(c).find("MiB of memory; at most 4096 MiB"), std::string::npos)
        << validation_error(c);
    c = Config{};
    c.auth.write_scope = "write:api admin";
    EXPECT_NE(validation_error(c).find("auth.write_scope"), std::string::npos);
}

TEST(ConfigValidate, RingBoundUsesEffectiveFrameSize) {
    Config c;
    c.acquisition.frame_size = 1u << 20;      // 8 MiB per stereo float frame
    c.streaming.broadcast_buffer_size = 512;  // exactly 4 GiB
    EXPECT_EQ(validation_error(c), "");
    c.streaming.broadcast_buffer_size = 513;
    EXPECT_NE(validation_error(c).find("streaming.broadcast_buffer_size: a ring of 513 frames"),
              std::string::npos);
}

TEST(ConfigValidate, LoaderCrossCheckBlamesTheKeyTheFileSet) {
    // frame_size set in the file is blamed (with its line) when the buffer size is default.
    try {
        (void)load_config_string(
            "acquisition:\n  frame_size: 1048576\nstreaming:\n  broadcast_buffer_size: 600\n",
            "ring.yaml");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.key(), "streaming.broadcast_buffer_size");
        EXPECT_EQ(e.line(), 4);
    }
    try {
        Config c;
        c.acquisition.frame_size = 1u << 20;
        c.streaming.broadcast_buffer_size = 600;
        validate_config(c, "x.yaml", KeyPositions{{"acquisition.frame_size", {2, 3}}});
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.key(), "acquisition.frame_size");
        EXPECT_EQ(e.line(), 2);
        EXPECT_EQ(e.column(), 3);
    }
}

}  // namespace
}  // namespace acoustream::config
