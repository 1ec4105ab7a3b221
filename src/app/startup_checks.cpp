#include "app/startup_checks.hpp"

#include "app/source_factory.hpp"
#include "auth/public_key_file.hpp"
#include "http/front_end_files.hpp"
#include "spectral/window_function.hpp"

#ifndef ACOUSTREAM_DEFAULT_WEB_ROOT
#define ACOUSTREAM_DEFAULT_WEB_ROOT ""
#endif
#ifndef ACOUSTREAM_DEFAULT_VENDOR_ROOT
#define ACOUSTREAM_DEFAULT_VENDOR_ROOT ""
#endif

namespace acoustream::app {

auth::VerifierOptions verifier_options(const config::AuthConfig& auth) {
    auth::VerifierOptions vo;
    vo.hmac_secret = auth.hmac_secret;
    vo.issuer = auth.issuer;
    vo.audience = auth.audience;
    vo.required_scope = auth.required_scope;
    vo.leeway_secs = auth.leeway_secs;
    if (auth.rs256_public_key)
        vo.rs256_public_key_pem = auth::read_rs256_public_key(*auth.rs256_public_key);
    return vo;
}

FrontEndRoots front_end_roots(const config::ServerConfig& server,
                              const std::filesystem::path& executable_dir) {
    std::string web = ACOUSTREAM_DEFAULT_WEB_ROOT;
    std::string vendor = ACOUSTREAM_DEFAULT_VENDOR_ROOT;
    const auto share = executable_dir.parent_path() / "share" / "acoustream";
    std::error_code ec;
    if (!executable_dir.empty() &&
        std::filesystem::is_regular_file(share / "web" / http::kDashboardIndex, ec)) {
        web = (share / "web").string();
        vendor = (share / "vendor").string();
    }
    return {server.web_root.empty() ? web : server.web_root,
            server.vendor_root.empty() ? vendor : server.vendor_root};
}

FrontEndRoots front_end_roots(const config::ServerConfig& server) {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return front_end_roots(server, ec ? std::filesystem::path{} : exe.parent_path());
}

void check_front_end(const config::ServerConfig& server) {
    const FrontEndRoots roots = front_end_roots(server);
    http::check_front_end_files(roots.web, roots.vendor);
}

spectral::AnalyserOptions analyser_options(const config::StreamingConfig& streaming) {
    spectral::AnalyserOptions ao;
    ao.window_size = streaming.spectral_window_size;
    ao.window = spectral::parse_window_kind(streaming.spectral_window);
    ao.averages = streaming.spectral_averages;
    return ao;
}

void check_startup(const config::Config& config, const std::shared_ptr<spdlog::logger>& logger) {
    const auth::VerifierOptions vo = verifier_options(config.auth);
    if (vo.hmac_secret || vo.rs256_public_key_pem) (void)auth::JwtVerifier(vo);
    check_front_end(config.server);
    (void)spectral::SpectralAnalyser(analyser_options(config.streaming));
    (void)make_source(config, logger);
}

}  // namespace acoustream::app
