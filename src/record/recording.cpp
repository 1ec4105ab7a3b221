#include "record/recording.hpp"

namespace acoustream::record {

std::string_view to_string(Format format) { return format == Format::wav ? "wav" : "flac"; }

std::string_view to_string(State state) {
    switch (state) {
        case State::recording:
            return "recording";
        case State::finished:
            return "finished";
        case State::failed:
            return "failed";
    }
    return "failed";
}

std::string_view to_string(Gap::Cause cause) {
    switch (cause) {
        case Gap::Cause::queue_full:
            return "queue_full";
        case Gap::Cause::ring_lag:
            return "ring_lag";
        case Gap::Cause::source_outage:
            return "source_outage";
    }
    return "queue_full";
}

std::optional<Format> parse_format(std::string_view text) {
    if (text == "flac") return Format::flac;
    if (text == "wav") return Format::wav;
    return std::nullopt;
}

std::optional<State> parse_state(std::string_view text) {
    for (State s : {State::recording, State::finished, State::failed})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

std::optional<Gap::Cause> parse_cause(std::string_view text) {
    for (auto c : {Gap::Cause::queue_full, Gap::Cause::ring_lag, Gap::Cause::source_outage})
        if (to_string(c) == text) return c;
    return std::nullopt;
}

std::string_view file_extension(Format format) { return format == Format::wav ? "wav" : "flac"; }

std::string_view media_type(Format format) {
    return format == Format::wav ? "audio/wav" : "audio/flac";
}

}  // namespace acoustream::record
