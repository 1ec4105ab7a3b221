#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace acoustream::auth {

// Unpadded base64url (RFC 4648 §5), the encoding of every JWT segment (RFC 7515 §2).
std::string base64url_encode(std::string_view bytes);

// Strict decoder: rejects padding, characters outside the URL-safe alphabet and impossible
// lengths, so a malformed segment is reported before any JSON or signature work.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace acoustream::auth
