#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "acquisition/acquisition_daemon.hpp"
#include "app/logging.hpp"
#include "app/signal_waiter.hpp"
#include "app/source_factory.hpp"
#include "app/startup_checks.hpp"
#include "audio/source_error.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/token_issuer.hpp"
#include "http/front_end_files.hpp"
#include "http/server.hpp"
#include "spectral/spectral_hub.hpp"
#include "stream/shared_audio_stream.hpp"

#ifndef ACOUSTREAM_VERSION
#define ACOUSTREAM_VERSION "0.0.0"
#endif

namespace acoustream::app {

namespace {

// The generated token of a server with a generated secret: the secret dies
// with the process, so a long life costs nothing.
constexpr std::int64_t kGeneratedTokenTtl = 7 * 24 * 3600;

std::int64_t unix_now() {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
}

// An address as the host of a URL: IPv6 addresses in brackets (RFC 3986).
std::string url_address(const std::string& address) {
    if (address.find(':') != std::string::npos) return "[" + address + "]";
    return address;
}

// The host a browser on this machine reaches a server bound to `address` at.
std::string url_host(const std::string& address) {
    if (address == "0.0.0.0" || address.empty()) return "127.0.0.1";
    if (address == "::") return "[::1]";
    return url_address(address);
}

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
    o.write_timeout_secs = c.streaming.write_timeout_secs;
    o.sse_retry_ms = c.streaming.sse_retry_ms;
    o.client_max_queue_bytes = c.streaming.client_max_queue_bytes;
    o.socket_send_buffer_bytes = c.streaming.socket_send_buffer_bytes;
    return o;
}

}  // namespace

int run_serve(config::Config config, std::ostream& out) {
    std::shared_ptr<spdlog::logger> logger;
    try {
        logger = make_logger(config.logging.level, config.logging.format);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    spdlog::set_default_logger(logger);
    block_signals();  // before any thread starts, so only the waiter takes them

    for (const auto& warning : config.warnings) logger->warn("{}", warning);

    // Authentication: never run open by accident.
    auth::VerifierOptions vo;
    bool generated_secret = false;
    std::shared_ptr<auth::JwtVerifier> verifier;
    try {
        vo = verifier_options(config.auth);
        if (!vo.hmac_secret && !vo.rs256_public_key_pem) {
            vo.hmac_secret = auth::generate_secret();
            generated_secret = true;
        }
        verifier = std::make_shared<auth::JwtVerifier>(vo);
        const FrontEndRoots roots = front_end_roots(config.server);
        http::check_front_end_files(roots.web, roots.vendor);
    } catch (const std::exception& e) {
        logger->critical("cannot start: {}", e.what());
        return 2;
    }

    stream::SharedAudioStream audio_stream(config.streaming.broadcast_buffer_size);
    acquisition::SystemClock clock;
    std::unique_ptr<acquisition::AcquisitionDaemon> daemon;
    try {
        auto source = make_source(config, logger);
        const std::size_t frame_size = frame_size_for(config.acquisition, source->sample_rate());
        acquisition::DaemonOptions dopt;
        dopt.frame_size = frame_size;
        daemon = std::make_unique<acquisition::AcquisitionDaemon>(std::move(source), audio_stream,
                                                                  clock, dopt, logger);
    } catch (const std::exception& e) {
        logger->critical("cannot start acquisition: {}", e.what());
        return 1;
    }

    std::unique_ptr<spectral::SpectralHub> hub;
    try {
        hub = std::make_unique<spectral::SpectralHub>(audio_stream,
                                                      analyser_options(config.streaming),
                                                      config.streaming.broadcast_buffer_size);
    } catch (const std::exception& e) {
        logger->critical("cannot start the spectral analyser: {}", e.what());
        return 2;
    }

    http::ServerContext ctx;
    ctx.options = http_options(config);
    ctx.audio = &audio_stream;
    ctx.spectral = &hub->ring();
    ctx.acquisition_status = [d = daemon.get()] { return d->status(); };
    ctx.spectra_computed = [h = hub.get()] { return h->computed(); };
    ctx.verifier = verifier;
    ctx.now_unix_secs = unix_now;
    ctx.logger = logger;
    ctx.version = ACOUSTREAM_VERSION;
    http::HttpServer server(std::move(ctx));
    try {
        server.start();
    } catch (const std::exception& e) {
        logger->critical("{}", e.what());
        return 1;
    }
    // Frames of a paced source are encoded before they are due, off the
    // path from publish to the clients' sockets.
    daemon->set_prepare([&server](const audio::AudioFrame& frame) { server.prepare(frame); });
    // The daemon calls into the server: it stops before the server goes.
    struct StopDaemonFirst {
        acquisition::AcquisitionDaemon& daemon;
        ~StopDaemonFirst() { daemon.stop(); }
    } stop_daemon_first{*daemon};
    hub->start();
    daemon->start();

    const std::string base =
        "http://" + url_host(config.server.address) + ":" + std::to_string(server.port());
    out << "listening on http://" << url_address(config.server.address) << ":" << server.port()
        << std::endl;
    if (generated_secret) {
        auth::TokenRequest req;
        req.subject = "dashboard";
        req.ttl_secs = kGeneratedTokenTtl;
        req.scope = config.auth.required_scope;
        req.issuer = config.auth.issuer;
        req.audience = config.auth.audience;
        const std::string token = auth::issue_hs256(*vo.hmac_secret, req, unix_now());
        out << "token: " << token << std::endl;
        out << "dashboard: " << base << "/?token=" << token << std::endl;
        logger->warn("no auth secret configured: generated one for this run (token valid 7 days)");
    }
    logger->info("serving {} source on {}", daemon->status().source_name, base);

    const int sig = wait_for_stop_signal(
        [](void* l) {
            static_cast<spdlog::logger*>(l)->info(
                "SIGHUP ignored: restart the server to apply a new configuration");
        },
        logger.get());
    logger->info("signal {} received: stopping", sig);
    daemon->stop();
    audio_stream.close();  // ends every stream once its retained frames are sent
    hub->stop();
    server.stop(std::chrono::milliseconds(1200));
    logger->info("stopped");
    logger->flush();
    return 0;
}

}  // namespace acoustream::app
