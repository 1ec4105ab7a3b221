#pragma once
// Starts, stops, lists and deletes recordings (docs/api.md, "Recordings"):
// at most one records at a time, as one more consumer of the audio ring.
// Thread-safe: every method may be called from any thread (HTTP loops, the
// pipeline); none waits for the disk longer than its timeout says.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "record/recorder_counters.hpp"
#include "record/recording.hpp"
#include "record/recording_catalog.hpp"
#include "record/recording_json.hpp"
#include "stream/shared_audio_stream.hpp"

namespace spdlog {
class logger;
}

namespace acoustream::record {

class RecordingSession;

struct RecorderSettings {
    std::filesystem::path directory = "recordings";
    Format format = Format::flac;
    std::uint64_t rotate_secs = 3600;
    std::uint64_t rotate_bytes = 0;
    std::uint64_t max_total_bytes = 0;
    double queue_secs = 30;
    std::uint32_t sample_rate = 48000;
    std::uint32_t frame_size = 1600;  // samples per frame, to size the queue
    Provenance provenance;
};

// Why a request was refused: `code` is the API's error code.
struct RecorderError {
    unsigned status = 409;
    std::string code;
    std::string message;
};

struct RecorderStatus {
    enum class State { idle, recording, failed };
    State state = State::idle;
    std::string active_id;
    std::string last_error;  // of the most recent recording, when it failed
};
std::string_view to_string(RecorderStatus::State state);

class Recorder {
public:
    using UnixNowMs = std::function<std::uint64_t()>;

    // Loads what is already in the directory; throws std::runtime_error naming
    // it when it cannot be created or read.
    Recorder(RecorderSettings settings, stream::SharedAudioStream& audio,
             std::shared_ptr<spdlog::logger> logger, UnixNowMs unix_now_ms);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // What the source delivers, known once it is open; call before start().
    void set_stream(std::uint32_t sample_rate, std::uint32_t frame_size, std::string source_name);

    std::variant<Recording, RecorderError> start(std::string label, std::optional<Format> format);
    // Stops the recording and waits up to `wait` for its last file to be
    // closed. nullopt: no such recording. Stopping a finished one is a no-op.
    std::optional<Recording> stop(const std::string& id,
                                  std::chrono::milliseconds wait = std::chrono::milliseconds(1500));
    // Newest first.
    [[nodiscard]] std::vector<Recording> list();
    [[nodiscard]] std::optional<Recording> get(const std::string& id);
    // nullopt when deleted; otherwise why not (404, 409 while recording, 500).
    std::optional<RecorderError> remove(const std::string& id);
    // The path of one of a recording's files (audio or sidecar), if it has it.
    [[nodiscard]] std::optional<std::filesystem::path> file_path(const std::string& id,
                                                                 const std::string& name);

    [[nodiscard]] RecorderStatus status();
    [[nodiscard]] const RecorderCounters& counters() const noexcept { return counters_; }

    // Ends the active recording (SIGTERM) and waits up to `wait` for it.
    void shutdown(std::chrono::milliseconds wait);

private:
    void reap_locked();
    void prune();

    RecorderSettings settings_;  // sample rate and source set once, before start()
    stream::SharedAudioStream& audio_;
    std::shared_ptr<spdlog::logger> logger_;
    UnixNowMs unix_now_ms_;
    RecorderCounters counters_;

    std::mutex mutex_;  // guards everything below
    RecordingCatalog catalog_;
    std::shared_ptr<RecordingSession> active_;
    std::string last_error_;
    // Sessions whose disk never answered at shutdown: left to the exit.
    std::vector<std::shared_ptr<RecordingSession>> abandoned_;
};

}  // namespace acoustream::record
