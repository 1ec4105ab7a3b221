#pragma once
// HTTP content codings (RFC 9110 section 8.4): which one a client accepts,
// and whole bodies compressed with zlib in the gzip or zlib ("deflate")
// format. Pure functions, safe from any thread.

#include <optional>
#include <string>
#include <string_view>

namespace acoustream::encode {

enum class ContentCoding { identity, gzip, deflate };

// The coding to answer with for this Accept-Encoding header: gzip if it is
// acceptable (q > 0, by name or by "*"), else deflate, else identity.
ContentCoding negotiate_coding(const std::optional<std::string>& accept_encoding);

// "gzip", "deflate" or "identity" (the Content-Encoding value, if any).
std::string_view to_string(ContentCoding coding) noexcept;

// `body` compressed whole in `coding` (identity: returned as is). Throws
// std::runtime_error with zlib's message if zlib fails.
std::string compress_body(std::string_view body, ContentCoding coding, int level = 6);

}  // namespace acoustream::encode
