#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/auth_result.hpp"

namespace acoustream::auth {

// Token of an `Authorization: Bearer <token>` header value (RFC 6750 §2.1). The scheme is
// case-insensitive and surrounding spaces/tabs are tolerated; returns nullopt for another
// scheme, an empty token or a token containing whitespace. The view points into the argument.
std::optional<std::string_view> extract_bearer(std::string_view authorization_header);

// The 401 result for a request that carried no token at all (no header, no query token).
AuthResult missing_token_result();

// WWW-Authenticate value for a failed AuthResult (RFC 6750 §3):
//   invalid_token / insufficient_scope:
//     Bearer error="invalid_token", error_description="token expired"
//   invalid_request (no credentials at all): Bearer realm="acoustream"
//     (§3.1: a request lacking authentication information gets no error code).
// The description is reduced to the characters §3 allows inside the quoted string, so it can
// never break the header (no quotes, backslashes, control or non-ASCII bytes).
std::string www_authenticate_header(const AuthResult& result);

}  // namespace acoustream::auth
