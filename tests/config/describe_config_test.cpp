#include "config/describe_config.hpp"

#include <gtest/gtest.h>

#include "config/config_loader.hpp"

namespace acoustream::config {
namespace {

Config unusual_config() {
    Config c;
    c.server.address = "::";
    c.server.port = 0;
    c.server.cors_allowed_origins = {"null", "https://a.example", "*"};
    c.server.web_root = "/srv/www root";
    c.server.vendor_root = "/srv/vendor: packages";
    c.auth.hmac_secret = "super-secret-hmac-key";
    c.auth.rs256_public_key = "/etc/keys/jwt.pem";
    c.auth.issuer = "true";    // a string that looks like a boolean
    c.auth.audience = "8080";  // and one that looks like a number
    c.auth.required_scope = "read:api";
    c.auth.allow_query_token = false;
    c.acquisition.source = "microphone";
    c.acquisition.sample_rate = 96000;
    c.acquisition.target_fps = 29.97;
    c.acquisition.file.path = "a file: with # specials.wav";
    c.acquisition.file.loop = true;
    c.acquisition.file.channels = {5, 7};
    c.acquisition.microphone.device = "2";
    c.acquisition.microphone.channels = {1, 0};
    c.acquisition.simulated.frequency = 1e-7;
    c.acquisition.simulated.amplitude = 0.1;
    c.acquisition.simulated.noise_amplitude = 0.0;
    c.acquisition.simulated.phase_difference_deg = -12.345678901234567;
    c.acquisition.simulated.seed = 18446744073709551615u;
    c.acquisition.simulated.modulation_depth = 1.0 / 3.0;
    c.acquisition.simulated.modulation_frequency = 7.0;
    c.streaming.broadcast_buffer_size = 7;
    c.streaming.sse_timeout_secs = 9;
    c.streaming.enable_heartbeats = false;
    c.streaming.slow_client_policy = "disconnect";
    c.streaming.write_timeout_secs = 99;
    c.streaming.sse_retry_ms = 0;
    c.streaming.client_max_queue_bytes = 4096;
    c.streaming.socket_send_buffer_bytes = 65536;
    c.streaming.spectral_window_size = 65536;
    c.streaming.spectral_window = "rectangular";
    c.streaming.spectral_averages = 10;
    c.logging.level = "off";
    c.logging.format = "json";
    return c;
}

TEST(ConfigDescribe, RedactsTheSecret) {
    const std::string text = describe_config(unusual_config());
    EXPECT_EQ(text.find("super-secret-hmac-key"), std::string::npos) << text;
    EXPECT_NE(text.find("hmac_secret: \"<redacted>\""), std::string::npos) << text;
}

TEST(ConfigDescribe, UnsetSecretShowsNull) {
    const std::string text = describe_config(Config{});
    EXPECT_NE(text.find("hmac_secret: null"), std::string::npos) << text;
    EXPECT_EQ(text.find("<redacted>"), std::string::npos);
}

TEST(ConfigDescribe, DefaultsReadLikeTheSpec) {
    const std::string text = describe_config(Config{});
    for (const char* line :
         {"server:\n  address: \"127.0.0.1\"\n  port: 8080\n", "  cors_allowed_origins: []\n",
          "  source: simulated\n  sample_rate: 48000\n  target_fps: 30.0\n",
          "  frame_size: null  # effective: 1600 samples\n", "    channels: [0, 1]\n",
          "    frequency: 2000.0\n", "    noise_amplitude: 0.05\n", "    seed: 42\n",
          "  slow_client_policy: lag\n", "  spectral_window_size: 4096\n",
          "logging:\n  level: info\n  format: text\n"}) {
        EXPECT_NE(text.find(line), std::string::npos) << "missing:\n" << line << "in:\n" << text;
    }
}

TEST(ConfigDescribe, RoundTripsThroughTheLoader) {
    const Config original = unusual_config();
    const Config back = load_config_string(describe_config(original), "described.yaml");
    // Everything but the secret comes back exactly (floats in shortest round-trip form).
    EXPECT_EQ(back.auth.hmac_secret, "<redacted>");
    EXPECT_EQ(back.server.address, original.server.address);
    EXPECT_EQ(back.server.port, original.server.port);
    EXPECT_EQ(back.server.cors_allowed_origins, original.server.cors_allowed_origins);
    EXPECT_EQ(back.server.web_root, original.server.web_root);
    EXPECT_EQ(back.server.vendor_root, original.server.vendor_root);
    EXPECT_EQ(back.auth.rs256_public_key, original.auth.rs256_public_key);
    EXPECT_EQ(back.auth.issuer, original.auth.issuer);
    EXPECT_EQ(back.auth.audience, original.auth.audience);
    EXPECT_EQ(back.auth.allow_query_token, original.auth.allow_query_token);
    const auto& q = back.acquisition;
    const auto& o = original.acquisition;
    EXPECT_EQ(q.source, o.source);
    EXPECT_EQ(q.sample_rate, o.sample_rate);
    EXPECT_EQ(q.target_fps, o.target_fps);
    EXPECT_EQ(q.frame_size, o.frame_size);
    EXPECT_EQ(q.file.path, o.file.path);
    EXPECT_EQ(q.file.loop, o.file.loop);
    EXPECT_EQ(q.file.realtime, o.file.realtime);
    EXPECT_EQ(q.file.channels, o.file.channels);
    EXPECT_EQ(q.microphone.device, o.microphone.device);
    EXPECT_EQ(q.microphone.channels, o.microphone.channels);
    EXPECT_EQ(q.simulated.frequency, o.simulated.frequency);
    EXPECT_EQ(q.simulated.amplitude, o.simulated.amplitude);
    EXPECT_EQ(q.simulated.noise_amplitude, o.simulated.noise_amplitude);
    EXPECT_EQ(q.simulated.phase_difference_deg, o.simulated.phase_difference_deg);
    EXPECT_EQ(q.simulated.seed, o.simulated.seed);
    EXPECT_EQ(q.simulated.modulation_depth, o.simulated.modulation_depth);
    EXPECT_EQ(q.simulated.modulation_frequency, o.simulated.modulation_frequency);
    const auto& s = back.streaming;
    const auto& os = original.streaming;
    EXPECT_EQ(s.broadcast_buffer_size, os.broadcast_buffer_size);
    EXPECT_EQ(s.sse_timeout_secs, os.sse_timeout_secs);
    EXPECT_EQ(s.enable_heartbeats, os.enable_heartbeats);
    EXPECT_EQ(s.slow_client_policy, os.slow_client_policy);
    EXPECT_EQ(s.write_timeout_secs, os.write_timeout_secs);
    EXPECT_EQ(s.sse_retry_ms, os.sse_retry_ms);
    EXPECT_EQ(s.client_max_queue_bytes, os.client_max_queue_bytes);
    EXPECT_EQ(s.socket_send_buffer_bytes, os.socket_send_buffer_bytes);
    EXPECT_EQ(s.spectral_window_size, os.spectral_window_size);
    EXPECT_EQ(s.spectral_window, os.spectral_window);
    EXPECT_EQ(s.spectral_averages, os.spectral_averages);
    EXPECT_EQ(back.logging.level, original.logging.level);
    EXPECT_EQ(back.logging.format, original.logging.format);
}

TEST(ConfigDescribe, ExplicitFrameSizeHasNoEffectiveComment) {
    Config c;
    c.acquisition.frame_size = 512;
    const std::string text = describe_config(c);
    EXPECT_NE(text.find("  frame_size: 512\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("effective:"), std::string::npos);
}

}  // namespace
}  // namespace acoustream::config
