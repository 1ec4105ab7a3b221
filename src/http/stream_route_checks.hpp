#pragma once
// The query checks that depend on the route and the running source
// (docs/api.md, "Query parameters"): parameters that mean nothing on a route
// are refused rather than ignored, so a client that asks for compact spectra
// on /audio learns it at once instead of silently getting something else.

#include <optional>
#include <string_view>

#include "encode/stream_query.hpp"

namespace acoustream::http {

enum class StreamRoute { audio, audio_fast, spectral, events, latest };

// `frame_rate`: frames per second of the source, the bound of max_fps (0: unknown).
[[nodiscard]] std::optional<encode::QueryError> check_stream_query(const encode::StreamQuery& query,
                                                                   StreamRoute route,
                                                                   double frame_rate);

}  // namespace acoustream::http
