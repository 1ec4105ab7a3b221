#pragma once
// Query parameters of the SSE/stream routes (docs/api.md, "Query parameters"), parsed
// from key/value pairs the HTTP layer has already percent-decoded.
//
//   decimate=K        integer, 1 <= K <= kMaxDecimate                 (default 1)
//   encoding=E        json | f32 | i16                                 (default json)
//   format=F          linear | db (spectra)                            (default linear)
//   max_fps=F         finite number > 0 (the route checks it against the frame rate)
//   phase=B           true | false | 1 | 0 (true/false any case)       (default false)
//   fmin=F, fmax=F    finite numbers >= 0 in Hz, fmin <= fmax          (default open)
//   last_event_id=N   unsigned 64-bit integer                          (default none)
//   types=LIST        comma list of audio | spectral | stats, for /events
//                     (default all three; spaces around items are ignored)
//
// Numbers are plain decimal: no sign, no spaces, no trailing text ("2.5" is
// not a decimate, "+3" is not either). Empty values are errors, as is a key
// given twice with any value (which one was meant is ambiguous, so it is
// refused rather than guessed). `access_token` belongs to auth and unknown
// keys are ignored, so clients and proxies may add their own (e.g. a
// cache-buster); repeats of ignored keys are not checked either.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "encode/spectral_query.hpp"

namespace acoustream::encode {

inline constexpr unsigned kMaxDecimate = 1'000'000;

struct StreamQuery {
    enum class Encoding { json, f32, i16 };

    unsigned decimate = 1;
    Encoding encoding = Encoding::json;
    SpectralQuery spectral;
    std::optional<std::uint64_t> last_event_id;
    std::set<std::string> types{"audio", "spectral", "stats"};
    std::optional<double> max_fps;  // events per second and type; none: every frame
    // The known keys the request gave explicitly, so routes can refuse
    // combinations that make no sense there (format on /audio, …).
    std::set<std::string> given;

    friend bool operator==(const StreamQuery&, const StreamQuery&) = default;
};

struct QueryError {
    std::string parameter;  // the offending key, e.g. "decimate"
    std::string message;    // human text naming the key and the bad value
};

[[nodiscard]] std::string_view to_string(StreamQuery::Encoding encoding) noexcept;
[[nodiscard]] std::string_view to_string(SpectralQuery::Format format) noexcept;

[[nodiscard]] std::variant<StreamQuery, QueryError> parse_stream_query(
    const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace acoustream::encode
