#include "config/config_loader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace acoustream::config {
namespace {

namespace fs = std::filesystem;

// Every key set to a value other than its default, so a key the loader
// ignored shows up as a failed expectation.
constexpr const char* kFullConfig = R"(# acoustream test configuration
server:
  address: 0.0.0.0
  port: 9090
  cors_allowed_origins: ["http://localhost:3000", https://example.org]
  max_connections: 500
  max_header_bytes: 8192
  header_timeout_secs: 7
  threads: 4
  web_root: /srv/acoustream/www
  vendor_root: /usr/share/acoustream/vendor
auth:
  hmac_secret: "s3cret-value"
  rs256_public_key: /etc/acoustream/jwt.pem
  issuer: https://issuer.example
  audience: acoustream
  required_scope: read:audio
  allow_query_token: false
acquisition:
  source: file
  sample_rate: 44100
  target_fps: 25.5
  frame_size: 2048
  file:
    path: /data/cell.wav
    loop: true
    realtime: false
    channels: [2, 3]
  microphone:
    device: "hw:1,0"
    channels: [1, 0]
  simulated:
    frequency: 1234.5
    amplitude: 0.25
    noise_amplitude: 0
    phase_difference_deg: -90
    seed: 18446744073709551615
    modulation_depth: 0.3
    modulation_frequency: 2.5
streaming:
  broadcast_buffer_size: 256
  sse_timeout_secs: 15
  enable_heartbeats: false
  slow_client_policy: disconnect
  max_degrade_decimate: 8
  write_timeout_secs: 12
  sse_retry_ms: 500
  client_max_queue_bytes: 0x100000
  socket_send_buffer_bytes: 0
  spectral_window_size: 8192
  spectral_window: blackman
  spectral_averages: 4
logging:
  level: debug
  format: json
)";

void expect_full_config(const Config& c) {
    EXPECT_EQ(c.server.address, "0.0.0.0");
    EXPECT_EQ(c.server.port, 9090);
    EXPECT_EQ(c.server.cors_allowed_origins,
              (std::vector<std::string>{"http://localhost:3000", "https://example.org"}));
    EXPECT_EQ(c.server.max_connections, 500u);
    EXPECT_EQ(c.server.max_header_bytes, 8192u);
    EXPECT_EQ(c.server.header_timeout_secs, 7u);
    EXPECT_EQ(c.server.threads, 4u);
    EXPECT_EQ(c.server.web_root, "/srv/acoustream/www");
    EXPECT_EQ(c.server.vendor_root, "/usr/share/acoustream/vendor");

    EXPECT_EQ(c.auth.hmac_secret, "s3cret-value");
    EXPECT_EQ(c.auth.rs256_public_key, "/etc/acoustream/jwt.pem");
    EXPECT_EQ(c.auth.issuer, "https://issuer.example");
    EXPECT_EQ(c.auth.audience, "acoustream");
    EXPECT_EQ(c.auth.required_scope, "read:audio");
    EXPECT_FALSE(c.auth.allow_query_token);

    const auto& q = c.acquisition;
    EXPECT_EQ(q.source, "file");
    EXPECT_EQ(q.sample_rate, 44100u);
    EXPECT_DOUBLE_EQ(q.target_fps, 25.5);
    EXPECT_EQ(q.frame_size, 2048u);
    EXPECT_EQ(q.effective_frame_size(), 2048u);
    EXPECT_EQ(q.file.path, "/data/cell.wav");
    EXPECT_TRUE(q.file.loop);
    EXPECT_FALSE(q.file.realtime);
    EXPECT_EQ(q.file.channels, (std::array<int, 2>{2, 3}));
    EXPECT_EQ(q.microphone.device, "hw:1,0");
    EXPECT_EQ(q.microphone.channels, (std::array<int, 2>{1, 0}));
    EXPECT_DOUBLE_EQ(q.simulated.frequency, 1234.5);
    EXPECT_DOUBLE_EQ(q.simulated.amplitude, 0.25);
    EXPECT_DOUBLE_EQ(q.simulated.noise_amplitude, 0.0);
    EXPECT_DOUBLE_EQ(q.simulated.phase_difference_deg, -90.0);
    EXPECT_EQ(q.simulated.seed, 18446744073709551615u);
    EXPECT_DOUBLE_EQ(q.simulated.modulation_depth, 0.3);
    EXPECT_DOUBLE_EQ(q.simulated.modulation_frequency, 2.5);

    const auto& s = c.streaming;
    EXPECT_EQ(s.broadcast_buffer_size, 256u);
    EXPECT_EQ(s.sse_timeout_secs, 15u);
    EXPECT_FALSE(s.enable_heartbeats);
    EXPECT_EQ(s.slow_client_policy, "disconnect");
    EXPECT_EQ(s.max_degrade_decimate, 8u);
    EXPECT_EQ(s.write_timeout_secs, 12u);
    EXPECT_EQ(s.sse_retry_ms, 500u);
    EXPECT_EQ(s.client_max_queue_bytes, 1048576u);
    EXPECT_EQ(s.socket_send_buffer_bytes, 0u);
    EXPECT_EQ(s.spectral_window_size, 8192u);
    EXPECT_EQ(s.spectral_window, "blackman");
    EXPECT_EQ(s.spectral_averages, 4u);

    EXPECT_EQ(c.logging.level, "debug");
    EXPECT_EQ(c.logging.format, "json");
}

// A file in a fresh directory, removed with it at the end of the test.
class TempDir {
public:
    TempDir() {
        dir_ = fs::temp_directory_path() /
               ("acoustream-config-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] std::string write(const std::string& name, const std::string& text) const {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

private:
    fs::path dir_;
};

TEST(ConfigLoader, FullFileFromString) {
    expect_full_config(load_config_string(kFullConfig, "full.yaml"));
}

TEST(ConfigLoader, FullFileFromDisk) {
    const TempDir dir;
    expect_full_config(load_config_file(dir.write("acoustream.yaml", kFullConfig)));
}

TEST(ConfigLoader, FlowStyleSpecExampleLoads) {
    // The documented defaults block, as written in docs/configuration.md.
    const Config c = load_config_string(R"(
server:        { address: 127.0.0.1, port: 8080, cors_allowed_origins: [] }
auth:          { hmac_secret: null, rs256_public_key: null, issuer: null, audience: null,
                 required_scope: read:api, allow_query_token: true }
acquisition:
  source: simulated            # simulated | file | microphone
  sample_rate: 48000
  target_fps: 30
  frame_size: null             # default sample_rate / target_fps
  file:       { path: null, loop: false, realtime: true, channels: [0, 1] }
  microphone: { device: default, channels: [0, 1] }
  simulated:  { frequency: 2000.0, amplitude: 0.5, noise_amplitude: 0.05,
                phase_difference_deg: 180.0, seed: 42 }
streaming:     { broadcast_buffer_size: 100, sse_timeout_secs: 5, enable_heartbeats: true,
                 slow_client_policy: lag, write_timeout_secs: 30,
                 spectral_window_size: 4096, spectral_window: hann, spectral_averages: 1 }
logging:       { level: info, format: text }   # format: text | json
)",
                                        "spec.yaml");
    EXPECT_EQ(c.server.port, 8080);
    EXPECT_EQ(c.acquisition.effective_frame_size(), 1600u);
    EXPECT_EQ(c.streaming.spectral_window, "hann");
}

TEST(ConfigLoader, AcceptedSpellings) {
    const Config c = load_config_string(
        "server: {port: +0, address: \"::1\"}\n"  // '+' sign, port 0 = ephemeral, quoted string
        "auth: {allow_query_token: False, hmac_secret: 12345}\n"  // numbers are valid secrets
        "acquisition:\n"
        "  target_fps: 1e3\n"          // exponent form at the upper bound
        "  sample_rate: 384000\n"      // upper bound
        "  frame_size: 1048576\n"      // 2^20
        "  microphone: {device: 3}\n"  // device index
        "  simulated: {frequency: .5e5, amplitude: 1, seed: 0}\n"
        "streaming: {enable_heartbeats: TRUE, spectral_window_size: 16, sse_retry_ms: 0}\n",
        "spellings.yaml");
    EXPECT_EQ(c.server.port, 0);
    EXPECT_EQ(c.server.address, "::1");
    EXPECT_FALSE(c.auth.allow_query_token);
    EXPECT_EQ(c.auth.hmac_secret, "12345");
    EXPECT_DOUBLE_EQ(c.acquisition.target_fps, 1000.0);
    EXPECT_EQ(c.acquisition.sample_rate, 384000u);
    EXPECT_EQ(c.acquisition.frame_size, 1048576u);
    EXPECT_EQ(c.acquisition.microphone.device, "3");
    EXPECT_DOUBLE_EQ(c.acquisition.simulated.frequency, 50000.0);
    EXPECT_DOUBLE_EQ(c.acquisition.simulated.amplitude, 1.0);
    EXPECT_EQ(c.acquisition.simulated.seed, 0u);
    EXPECT_TRUE(c.streaming.enable_heartbeats);
    EXPECT_EQ(c.streaming.spectral_window_size, 16u);
    EXPECT_EQ(c.streaming.sse_retry_ms, 0u);
}

TEST(ConfigLoader, AnchorsAndAliasesResolve) {
    const Config c = load_config_string(
        "acquisition:\n  file: {channels: &pair [3, 4], path: /x.wav}\n"
        "  microphone: {channels: *pair}\n",
        "alias.yaml");
    EXPECT_EQ(c.acquisition.microphone.channels, (std::array<int, 2>{3, 4}));
}

TEST(ConfigLoader, MissingFileNamesThePath) {
    const TempDir dir;
    const std::string path = dir.path("does-not-exist.yaml");
    try {
        (void)load_config_file(path);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.origin(), path);
        EXPECT_EQ(e.line(), 0);
        EXPECT_EQ(std::string(e.what()),
                  path + ": cannot open config file: No such file or directory");
    }
}

TEST(ConfigLoader, DirectoryIsRefused) {
    const TempDir dir;
    const std::string path = dir.path("");
    try {
        (void)load_config_file(path);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), path + ": cannot read config file: it is a directory");
    }
}

