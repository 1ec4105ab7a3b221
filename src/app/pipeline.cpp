#include "app/pipeline.hpp"

#include <chrono>

#include "app/config_digest.hpp"
#include "app/source_factory.hpp"
#include "app/startup_checks.hpp"
#include "app/startup_error.hpp"
#include "platform/wall_clock.hpp"

#ifndef ACOUSTREAM_VERSION
#define ACOUSTREAM_VERSION "0.0.0"
#endif

namespace acoustream::app {

namespace {

http::HttpOptions http_options(const config::Config& c) {
    http::HttpOptions o;
    o.address = c.server.address;
    o.port = c.server.port;
    o.threads = c.server.threads;
    o.cors_allowed_origins = c.server.cors_allowed_origins;
    o.max_connections = c.server.max_connections;
    o.max_header_bytes = c.server.max_header_bytes;
    o.header_timeout_secs = c.server.header_timeout_secs;
    const FrontEndRoots roots = front_end_roots(c.server);
    o.web_root = roots.web;
    o.vendor_root = roots.vendor;
    o.allow_query_token = c.auth.allow_query_token;
    o.sse_timeout_secs = c.streaming.sse_timeout_secs;
    o.enable_heartbeats = c.streaming.enable_heartbeats;
    o.disconnect_slow_clients = c.streaming.slow_client_policy == "disconnect";
    o.degrade_slow_clients = c.streaming.slow_client_policy == "degrade";
    o.max_degrade_decimate = c.streaming.max_degrade_decimate;
    o.write_timeout_secs = c.streaming.write_timeout_secs;
    o.sse_retry_ms = c.streaming.sse_retry_ms;
    o.client_max_queue_bytes = c.streaming.client_max_queue_bytes;
    o.socket_send_buffer_bytes = c.streaming.socket_send_buffer_bytes;
    o.access_log = c.logging.access;
    o.trusted_proxies = c.server.trusted_proxies;
    return o;
}

spectral::AnalyserOptions checked_analyser_options(const config::StreamingConfig& s) {
    try {
        return analyser_options(s);
    } catch (const std::exception& e) {
        throw ConfigurationError(std::string("cannot start the spectral analyser: ") + e.what());
    }
}

std::unique_ptr<audio::AudioSource> checked_source(const config::Config& config,
                                                   const std::shared_ptr<spdlog::logger>& logger) {
    try {
        return make_source(config, logger);
    } catch (const std::exception& e) {
        throw RuntimeFailure(std::string("cannot start acquisition: ") + e.what());
    }
}

acquisition::DaemonOptions daemon_options(const config::Config& config,
                                          const audio::AudioSource& source) {
    acquisition::DaemonOptions o;
    o.frame_size = frame_size_for(config.acquisition, source.sample_rate());
    return o;
}

stream::SourceState source_state(acquisition::DaemonState state) {
    switch (state) {
        case acquisition::DaemonState::idle:
            return stream::SourceState::idle;
        case acquisition::DaemonState::running:
            return stream::SourceState::running;
        case acquisition::DaemonState::retrying:
            return stream::SourceState::retrying;
        case acquisition::DaemonState::ended:
            return stream::SourceState::ended;
        case acquisition::DaemonState::stopped:
            return stream::SourceState::stopped;
    }
    return stream::SourceState::idle;
}

// What the server reports about the source, from the daemon's status.
stream::SourceStatus source_status(const acquisition::DaemonStatus& daemon) {
    stream::SourceStatus s;
    s.state = source_state(daemon.state);
    s.name = daemon.source_name;
    s.frames_published = daemon.frames_published;
    s.read_errors = daemon.read_errors;
    s.last_error = daemon.last_error;
    s.retry_delay = daemon.retry_delay;
    return s;
}

http::ServerContext server_context(const config::Config& config,
                                   std::shared_ptr<auth::JwtVerifier> verifier,
                                   std::shared_ptr<spdlog::logger> logger) {
    http::ServerContext ctx;
    ctx.options = http_options(config);
    // The same keys and claims; only the scope differs.
    auto write_options = verifier->options();
    write_options.required_scope = config.auth.write_scope;
    ctx.write_verifier = std::make_shared<auth::JwtVerifier>(write_options);
    ctx.verifier = std::move(verifier);
    ctx.now_unix_secs = platform::unix_now_secs;
    ctx.logger = std::move(logger);
    ctx.version = ACOUSTREAM_VERSION;
    return ctx;
}

record::RecorderSettings recorder_settings(const config::Config& config) {
    const auto& r = config.recording;
    record::RecorderSettings s;
    s.directory = r.directory;
    s.format = record::parse_format(r.format).value_or(record::Format::flac);
    s.rotate_secs = r.rotate_secs;
    s.rotate_bytes = r.rotate_bytes;
    s.max_total_bytes = r.max_total_bytes;
    s.queue_secs = r.queue_secs;
    s.provenance.version = ACOUSTREAM_VERSION;
    s.provenance.config_digest = config_digest(config);
    return s;
}

std::unique_ptr<record::Recorder> checked_recorder(const config::Config& config,
                                                   stream::SharedAudioStream& audio,
                                                   std::shared_ptr<spdlog::logger> logger) {
    try {
        return std::make_unique<record::Recorder>(recorder_settings(config), audio,
                                                  std::move(logger), platform::unix_now_ms);
    } catch (const std::exception& e) {
        throw ConfigurationError(e.what());
    }
}

}  // namespace

Pipeline::Pipeline(const config::Config& config, std::shared_ptr<auth::JwtVerifier> verifier,
                   std::shared_ptr<spdlog::logger> logger)
    : audio_(config.streaming.broadcast_buffer_size),
      hub_(audio_, checked_analyser_options(config.streaming),
           config.streaming.broadcast_buffer_size),
      recorder_(checked_recorder(config, audio_, logger)),
      autostart_(config.recording.autostart),
      server_([&] {
          auto ctx = server_context(config, std::move(verifier), logger);
          ctx.audio = &audio_;
          ctx.spectral = &hub_.ring();
          ctx.recorder = recorder_.get();
          // The daemon is built after the server; nothing asks before start().
          ctx.source_status = [this] { return source_status(daemon_.status()); };
          ctx.spectra_computed = [this] { return hub_.computed(); };
          ctx.frame_rate = [this] { return frame_rate_; };
          return ctx;
      }()),
      daemon_([&] {
          auto source = checked_source(config, logger);
          const auto options = daemon_options(config, *source);
          recorder_->set_stream(source->sample_rate(),
                                static_cast<std::uint32_t>(options.frame_size), source->name());
          frame_rate_ =
              static_cast<double>(source->sample_rate()) / static_cast<double>(options.frame_size);
          return acquisition::AcquisitionDaemon(std::move(source), audio_, clock_, options, logger);
      }()) {
    // Frames of a paced source are encoded before they are due, off the
    // path from publish to the clients' sockets.
    daemon_.set_pre_encode([this](const audio::AudioFrame& frame) { server_.pre_encode(frame); });
}

void Pipeline::start() {
    try {
        server_.start();
    } catch (const std::exception& e) {
        throw RuntimeFailure(e.what());
    }
    hub_.start();
    // Before the first frame, so an autostarted recording holds frame 0.
    if (autostart_) {
        auto started = recorder_->start("autostart", std::nullopt);
        if (auto* error = std::get_if<record::RecorderError>(&started))
            throw RuntimeFailure("recording.autostart: " + error->message);
    }
    daemon_.start();
}

void Pipeline::stop() {
    daemon_.stop();
    audio_.close();  // ends every stream once its retained frames are sent
    // The recording ends with the last frame published; a disk that does not
    // answer within this is given up on (the files stay readable).
    recorder_->shutdown(std::chrono::seconds(5));
    hub_.stop();
    server_.stop(std::chrono::milliseconds(1200));
}

}  // namespace acoustream::app
