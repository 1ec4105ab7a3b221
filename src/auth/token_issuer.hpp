#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acoustream::auth {

struct TokenRequest {
    std::string subject;                  // `sub`, required
    std::int64_t ttl_secs = 3600;         // `exp` = now + ttl_secs, must be > 0
    std::string scope = "read:api";       // `scope` (space-separated); omitted when empty
    std::optional<std::string> issuer;    // `iss` when set
    std::optional<std::string> audience;  // `aud` (a string) when set
};

// Signs an HS256 JWT with claims sub, iat = now, exp, scope and optional iss/aud.
// Throws std::invalid_argument for an empty secret or subject, or a non-positive ttl.
std::string issue_hs256(const std::string& secret, const TokenRequest& request,
                        std::int64_t now_unix_secs);

// 32 bytes from OpenSSL's CSPRNG, base64url encoded (43 characters). Throws
// std::runtime_error if the generator fails.
std::string generate_secret();

// "90", "90s", "15m", "1h", "7d" → seconds. Throws std::invalid_argument naming the input for
// anything else (empty, sign, unknown unit, zero, overflow).
std::int64_t parse_ttl(std::string_view text);

}  // namespace acoustream::auth