TEST(ConfigLoader, UnreadableFileNamesThePath) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files regardless of their mode";
    const TempDir dir;
    const std::string path = dir.write("secret.yaml", "server: {port: 1}\n");
    fs::permissions(path, fs::perms::none);
    try {
        (void)load_config_file(path);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), path + ": cannot open config file: Permission denied");
    }
}

TEST(ConfigLoader, ReadFailureNamesThePath) {
    // Opens fine but every read fails (address 0 is never mapped), even for root.
    try {
        (void)load_config_file("/proc/self/mem");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "/proc/self/mem: cannot read config file: Input/output error");
    }
}

TEST(ConfigLoader, EndlessInputIsCutOff) {
    try {
        (void)load_config_file("/dev/zero");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), "/dev/zero: config file is larger than 16 MiB");
    }
}

TEST(ConfigLoader, ErrorsInAFileNameTheFile) {
    const TempDir dir;
    const std::string path = dir.write("bad.yaml", "streaming:\n  sse_timeout_secs: abc\n");
    try {
        (void)load_config_file(path);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path +
                      ":2:3: streaming.sse_timeout_secs: expected a non-negative integer, got "
                      "\"abc\"");
    }
}

}  // namespace
}  // namespace acoustream::config

namespace acoustream::config {
namespace {

// Found by fuzz_config: yaml-cpp 0.7's LoadAll never returns on this input
// (fuzz/crashes/fuzz_config/yaml_loadall_hang_anchor_comma). The loader must
// answer with a ConfigError instead of hanging.
TEST(ConfigLoader, AnchorCommaInputIsAnErrorNotAHang) {
    EXPECT_THROW((void)load_config_string("&a,_info", "fuzz.yaml"), ConfigError);
}

}  // namespace
}  // namespace acoustream::config
