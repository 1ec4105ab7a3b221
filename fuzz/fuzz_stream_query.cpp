// Any request target through the target parser, then the stream query parser.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "encode/stream_query.hpp"
#include "http/request_info.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    const auto info = acoustream::http::parse_target(target);
    if (!info) return 0;

    const auto parsed = acoustream::encode::parse_stream_query(info->params);
    if (const auto* query = std::get_if<acoustream::encode::StreamQuery>(&parsed)) {
        // The documented bounds must hold for every accepted query.
        if (query->decimate < 1 || query->decimate > acoustream::encode::kMaxDecimate)
            __builtin_trap();
        if (query->spectral.fmin && query->spectral.fmax &&
            *query->spectral.fmin > *query->spectral.fmax)
            __builtin_trap();
    } else if (std::get<acoustream::encode::QueryError>(parsed).message.empty()) {
        __builtin_trap();  // every refusal names its cause
    }
    return 0;
}
