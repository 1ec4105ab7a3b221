#include "http/stream_route_checks.hpp"

#include <string>

#include "encode/float_format.hpp"

namespace acoustream::http {
namespace {

std::string_view route_name(StreamRoute route) {
    switch (route) {
        case StreamRoute::audio:
            return "/api/audio/stream/audio";
        case StreamRoute::audio_fast:
            return "/api/audio/stream/audio/fast";
        case StreamRoute::spectral:
            return "/api/audio/stream/spectral";
        case StreamRoute::events:
            return "/api/audio/stream/events";
        case StreamRoute::latest:
            break;
    }
    return "/api/audio/stream/latest";
}

encode::QueryError mismatch(std::string_view key, StreamRoute route, std::string_view why) {
    return {std::string(key), std::string(key) + " does not apply to " +
                                  std::string(route_name(route)) + ": " + std::string(why)};
}

bool given(const encode::StreamQuery& query, std::string_view key) {
    return query.given.contains(std::string(key));
}

}  // namespace

std::optional<encode::QueryError> check_stream_query(const encode::StreamQuery& query,
                                                     StreamRoute route, double frame_rate) {
    const bool audio_route = route == StreamRoute::audio || route == StreamRoute::audio_fast ||
                             route == StreamRoute::latest;
    if (audio_route && given(query, "format"))
        return mismatch("format", route,
                        "it chooses the spectral format, and this route sends audio");
    if (route == StreamRoute::spectral && given(query, "encoding"))
        return mismatch("encoding", route,
                        "it chooses the audio encoding, and this route sends spectra");
    if (route == StreamRoute::audio_fast && query.encoding != encode::StreamQuery::Encoding::f32)
        return mismatch("encoding", route,
                        "this route always sends f32; use /api/audio/stream/audio?encoding=" +
                            std::string(encode::to_string(query.encoding)));
    if (route == StreamRoute::latest && given(query, "max_fps"))
        return mismatch("max_fps", route, "it answers one frame, not a stream");
    if (route == StreamRoute::events) {
        if (given(query, "format") && !query.types.contains("spectral"))
            return encode::QueryError{
                "format", "format chooses the spectral format, and types has no spectral"};
        if (given(query, "encoding") && !query.types.contains("audio"))
            return encode::QueryError{
                "encoding", "encoding chooses the audio encoding, and types has no audio"};
    }
    if (query.max_fps && frame_rate > 0 && *query.max_fps > frame_rate) {
        std::string message = "max_fps must not exceed the frame rate of ";
        encode::append_double(message, frame_rate);
        message += " frames per second, got ";
        encode::append_double(message, *query.max_fps);
        return encode::QueryError{"max_fps", std::move(message)};
    }
    return std::nullopt;
}

}  // namespace acoustream::http
