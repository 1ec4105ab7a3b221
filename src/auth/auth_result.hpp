#pragma once
// The outcome of authenticating a request: what JwtVerifier::verify returns
// and what the HTTP layer turns into a 401/403 answer.

#include <cstdint>
#include <string>

namespace acoustream::auth {

struct AuthResult {
    bool ok = false;
    int status = 401;             // 200, 401 or 403
    std::string error;            // "invalid_token" | "insufficient_scope" | "invalid_request"
    std::string description;      // which check failed; never contains the token
    std::string subject;          // `sub` claim when ok (may be empty)
    std::int64_t expires_at = 0;  // `exp`, Unix seconds, when ok
    // `exp` plus the leeway: when this server stops accepting the token, so
    // when a stream it opened must end (ending it at `exp` would only make the
    // client reconnect with the same, still accepted, token).
    std::int64_t accepted_until = 0;
};

}  // namespace acoustream::auth
