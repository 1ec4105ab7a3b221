// acoustream command line: serve, token, devices, check-config.
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "app/serve.hpp"
#include "app/startup_checks.hpp"
#include "app/startup_error.hpp"
#include "audio/device_list.hpp"
#include "audio/portaudio_session.hpp"
#include "audio/source_error.hpp"
#include "auth/token_issuer.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "config/config_validate.hpp"
#include "config/describe_config.hpp"
#include "config/environment.hpp"

#ifndef ACOUSTREAM_VERSION
#define ACOUSTREAM_VERSION "0.0.0"
#endif

namespace {

using acoustream::config::Config;

// defaults < file < environment (flags are applied by the caller).
Config load(const std::string& path) {
    Config config = path.empty() ? Config{} : acoustream::config::load_config_file(path);
    acoustream::config::apply_environment(config, acoustream::config::process_environment);
    return config;
}

struct ServeFlags {
    std::string config_path;
    std::optional<std::string> address;
    std::optional<int> port;
    std::optional<std::string> source;
    std::optional<std::string> file;
    std::optional<std::string> log_level;
    std::optional<std::string> log_format;
};

struct TokenFlags {
    std::string config_path;
    std::string subject;
    std::string ttl = "1h";
    std::optional<std::string> scope;
};

// Where a failure to start is reported: through the server's logger once it
// exists (so a JSON log stays JSON), on stderr before.
void report_startup_failure(const std::exception& e) {
    auto logger = spdlog::get("acoustream");
    if (logger) {
        logger->critical("cannot start: {}", e.what());
        logger->flush();
    } else {
        std::cerr << "error: " << e.what() << '\n';
    }
}

int serve(const ServeFlags& f) {
    Config config;
    try {
        config = load(f.config_path);
        if (f.address) config.server.address = *f.address;
        if (f.port) config.server.port = static_cast<std::uint16_t>(*f.port);
        if (f.source) config.acquisition.source = *f.source;
        if (f.file) {
            config.acquisition.file.path = *f.file;
            if (!f.source) config.acquisition.source = "file";
        }
        if (f.log_level) config.logging.level = *f.log_level;
        if (f.log_format) config.logging.format = *f.log_format;
        acoustream::config::validate_config(config,
                                            f.config_path.empty() ? "command line" : f.config_path);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    // The one place start-up failures become exit statuses (README, "Using it").
    try {
        return acoustream::app::run_serve(std::move(config), std::cout);
    } catch (const acoustream::app::ConfigurationError& e) {
        report_startup_failure(e);
        return 2;
    } catch (const std::invalid_argument& e) {  // options a part refused
        report_startup_failure(e);
        return 2;
    } catch (const std::exception& e) {
        report_startup_failure(e);
        return 1;
    }
}

int token(const TokenFlags& f) {
    try {
        const Config config = load(f.config_path);
        if (!config.auth.hmac_secret) {
            std::cerr << "error: no HMAC secret configured: set auth.hmac_secret in the config "
                         "file (--config) or ACOUSTREAM_JWT_SECRET; tokens for an RS256 key are "
                         "signed by its private key holder, not by acoustream\n";
            return 2;
        }
        acoustream::auth::TokenRequest req;
        req.subject = f.subject;
        req.ttl_secs = acoustream::auth::parse_ttl(f.ttl);
        req.scope = f.scope.value_or(config.auth.required_scope);
        req.issuer = config.auth.issuer;
        req.audience = config.auth.audience;
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        std::cout << acoustream::auth::issue_hs256(*config.auth.hmac_secret, req, now) << '\n';
        return 0;
    } catch (const std::invalid_argument& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    } catch (const acoustream::config::ConfigError& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}

int devices() {
    try {
        // ALSA probes print noise while PortAudio scans; keep stderr clean.
        acoustream::audio::PortAudioSession session([](std::string_view, std::string_view) {});
        const auto list = acoustream::audio::list_input_devices(session);
        std::cout << acoustream::audio::format_device_table(list);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}

// Loads the file, then runs serve's own start-up checks on it (the key file,
// the front-end folders, the source opened once), so "valid" means serve
// starts on it; warnings are printed like serve logs them.
int check_config(const std::string& path) {
    try {
        const Config config = load(path);
        acoustream::app::check_startup(config, spdlog::null_logger_mt("check-config"));
        std::cout << acoustream::config::describe_config(config);
        for (const auto& warning : config.warnings) std::cerr << "warning: " << warning << '\n';
        std::cerr << path << ": configuration is valid\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"acoustream: live photoacoustic audio over HTTP (SSE), with spectra",
                 "acoustream"};
    app.set_version_flag("--version", std::string("acoustream ") + ACOUSTREAM_VERSION);
    // At most one here and "none" checked after parsing, so an unknown flag or
    // word is reported by name rather than as a missing subcommand.
    app.require_subcommand(0, 1);

    ServeFlags sf;
    auto* serve_cmd = app.add_subcommand("serve", "Acquire audio and serve it over HTTP");
    serve_cmd->add_option("-c,--config", sf.config_path, "YAML configuration file")
        ->check(CLI::ExistingFile);
    serve_cmd->add_option("--address", sf.address, "Listen address (server.address)");
    serve_cmd->add_option("--port", sf.port, "Listen port, 0 for an ephemeral one (server.port)")
        ->check(CLI::Range(0, 65535));
    serve_cmd->add_option("--source", sf.source, "Audio source (acquisition.source)")
        ->check(CLI::IsMember({"simulated", "file", "microphone"}));
    serve_cmd->add_option("--file", sf.file, "Audio file to play (implies --source file)");
    serve_cmd->add_option("--log-level", sf.log_level, "Log level (logging.level)")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
    serve_cmd->add_option("--log-format", sf.log_format, "Log format (logging.format)")
        ->check(CLI::IsMember({"text", "json"}));

    TokenFlags tf;
    auto* token_cmd = app.add_subcommand("token", "Print a JWT signed with the configured secret");
    token_cmd->add_option("-c,--config", tf.config_path, "YAML configuration file")
        ->check(CLI::ExistingFile);
    token_cmd->add_option("--sub", tf.subject, "Subject (sub claim)")->required();
    token_cmd->add_option("--ttl", tf.ttl, "Lifetime: 90, 90s, 15m, 1h, 7d")->capture_default_str();
    token_cmd->add_option("--scope", tf.scope, "Scope (default auth.required_scope)");

    app.add_subcommand("devices", "List audio capture devices");

    std::string check_path;
    auto* check_cmd = app.add_subcommand("check-config", "Validate a configuration file");
    check_cmd->add_option("file", check_path, "YAML configuration file")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << e.what() << "\nRun with --help for usage.\n";
        return 2;
    }

    if (app.get_subcommands().empty()) {
        std::cerr << "error: a subcommand is required (serve, token, devices, check-config)\n"
                     "Run with --help for usage.\n";
        return 2;
    }
    if (*serve_cmd) return serve(sf);
    if (*token_cmd) return token(tf);
    if (*check_cmd) return check_config(check_path);
    return devices();
}
