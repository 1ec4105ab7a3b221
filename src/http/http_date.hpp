#pragma once
// The HTTP date every response carries in `Date` (RFC 9110 section 5.6.7,
// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"). Written by hand rather than
// with strftime, whose day and month names follow the process locale.

#include <cstdint>
#include <string>

namespace acoustream::http {

[[nodiscard]] std::string http_date(std::int64_t unix_secs);

}  // namespace acoustream::http
