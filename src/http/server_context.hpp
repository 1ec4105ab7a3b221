#pragma once
// Everything the HTTP layer needs from the rest of the program, passed in so
// the server can be started in tests with any stream, clock and verifier.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/jwt_verifier.hpp"
#include "http/metrics.hpp"
#include "spectral/spectral_frame.hpp"
#include "stream/broadcast_ring.hpp"
#include "stream/shared_audio_stream.hpp"
#include "stream/source_status.hpp"

namespace acoustream::record {
class Recorder;
}

namespace spdlog {
class logger;
}

namespace acoustream::http {

// The server's settings. The app fills every member from the configuration
// (http_options() in app/pipeline.cpp), which holds their defaults and
// meanings (config/config.hpp, docs/configuration.md); a default-constructed
// HttpOptions is all zeros and empty, not a usable configuration.
struct HttpOptions {
    std::string address;
    std::uint16_t port{};
    unsigned threads{};
    std::vector<std::string> cors_allowed_origins;
    std::size_t max_connections{};
    std::size_t max_header_bytes{};
    unsigned header_timeout_secs{};
    std::string web_root;     // the dashboard's own files (dashboard/...)
    std::string vendor_root;  // npm packages served locally (rapidoc, uplot): a node_modules dir
    bool allow_query_token{};
    // SSE
    unsigned sse_timeout_secs{};
    bool enable_heartbeats{};
    bool disconnect_slow_clients{};
    bool degrade_slow_clients{};      // slow_client_policy: degrade
    unsigned max_degrade_decimate{};  // the coarsest factor degrade moves a client to
    unsigned write_timeout_secs{};
    unsigned sse_retry_ms{};
    std::size_t client_max_queue_bytes{};
    std::size_t socket_send_buffer_bytes{};  // SO_SNDBUF of stream sockets; 0: left to the kernel
    // Access log
    bool access_log{};
    std::vector<std::string> trusted_proxies;  // validated by the configuration
};

struct ServerContext {
    HttpOptions options;
    stream::SharedAudioStream* audio = nullptr;
    // Null when no spectral analyser runs: spectral routes then answer 503.
    stream::BroadcastRing<spectral::SpectralFrame>* spectral = nullptr;
    std::function<stream::SourceStatus()> source_status;
    std::function<std::uint64_t()> spectra_computed;
    // Frames per second the source publishes (sample rate / frame size), the
    // bound of `max_fps`; null or 0: unknown, only max_fps > 0 is checked.
    std::function<double()> frame_rate;
    // Null when recording is not available: the recording routes answer 503.
    record::Recorder* recorder = nullptr;
    // Checks tokens for starting, stopping and deleting recordings (holds
    // auth.write_scope as its required scope); null: `verifier` does.
    std::shared_ptr<const auth::JwtVerifier> write_verifier;
    std::shared_ptr<const auth::JwtVerifier> verifier;
    std::function<std::int64_t()> now_unix_secs;
    std::shared_ptr<spdlog::logger> logger;
    std::string version = "0.0.0";
};

}  // namespace acoustream::http
