#pragma once
// What serve checks and reads before it binds, shared with check-config so
// that a configuration check-config calls valid also starts: the key file,
// the front-end folders, the spectral analyser's options and the audio
// source, opened as serve opens it.

#include <memory>
#include <ostream>

#include "auth/jwt_verifier.hpp"
#include "config/config.hpp"
#include "spectral/spectral_analyser.hpp"

namespace spdlog {
class logger;
}

#include <filesystem>

namespace acoustream::app {

// The verifier's options, the RS256 key read from its file. Throws
// std::invalid_argument naming auth.rs256_public_key and the path.
[[nodiscard]] auth::VerifierOptions verifier_options(const config::AuthConfig& auth);

struct FrontEndRoots {
    std::string web;     // server.web_root, or the built-in dashboard folder
    std::string vendor;  // server.vendor_root, or the built-in node_modules
};
// Unset roots default to the installed assets beside the binary,
// `<executable_dir>/../share/acoustream/{web,vendor}`, when they are there (an
// installed package), else to the source checkout the binary was built from.
[[nodiscard]] FrontEndRoots front_end_roots(const config::ServerConfig& server,
                                            const std::filesystem::path& executable_dir);
[[nodiscard]] FrontEndRoots front_end_roots(const config::ServerConfig& server);
// Throws std::invalid_argument naming the folder and the first missing file.
void check_front_end(const config::ServerConfig& server);

[[nodiscard]] spectral::AnalyserOptions analyser_options(const config::StreamingConfig& streaming);

// Runs every check of serve's start on `config` without binding: throws
// std::invalid_argument (configuration) or audio::SourceError (the source
// cannot be opened). The source is opened and closed again, so a capture
// device is briefly in use.
void check_startup(const config::Config& config, const std::shared_ptr<spdlog::logger>& logger);

}  // namespace acoustream::app
