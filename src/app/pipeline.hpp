#pragma once
// Everything `serve` runs, in one struct whose declaration order is its
// construction order and, reversed, its shutdown order
// (docs/architecture.md, "Shutdown order"): the daemon, declared last, stops
// first, because it calls into the server; the server goes before the
// recorder and the hubs its sessions read; the audio stream outlives them all.
//
// Thread-safety: built, started and stopped by the main thread only.

#include <memory>

#include "acquisition/acquisition_daemon.hpp"
#include "acquisition/clock.hpp"
#include "auth/jwt_verifier.hpp"
#include "config/config.hpp"
#include "http/server.hpp"
#include "record/recorder.hpp"
#include "spectral/spectral_hub.hpp"
#include "stream/shared_audio_stream.hpp"

namespace spdlog {
class logger;
}

namespace acoustream::app {

class Pipeline {
public:
    // Throws ConfigurationError or RuntimeFailure naming the part that cannot be built.
    Pipeline(const config::Config& config, std::shared_ptr<auth::JwtVerifier> verifier,
             std::shared_ptr<spdlog::logger> logger);
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    // Binds the port (RuntimeFailure when it cannot), then starts the
    // spectral hub, the recording when recording.autostart is set, and acquisition.
    void start();
    // The graceful stop: no more frames, every stream ends once its retained
    // frames are sent, then the server closes. Idempotent.
    void stop();

    [[nodiscard]] std::uint16_t port() const { return server_.port(); }
    [[nodiscard]] std::string source_name() const { return daemon_.status().source_name; }

private:
    stream::SharedAudioStream audio_;
    acquisition::SystemClock clock_;
    spectral::SpectralHub hub_;
    std::unique_ptr<record::Recorder> recorder_;
    bool autostart_ = false;
    double frame_rate_ = 0;  // set once the source is open, before start()
    http::HttpServer server_;
    acquisition::AcquisitionDaemon daemon_;
};

}  // namespace acoustream::app
