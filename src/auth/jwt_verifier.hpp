#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_result.hpp"

namespace acoustream::auth {

struct VerifierOptions {
    std::optional<std::string> hmac_secret;           // enables HS256
    std::optional<std::string> rs256_public_key_pem;  // PEM text (not a path); enables RS256
    std::optional<std::string> issuer;                // when set, `iss` must be present and equal
    std::optional<std::string> audience;              // when set, `aud` must be present and hold it
    std::string required_scope = "read:api";          // empty: no scope requirement
    std::int64_t leeway_secs = 0;                     // clock skew allowed on exp/nbf/iat
};

// Largest token accepted; bigger ones are refused before any decoding.
inline constexpr std::size_t kMaxTokenBytes = 8 * 1024;

// Verifies compact JWS tokens (RFC 7519/7515) against the configured keys and claims.
// Immutable after construction, so one instance may be shared by many threads.
class JwtVerifier {
public:
    // Throws std::invalid_argument when no key is configured, the HMAC secret is empty,
    // the PEM is not an RSA public key, or leeway is negative.
    explicit JwtVerifier(VerifierOptions options);

    AuthResult verify(std::string_view token, std::int64_t now_unix_secs) const;

    const VerifierOptions& options() const noexcept { return options_; }

private:
    VerifierOptions options_;
};

}  // namespace acoustream::auth
