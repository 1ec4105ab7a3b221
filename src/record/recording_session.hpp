#pragma once
// One recording in progress: a feed thread that follows the audio ring with
// its own cursor into a bounded FrameQueue, and a writer thread that empties
// it into rotated sound files. Its public methods may be called from any
// thread; the recording's progress is guarded by one mutex.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "record/frame_queue.hpp"
#include "record/recorder_counters.hpp"
#include "record/recording.hpp"
#include "record/recording_json.hpp"
#include "record/sound_file_writer.hpp"
#include "stream/shared_audio_stream.hpp"

namespace spdlog {
class logger;
}

namespace acoustream::record {

struct SessionSettings {
    std::filesystem::path directory;  // this recording's own folder (exists)
    std::uint64_t rotate_secs = 0;    // 0: never by time
    std::uint64_t rotate_bytes = 0;   // 0: never by size
    std::size_t queue_frames = 1;
    Provenance provenance;
};

struct SessionHooks {
    RecorderCounters* counters = nullptr;
    std::shared_ptr<spdlog::logger> logger;
    std::function<std::uint64_t()> unix_now_ms;
    // Called on the writer thread after a file is closed (retention runs
    // there); must not call back into this session while holding a lock
    // this session's methods take.
    std::function<void()> on_file_closed;
};

class RecordingSession {
public:
    // Subscribes at once: the first frame recorded is the next one published.
    RecordingSession(Recording initial, SessionSettings settings, SessionHooks hooks,
                     stream::SharedAudioStream& audio);
    ~RecordingSession();
    RecordingSession(const RecordingSession&) = delete;
    RecordingSession& operator=(const RecordingSession&) = delete;

    void request_stop();
    // Waits up to `timeout` for the recording to end; true if it has.
    bool wait_done(std::chrono::milliseconds timeout);
    [[nodiscard]] bool done() const;
    [[nodiscard]] Recording snapshot() const;
    // Name of the file being written, if any (retention must not touch it).
    [[nodiscard]] std::optional<std::string> open_file() const;
    // Lets the threads run on unjoined (shutdown with a disk that never
    // answers); the session must then never be destroyed.
    void detach();

private:
    void feed(stream::Subscriber<audio::AudioFrame> subscriber);
    void write_loop();
    bool take(const QueuedFrame& item);
    void note_gap(const Gap& gap);
    bool open_file_for(const audio::AudioFrame& frame);
    void close_file();
    bool rotation_due() const;
    void finish(const QueueEnd& end);
    void fail(const std::string& why);
    void persist();
    void write_sidecar(const RecordingFile& file);

    const SessionSettings settings_;
    const SessionHooks hooks_;

    mutable std::mutex mutex_;  // guards recording_ and done_
    std::condition_variable done_cv_;
    Recording recording_;
    bool done_ = false;

    // Writer thread only.
    std::unique_ptr<SoundFileWriter> writer_;
    std::optional<std::uint64_t> expected_frame_;
    double expected_timestamp_ms_ = 0;
    std::uint64_t closed_bytes_ = 0;  // audio bytes of files already closed
    std::chrono::steady_clock::time_point last_sync_;

    std::atomic<bool> stop_requested_{false};
    std::atomic<bool> writer_failed_{false};
    FrameQueue queue_;
    std::thread feed_thread_;
    std::thread writer_thread_;
};

}  // namespace acoustream::record
