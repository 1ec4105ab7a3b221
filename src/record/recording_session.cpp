#include "record/recording_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <cmath>

#include "platform/thread_tuning.hpp"
#include "record/file_naming.hpp"

namespace acoustream::record {

namespace {
constexpr auto kFeedPoll = std::chrono::milliseconds(100);
constexpr auto kWriterPoll = std::chrono::milliseconds(200);
constexpr auto kSyncEvery = std::chrono::seconds(1);
// Consecutive frames' stamps differ from their duration by rounding only;
// more than this is time the source did not deliver (an outage).
constexpr double kOutageThresholdMs = 2.0;
}  // namespace

RecordingSession::RecordingSession(Recording initial, SessionSettings settings, SessionHooks hooks,
                                   stream::SharedAudioStream& audio)
    : settings_(std::move(settings)),
      hooks_(std::move(hooks)),
      recording_(std::move(initial)),
      queue_(settings_.queue_frames) {
    persist();
    auto subscriber = audio.subscribe();
    writer_thread_ = std::thread([this] {
        platform::name_this_thread("rec-writer");
        write_loop();
    });
    feed_thread_ = std::thread([this, sub = std::move(subscriber)]() mutable {
        platform::name_this_thread("rec-feed");
        feed(std::move(sub));
    });
}

RecordingSession::~RecordingSession() {
    request_stop();
    if (feed_thread_.joinable()) feed_thread_.join();
    if (writer_thread_.joinable()) writer_thread_.join();
}

void RecordingSession::request_stop() {
    stop_requested_.store(true);
    std::lock_guard lock(mutex_);
    recording_.stop_requested = true;
}

bool RecordingSession::wait_done(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return done_cv_.wait_for(lock, timeout, [&] { return done_; });
}

bool RecordingSession::done() const {
    std::lock_guard lock(mutex_);
    return done_;
}

Recording RecordingSession::snapshot() const {
    std::lock_guard lock(mutex_);
    return recording_;
}

std::optional<std::string> RecordingSession::open_file() const {
    std::lock_guard lock(mutex_);
    if (done_ || recording_.files.empty() || recording_.files.back().complete) return std::nullopt;
    return recording_.files.back().name;
}

void RecordingSession::detach() {
    if (feed_thread_.joinable()) feed_thread_.detach();
    if (writer_thread_.joinable()) writer_thread_.detach();
}

// Never blocks on the writer: a full queue loses the frame, and the writer
// counts the loss from the frame numbers.
void RecordingSession::feed(stream::Subscriber<audio::AudioFrame> subscriber) {
    QueueEnd end;
    // Why frames are missing before the next one queued (a bool and a value,
    // not an optional: GCC 12 -O3 warns falsely on optional<enum> copies).
    bool missing = false;
    Gap::Cause cause = Gap::Cause::queue_full;
    while (!stop_requested_.load() && !writer_failed_.load()) {
        auto next = subscriber.wait(kFeedPoll);
        if (auto* frame = std::get_if<audio::FramePtr>(&next)) {
            end.last_seen = (*frame)->frame_number;
            const Gap::Cause why = missing ? cause : Gap::Cause::queue_full;
            if (queue_.try_push({*frame, why})) {
                missing = false;
            } else if (!missing) {
                missing = true;
                cause = Gap::Cause::queue_full;
            }
        } else if (std::holds_alternative<stream::Lagged>(next)) {
            if (!missing) cause = Gap::Cause::ring_lag;
            missing = true;
        } else if (std::holds_alternative<stream::Closed>(next)) {
            end.source_ended = true;
            break;
        }
    }
    end.cause = missing ? cause : Gap::Cause::queue_full;
    queue_.finish(end);
}

void RecordingSession::write_loop() {
    last_sync_ = std::chrono::steady_clock::now();
    for (;;) {
        auto next = queue_.pop(kWriterPoll);
        if (next.end) {
            finish(*next.end);
            break;
        }
        if (next.item && !take(*next.item)) {
            writer_failed_.store(true);
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (writer_ && now - last_sync_ >= kSyncEvery) {
            last_sync_ = now;
            if (!writer_->sync_header()) {
                fail(writer_->error());
                writer_failed_.store(true);
                break;
            }
            persist();
        }
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    done_cv_.notify_all();
}

// Writes one frame, first noting any gap before it (which also starts a new
// file, so each file stays one contiguous run of frames).
bool RecordingSession::take(const QueuedFrame& item) {
    const audio::AudioFrame& frame = *item.frame;
    if (expected_frame_ && frame.frame_number > *expected_frame_) {
        const std::uint64_t skipped = frame.frame_number - *expected_frame_;
        note_gap({*expected_frame_ - 1, skipped,
                  static_cast<std::uint64_t>(std::llround(skipped * frame.duration_ms())),
                  item.cause});
    } else if (expected_frame_ &&
               static_cast<double>(frame.timestamp) - expected_timestamp_ms_ > kOutageThresholdMs) {
        note_gap({*expected_frame_ - 1, 0,
                  static_cast<std::uint64_t>(
                      std::llround(static_cast<double>(frame.timestamp) - expected_timestamp_ms_)),
                  Gap::Cause::source_outage});
    }
    if (!writer_ && !open_file_for(frame)) return false;
    if (!writer_->write(frame.channel_a, frame.channel_b)) {
        fail(writer_->error());
        return false;
    }
    expected_frame_ = frame.frame_number + 1;
    expected_timestamp_ms_ = static_cast<double>(frame.timestamp) + frame.duration_ms();
    const std::uint64_t file_bytes = writer_->bytes_on_disk();
    {
        std::lock_guard lock(mutex_);
        auto& file = recording_.files.back();
        const std::uint64_t grown = file_bytes > file.bytes ? file_bytes - file.bytes : 0;
        hooks_.counters->bytes_written.fetch_add(grown, std::memory_order_relaxed);
        file.bytes = file_bytes;
        file.last_frame = frame.frame_number;
        ++file.frames;
        file.samples += frame.samples();
        if (!recording_.first_frame) recording_.first_frame = frame.frame_number;
        recording_.last_frame = frame.frame_number;
        ++recording_.frames;
        recording_.bytes = closed_bytes_ + file_bytes;
    }
    hooks_.counters->frames_written.fetch_add(1, std::memory_order_relaxed);
    if (rotation_due()) close_file();
    return true;
}

void RecordingSession::note_gap(const Gap& gap) {
    {
        std::lock_guard lock(mutex_);
        recording_.gaps.push_back(gap);
        recording_.frames_lost += gap.skipped;
    }
    hooks_.counters->frames_lost.fetch_add(gap.skipped, std::memory_order_relaxed);
    hooks_.logger->warn(
        "recording {}: {} frame(s) lost after frame {} ({}, {} ms of audio missing)", recording_.id,
        gap.skipped, gap.after_frame, to_string(gap.cause), gap.missing_ms);
    if (writer_) close_file();
}

bool RecordingSession::rotation_due() const {
    std::lock_guard lock(mutex_);
    const auto& file = recording_.files.back();
    if (settings_.rotate_bytes > 0 && file.bytes >= settings_.rotate_bytes) return true;
    return settings_.rotate_secs > 0 &&
           file.samples >=
               settings_.rotate_secs * static_cast<std::uint64_t>(recording_.sample_rate);
}

bool RecordingSession::open_file_for(const audio::AudioFrame& frame) {
    RecordingFile file;
    file.name =
        audio_file_name(frame.timestamp, frame.frame_number, file_extension(recording_.format));
    file.first_frame = frame.frame_number;
    file.last_frame = frame.frame_number;
    file.start_timestamp = frame.timestamp;
    try {
        writer_ = std::make_unique<SoundFileWriter>(settings_.directory / file.name,
                                                    recording_.format, recording_.sample_rate);
    } catch (const std::exception& e) {
        fail(e.what());
        return false;
    }
    last_sync_ = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        recording_.files.push_back(file);
    }
    write_sidecar(file);
    persist();
    return true;
}

void RecordingSession::close_file() {
    if (!writer_) return;
    const bool ok = writer_->close();
    const std::uint64_t bytes = writer_->bytes_on_disk();
    const std::string error = writer_->error();
    writer_.reset();
    RecordingFile file;
    {
        std::lock_guard lock(mutex_);
        auto& f = recording_.files.back();
        // Closing writes the last FLAC block or the final WAV header.
        if (bytes > f.bytes)
            hooks_.counters->bytes_written.fetch_add(bytes - f.bytes, std::memory_order_relaxed);
        f.bytes = bytes;
        f.complete = ok;
        closed_bytes_ += bytes;
        recording_.bytes = closed_bytes_;
        file = f;
    }
    write_sidecar(file);
    if (ok) hooks_.counters->files_finished.fetch_add(1, std::memory_order_relaxed);
    if (!ok) fail(error);
    persist();
    if (hooks_.on_file_closed) hooks_.on_file_closed();
}

void RecordingSession::finish(const QueueEnd& end) {
    // Frames the feed saw but could not queue at the very end.
    if (end.last_seen && expected_frame_ && *end.last_seen >= *expected_frame_) {
        const std::uint64_t skipped = *end.last_seen - *expected_frame_ + 1;
        const double frame_ms = recording_.files.empty() || recording_.files.back().frames == 0
                                    ? 0.0
                                    : 1000.0 *
                                          static_cast<double>(recording_.files.back().samples) /
                                          recording_.files.back().frames / recording_.sample_rate;
        note_gap({*expected_frame_ - 1, skipped,
                  static_cast<std::uint64_t>(std::llround(skipped * frame_ms)), end.cause});
    }
    close_file();
    {
        std::lock_guard lock(mutex_);
        if (recording_.state == State::recording) recording_.state = State::finished;
        recording_.stopped_at = hooks_.unix_now_ms();
    }
    persist();
    hooks_.logger->info("recording {}: {} ({} frames, {} lost, {} bytes{})", recording_.id,
                        to_string(recording_.state), recording_.frames, recording_.frames_lost,
                        recording_.bytes, end.source_ended ? ", the audio stream ended" : "");
}

void RecordingSession::fail(const std::string& why) {
    {
        std::lock_guard lock(mutex_);
        if (recording_.state == State::failed) return;
        recording_.state = State::failed;
        recording_.error = why;
        recording_.stopped_at = hooks_.unix_now_ms();
    }
    hooks_.counters->recordings_failed.fetch_add(1, std::memory_order_relaxed);
    hooks_.logger->error("recording {} failed: {}", recording_.id, why);
    if (writer_) close_file();
    persist();
}

void RecordingSession::persist() {
    const std::string text = boost::json::serialize(to_json(snapshot()));
    const std::string error = write_file_atomically(settings_.directory / "recording.json", text);
    if (!error.empty()) hooks_.logger->warn("recording {}: {}", recording_.id, error);
}

void RecordingSession::write_sidecar(const RecordingFile& file) {
    const std::string text =
        boost::json::serialize(sidecar_json(snapshot(), file, settings_.provenance));
    const std::string error =
        write_file_atomically(settings_.directory / (file.name + ".json"), text);
    if (!error.empty()) hooks_.logger->warn("recording {}: {}", recording_.id, error);
}

}  // namespace acoustream::record
