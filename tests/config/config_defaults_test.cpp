#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/config_loader.hpp"

namespace acoustream::config {
namespace {

void expect_spec_defaults(const Config& c) {
    EXPECT_EQ(c.server.address, "127.0.0.1");
    EXPECT_EQ(c.server.port, 8080);
    EXPECT_TRUE(c.server.cors_allowed_origins.empty());
    EXPECT_EQ(c.server.max_connections, 10000u);
    EXPECT_EQ(c.server.max_header_bytes, 16384u);
    EXPECT_EQ(c.server.header_timeout_secs, 10u);
    EXPECT_EQ(c.server.threads, 2u);
    EXPECT_EQ(c.server.web_root, "");
    EXPECT_EQ(c.server.vendor_root, "");

    EXPECT_FALSE(c.auth.hmac_secret);
    EXPECT_FALSE(c.auth.rs256_public_key);
    EXPECT_FALSE(c.auth.issuer);
    EXPECT_FALSE(c.auth.audience);
    EXPECT_EQ(c.auth.required_scope, "read:api");
    EXPECT_TRUE(c.auth.allow_query_token);
    EXPECT_EQ(c.auth.write_scope, "write:api");

    EXPECT_EQ(c.recording.directory, "recordings");
    EXPECT_EQ(c.recording.format, "flac");
    EXPECT_EQ(c.recording.rotate_secs, 3600u);
    EXPECT_EQ(c.recording.rotate_bytes, 0u);
    EXPECT_EQ(c.recording.max_total_bytes, 0u);
    EXPECT_FALSE(c.recording.autostart);
    EXPECT_DOUBLE_EQ(c.recording.queue_secs, 30.0);

    const auto& q = c.acquisition;
    EXPECT_EQ(q.source, "simulated");
    EXPECT_EQ(q.sample_rate, 48000u);
    EXPECT_DOUBLE_EQ(q.target_fps, 30.0);
    EXPECT_FALSE(q.frame_size);
    EXPECT_EQ(q.effective_frame_size(), 1600u);
    EXPECT_FALSE(q.file.path);
    EXPECT_FALSE(q.file.loop);
    EXPECT_TRUE(q.file.realtime);
    EXPECT_EQ(q.file.channels, (std::array<int, 2>{0, 1}));
    EXPECT_EQ(q.microphone.device, "default");
    EXPECT_EQ(q.microphone.channels, (std::array<int, 2>{0, 1}));
    EXPECT_DOUBLE_EQ(q.simulated.frequency, 2000.0);
    EXPECT_DOUBLE_EQ(q.simulated.amplitude, 0.5);
    EXPECT_DOUBLE_EQ(q.simulated.noise_amplitude, 0.05);
    EXPECT_DOUBLE_EQ(q.simulated.phase_difference_deg, 180.0);
    EXPECT_EQ(q.simulated.seed, 42u);
    EXPECT_DOUBLE_EQ(q.simulated.modulation_depth, 0.0);
    EXPECT_DOUBLE_EQ(q.simulated.modulation_frequency, 0.0);

    const auto& s = c.streaming;
    EXPECT_EQ(s.broadcast_buffer_size, 100u);
    EXPECT_EQ(s.sse_timeout_secs, 5u);
    EXPECT_TRUE(s.enable_heartbeats);
    EXPECT_EQ(s.slow_client_policy, "lag");
    EXPECT_EQ(s.max_degrade_decimate, 16u);
    EXPECT_EQ(s.write_timeout_secs, 30u);
    EXPECT_EQ(s.sse_retry_ms, 2000u);
    EXPECT_EQ(s.client_max_queue_bytes, 16u * 1024 * 1024);
    EXPECT_EQ(s.socket_send_buffer_bytes, 256u * 1024);
    EXPECT_EQ(s.spectral_window_size, 4096u);
    EXPECT_EQ(s.spectral_window, "hann");
    EXPECT_EQ(s.spectral_averages, 1u);

    EXPECT_EQ(c.logging.level, "info");
    EXPECT_EQ(c.logging.format, "text");
}

TEST(ConfigDefaults, StructDefaultsMatchSpec) { expect_spec_defaults(Config{}); }

TEST(ConfigDefaults, EmptyDocumentsGiveDefaults) {
    for (const char* yaml : {"", "\n", "# only a comment\n", "---\n", "~\n", "null\n",
                             "server:\nauth:\nacquisition:\nstreaming:\nlogging:\n"}) {
        SCOPED_TRACE(yaml);
        expect_spec_defaults(load_config_string(yaml, "empty.yaml"));
    }
}

TEST(ConfigDefaults, NullForOptionalKeysKeepsThemUnset) {
    const Config c = load_config_string(
        "auth: {hmac_secret: null, rs256_public_key: ~, issuer: , audience: null}\n"
        "acquisition:\n  frame_size: null\n  file: {path: null}\n",
        "nulls.yaml");
    expect_spec_defaults(c);
}

struct FrameSizeCase {
    std::uint32_t sample_rate;
    double target_fps;
    std::optional<std::uint32_t> frame_size;
    std::uint32_t expected;
};

TEST(ConfigDefaults, EffectiveFrameSize) {
    const FrameSizeCase cases[] = {
        {48000, 30, std::nullopt, 1600},
        {44100, 30, std::nullopt, 1470},
        {44100, 60, std::nullopt, 735},
        {48000, 7, std::nullopt, 6857},  // 6857.14 rounds down
        {1000, 3, std::nullopt, 333},
        {1000, 6, std::nullopt, 167},  // 166.67 rounds up
        {1, 1000, std::nullopt, 1},    // never zero
        {48000, 30, 4096, 4096},       // explicit frame_size wins
        {384000, 0.5, std::nullopt, 768000},
    };
    for (const auto& tc : cases) {
        AcquisitionConfig q;
        q.sample_rate = tc.sample_rate;
        q.target_fps = tc.target_fps;
        q.frame_size = tc.frame_size;
        EXPECT_EQ(q.effective_frame_size(), tc.expected)
            << tc.sample_rate << " Hz at " << tc.target_fps << " fps";
    }
}

}  // namespace
}  // namespace acoustream::config
