#pragma once

#include <string>
#include <string_view>

namespace acoustream::auth {

// Request target with the values of `access_token` and `token` query parameters replaced by
// `<redacted>`, for logging request lines. Names match case-insensitively and after
// percent-decoding (`access%5Ftoken`), because a server decoding names would accept those
// too; empty values are left as they are. Everything else, including the order of the
// parameters and any fragment, is kept byte for byte.
std::string redact_query_token(std::string_view target);

}  // namespace acoustream::auth
