#include "app/serve.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "app/logging.hpp"
#include "app/pipeline.hpp"
#include "app/signal_waiter.hpp"
#include "app/startup_checks.hpp"
#include "app/startup_error.hpp"
#include "auth/jwt_verifier.hpp"
#include "auth/token_issuer.hpp"
#include "http/server.hpp"
#include "platform/wall_clock.hpp"

namespace acoustream::app {

namespace {

// The generated token of a server with a generated secret: the secret dies
// with the process, so a long life costs nothing.
constexpr std::int64_t kGeneratedTokenTtl = 7 * 24 * 3600;

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

// The verifier, with a secret generated for this run when none is configured
// (the server never runs unauthenticated by accident).
struct Auth {
    auth::VerifierOptions options;
    std::shared_ptr<auth::JwtVerifier> verifier;
    bool generated_secret = false;
};

Auth make_auth(const config::Config& config) {
    Auth a;
    try {
        a.options = verifier_options(config.auth);
        if (!a.options.hmac_secret && !a.options.rs256_public_key_pem) {
            a.options.hmac_secret = auth::generate_secret();
            a.generated_secret = true;
        }
        a.verifier = std::make_shared<auth::JwtVerifier>(a.options);
        check_front_end(config.server);
    } catch (const std::invalid_argument& e) {
        throw ConfigurationError(e.what());
    }
    return a;
}

// The machine-readable lines: where it listens, and the generated token.
void announce(const config::Config& config, const Auth& a, std::uint16_t port, std::ostream& out,
              spdlog::logger& logger, const std::string& source_name) {
    const std::string base =
        "http://" + url_host(config.server.address) + ":" + std::to_string(port);
    out << "listening on http://" << url_address(config.server.address) << ":" << port << std::endl;
    if (a.generated_secret) {
        auth::TokenRequest req;
        req.subject = "dashboard";
        req.ttl_secs = kGeneratedTokenTtl;
        // The operator's own token: it may also start and stop recordings.
        req.scope = config.auth.required_scope;
        if (config.auth.write_scope != config.auth.required_scope)
            req.scope += " " + config.auth.write_scope;
        req.issuer = config.auth.issuer;
        req.audience = config.auth.audience;
        const std::string token =
            auth::issue_hs256(*a.options.hmac_secret, req, platform::unix_now_secs());
        out << "token: " << token << std::endl;
        out << "dashboard: " << base << "/?token=" << token << std::endl;
        logger.warn("no auth secret configured: generated one for this run (token valid 7 days)");
    }
    logger.info("serving {} source on {}", source_name, base);
}

}  // namespace

int run_serve(config::Config config, std::ostream& out) {
    std::shared_ptr<spdlog::logger> logger;
    try {
        logger = make_logger(config.logging.level, config.logging.format);
    } catch (const std::exception& e) {
        throw ConfigurationError(e.what());
    }
    spdlog::set_default_logger(logger);
    block_signals();  // before any thread starts, so only the waiter takes them
    for (const auto& warning : config.warnings) logger->warn("{}", warning);

    const Auth a = make_auth(config);
    Pipeline pipeline(config, a.verifier, logger);
    pipeline.start();
    announce(config, a, pipeline.port(), out, *logger, pipeline.source_name());

    const int sig = wait_for_stop_signal(
        [](void* l) {
            static_cast<spdlog::logger*>(l)->info(
                "SIGHUP ignored: restart the server to apply a new configuration");
        },
        logger.get());
    logger->info("signal {} received: stopping", sig);
    pipeline.stop();
    logger->info("stopped");
    logger->flush();
    return 0;
}

}  // namespace acoustream::app
