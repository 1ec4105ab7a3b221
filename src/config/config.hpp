#pragma once
// The effective configuration of acoustream (docs/configuration.md): plain value structs
// whose member initialisers are the documented defaults. Enumerated settings
// stay strings so they print and compare exactly as written in the file; the
// loader and validate_config() accept only the names in config_limits.hpp.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace acoustream::config {

struct ServerConfig {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 binds an ephemeral port
    std::vector<std::string> cors_allowed_origins;
    // Peers whose X-Forwarded-For the access log believes: addresses or
    // networks ("10.0.0.0/8", "::1"). Empty: the log shows the TCP peer.
    std::vector<std::string> trusted_proxies;
    std::size_t max_connections = 10000;
    std::size_t max_header_bytes = 16384;
    unsigned header_timeout_secs = 10;
    unsigned threads = 2;
    std::string web_root;     // empty = the built-in dashboard
    std::string vendor_root;  // empty = the built-in front-end packages (node_modules)
};

struct AuthConfig {
    std::optional<std::string> hmac_secret;
    std::optional<std::string> rs256_public_key;  // path of a PEM file
    std::optional<std::string> issuer;
    std::optional<std::string> audience;
    std::string required_scope = "read:api";
    std::string write_scope = "write:api";  // start, stop and delete recordings
    bool allow_query_token = true;
    // Clock skew allowed between the token's issuer and us on exp, nbf, iat.
    unsigned leeway_secs = 30;
};

struct AcquisitionConfig {
    struct FileConfig {
        std::optional<std::string> path;
        bool loop = false;
        bool realtime = true;
        std::array<int, 2> channels{0, 1};
    };
    struct MicrophoneConfig {
        std::string device = "default";  // a name, or an index written as digits
        std::array<int, 2> channels{0, 1};
    };
    struct SimulatedConfig {
        double frequency = 2000.0;
        double amplitude = 0.5;
        double noise_amplitude = 0.05;
        double phase_difference_deg = 180.0;
        std::uint64_t seed = 42;
        double modulation_depth = 0.0;
        double modulation_frequency = 0.0;
    };

    std::string source = "simulated";  // simulated | file | microphone
    std::uint32_t sample_rate = 48000;
    double target_fps = 30;
    std::optional<std::uint32_t> frame_size;  // unset = derived from target_fps
    FileConfig file;
    MicrophoneConfig microphone;
    SimulatedConfig simulated;

    // frame_size when set, else max(1, round(sample_rate / target_fps)).
    [[nodiscard]] std::uint32_t effective_frame_size() const;
};

struct StreamingConfig {
    std::size_t broadcast_buffer_size = 100;
    unsigned sse_timeout_secs = 5;
    bool enable_heartbeats = true;
    std::string slow_client_policy = "lag";  // lag | disconnect | degrade
    // degrade: the coarsest audio decimation factor a slow client is moved to.
    unsigned max_degrade_decimate = 16;
    unsigned write_timeout_secs = 30;
    unsigned sse_retry_ms = 2000;
    std::size_t client_max_queue_bytes = std::size_t{16} * 1024 * 1024;
    // SO_SNDBUF of stream sockets; 0 keeps the kernel's autotuning (up to
    // tcp_wmem's max, 4 MiB per socket on Debian), which lets a stalled client
    // park megabytes in the kernel instead of lagging visibly in the ring.
    std::size_t socket_send_buffer_bytes = std::size_t{256} * 1024;
    std::uint32_t spectral_window_size = 4096;
    std::string spectral_window = "hann";  // hann | hamming | blackman | rectangular
    unsigned spectral_averages = 1;
};

struct RecordingConfig {
    std::string directory = "recordings";  // relative to the working directory
    std::string format = "flac";           // flac | wav
    std::uint64_t rotate_secs = 3600;      // 0: never by time
    std::uint64_t rotate_bytes = 0;        // 0: no size limit
    std::uint64_t max_total_bytes = 0;     // 0: keep everything
    bool autostart = false;
    double queue_secs = 30;  // audio held in memory while the disk stalls
};

struct LoggingConfig {
    std::string level = "info";   // trace | debug | info | warn | error | critical | off
    std::string format = "text";  // text | json
    bool access = true;           // one info line per request and per stream closed
};

struct Config {
    ServerConfig server;
    AuthConfig auth;
    AcquisitionConfig acquisition;
    StreamingConfig streaming;
    RecordingConfig recording;
    LoggingConfig logging;
    // Not a setting: what the loader found valid but not in effect as
    // written (config_warnings()), for serve's log and check-config.
    std::vector<std::string> warnings;
};

}  // namespace acoustream::config
