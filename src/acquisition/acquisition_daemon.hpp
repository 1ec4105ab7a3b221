#pragma once
// Reads frames from an AudioSource and publishes them to the SharedAudioStream
// on its own thread. Clock-less sources are paced with absolute deadlines
// derived from the sample count (no drift); device sources are read as the
// device delivers. Read errors are retried with exponential backoff.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "acquisition/clock.hpp"
#include "audio/audio_source.hpp"
#include "stream/shared_audio_stream.hpp"

namespace spdlog {
class logger;
}

namespace acoustream::acquisition {

enum class DaemonState { idle, running, retrying, ended, stopped };

struct DaemonStatus {
    DaemonState state = DaemonState::idle;
    std::string source_name;
    std::uint64_t frames_published = 0;
    std::uint64_t read_errors = 0;
    std::string last_error;                    // empty when none
    std::chrono::milliseconds retry_delay{0};  // current backoff while retrying
};

struct DaemonOptions {
    std::size_t frame_size = 1600;  // samples per channel per frame
    std::chrono::milliseconds initial_backoff{100};
    std::chrono::milliseconds max_backoff{30'000};
    bool close_stream_at_end = true;  // end of source closes the stream
};

class AcquisitionDaemon {
public:
    AcquisitionDaemon(std::unique_ptr<audio::AudioSource> source, stream::SharedAudioStream& stream,
                      Clock& clock, DaemonOptions options,
                      std::shared_ptr<spdlog::logger> logger = nullptr);
    ~AcquisitionDaemon();
    AcquisitionDaemon(const AcquisitionDaemon&) = delete;
    AcquisitionDaemon& operator=(const AcquisitionDaemon&) = delete;

    // Called on the acquisition thread with each frame of a paced source
    // (simulated, file) half a period before it is due, so per-frame work
    // such as encoding is done before its clients wait for it; a device
    // source's frames are handed over just before they are published. Set it
    // before start(); an exception it throws is logged and ignored.
    void set_pre_encode(std::function<void(const audio::AudioFrame&)> pre_encode);

    // Starts the acquisition thread; a second call while running does nothing.
    void start();
    // Stops within one frame period and joins the thread. Idempotent.
    void stop();
    // Blocks until the loop has ended (end of source or stop()).
    void wait();

    [[nodiscard]] DaemonStatus status() const;
    [[nodiscard]] bool running() const;

private:
    void run();
    // The read-stamp-publish loop: true at the end of the source, false once stopped.
    bool acquire();
    [[nodiscard]] bool stopping() const;  // stop() was called
    // A valid block as the next frame, stamped and pre-encoded; null for any
    // other result (an invalid block is turned into an error result).
    audio::FramePtr frame_of(audio::ReadResult& block);
    // Records and logs a read error, waits `backoff` (then doubles it, up to
    // max_backoff) and re-anchors the timestamps. False when stopped meanwhile.
    bool back_off(const std::string& error, std::chrono::milliseconds& backoff);
    void finish(bool ended);                           // the end of the loop: status, end of stream
    bool sleep_until(Clock::time_point deadline);      // false when stopped meanwhile
    audio::FramePtr stamp(audio::ReadResult&& block);  // numbers and stamps the next frame
    void pre_encode(const audio::AudioFrame& frame);
    void publish(audio::FramePtr frame);

    std::unique_ptr<audio::AudioSource> source_;
    stream::SharedAudioStream& stream_;
    Clock& clock_;
    DaemonOptions options_;
    std::shared_ptr<spdlog::logger> logger_;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_requested_ = false;
    bool loop_active_ = false;
    DaemonStatus status_;
    std::thread thread_;

    // Timestamps: the wall clock is read once, at the first start (the
    // reference instant); a frame is stamped anchor + samples since the
    // anchor. After a read error (or a restart) the anchor moves to the
    // reference plus the *steady* time elapsed, never below the end of the
    // last frame, so a wall-clock jump never moves timestamps backwards or
    // forwards. Only touched by the acquisition thread.
    void reanchor();
    bool referenced_ = false;
    std::uint64_t reference_unix_ms_ = 0;
    Clock::time_point reference_steady_{};
    std::uint64_t anchor_unix_ms_ = 0;
    Clock::time_point anchor_steady_{};
    std::uint64_t samples_since_anchor_ = 0;
    std::uint64_t next_frame_number_ = 0;
    std::function<void(const audio::AudioFrame&)> pre_encode_;
    audio::FramePtr ahead_;  // read and stamped, not yet published (a stop came first)
};

}  // namespace acoustream::acquisition
