#pragma once
// What a recording is, as the HTTP API and the sidecar files describe it
// (docs/api.md, "Recordings"): plain values, copied out of the recorder under
// its lock so readers never see one being written.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace acoustream::record {

enum class Format { flac, wav };
enum class State { recording, finished, failed };

// Frames the recording did not get. `skipped` frames were published but
// missed (queue full during a disk stall, a lag in the ring); a source
// outage publishes no frames, so it shows as missing time instead.
struct Gap {
    enum class Cause { queue_full, ring_lag, source_outage };
    std::uint64_t after_frame = 0;  // the last frame written before the gap
    std::uint64_t skipped = 0;      // frames missing (0 for a source outage)
    std::uint64_t missing_ms = 0;   // audio time missing
    Cause cause = Cause::queue_full;
};

// One audio file: a contiguous run of frames (a gap starts the next file,
// so sample k of a file is always first_frame's first sample + k).
struct RecordingFile {
    std::string name;
    std::uint64_t bytes = 0;
    std::uint64_t first_frame = 0;
    std::uint64_t last_frame = 0;
    std::uint64_t frames = 0;
    std::uint64_t samples = 0;          // per channel
    std::uint64_t start_timestamp = 0;  // Unix ms of the first sample
    bool complete = false;              // closed cleanly (the sidecar says so too)
};

struct Recording {
    std::string id;
    std::string label;
    State state = State::recording;
    Format format = Format::flac;
    std::uint32_t sample_rate = 0;
    std::uint64_t started_at = 0;  // Unix ms
    std::optional<std::uint64_t> stopped_at;
    std::optional<std::uint64_t> first_frame;
    std::optional<std::uint64_t> last_frame;
    std::uint64_t frames = 0;
    std::uint64_t frames_lost = 0;
    std::vector<Gap> gaps;
    std::uint64_t bytes = 0;
    std::vector<RecordingFile> files;
    std::string error;  // set when failed
    bool stop_requested = false;
};

std::string_view to_string(Format format);
std::string_view to_string(State state);
std::string_view to_string(Gap::Cause cause);
std::optional<Format> parse_format(std::string_view text);
std::optional<State> parse_state(std::string_view text);
std::optional<Gap::Cause> parse_cause(std::string_view text);
std::string_view file_extension(Format format);
std::string_view media_type(Format format);

}  // namespace acoustream::record
