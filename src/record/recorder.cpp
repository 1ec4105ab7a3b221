#include "record/recorder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "record/file_naming.hpp"
#include "record/recording_session.hpp"

namespace acoustream::record {

std::string_view to_string(RecorderStatus::State state) {
    switch (state) {
        case RecorderStatus::State::idle:
            return "idle";
        case RecorderStatus::State::recording:
            return "recording";
        case RecorderStatus::State::failed:
            return "failed";
    }
    return "idle";
}

Recorder::Recorder(RecorderSettings settings, stream::SharedAudioStream& audio,
                   std::shared_ptr<spdlog::logger> logger, UnixNowMs unix_now_ms)
    : settings_(std::move(settings)),
      audio_(audio),
      logger_(logger ? std::move(logger) : spdlog::default_logger()),
      unix_now_ms_(std::move(unix_now_ms)),
      catalog_(settings_.directory, logger_) {
    catalog_.load();
}

Recorder::~Recorder() { shutdown(std::chrono::seconds(5)); }

void Recorder::set_stream(std::uint32_t sample_rate, std::uint32_t frame_size,
                          std::string source_name) {
    std::lock_guard lock(mutex_);
    settings_.sample_rate = sample_rate;
    settings_.frame_size = frame_size;
    settings_.provenance.source = std::move(source_name);
}

std::variant<Recording, RecorderError> Recorder::start(std::string label,
                                                       std::optional<Format> format) {
    std::lock_guard lock(mutex_);
    reap_locked();
    if (active_)
        return RecorderError{
            409, "recording_active",
            "recording " + active_->snapshot().id + " is running; stop it before starting another"};
    if (audio_.closed())
        return RecorderError{409, "acquisition_ended",
                             "the audio source has ended; there is nothing to record"};
    Recording r;
    r.label = std::move(label);
    r.format = format.value_or(settings_.format);
    r.sample_rate = settings_.sample_rate;
    r.started_at = unix_now_ms_();
    try {
        r.id = catalog_.create_folder(r.started_at);
    } catch (const std::exception& e) {
        last_error_ = e.what();
        return RecorderError{500, "storage_error", e.what()};
    }
    const double frames = settings_.queue_secs * settings_.sample_rate /
                          std::max<std::uint32_t>(1, settings_.frame_size);
    SessionSettings session{catalog_.folder(r.id), settings_.rotate_secs, settings_.rotate_bytes,
                            static_cast<std::size_t>(std::max(1.0, std::ceil(frames))),
                            settings_.provenance};
    SessionHooks hooks{&counters_, logger_, unix_now_ms_, [this] { prune(); }};
    active_ = std::make_shared<RecordingSession>(r, std::move(session), std::move(hooks), audio_);
    last_error_.clear();
    logger_->info("recording {} started ({}, in {})", r.id, to_string(r.format),
                  catalog_.folder(r.id).string());
    return active_->snapshot();
}

std::optional<Recording> Recorder::stop(const std::string& id, std::chrono::milliseconds wait) {
    std::shared_ptr<RecordingSession> session;
    {
        std::lock_guard lock(mutex_);
        reap_locked();
        if (!active_ || active_->snapshot().id != id) {
            if (const Recording* r = catalog_.find(id)) return *r;
            return std::nullopt;
        }
        session = active_;
    }
    session->request_stop();
    // Without the lock: the writer's retention hook takes it.
    session->wait_done(wait);
    std::lock_guard lock(mutex_);
    reap_locked();
    return session->snapshot();
}

std::vector<Recording> Recorder::list() {
    std::lock_guard lock(mutex_);
    reap_locked();
    auto all = catalog_.all();
    if (active_) all.push_back(active_->snapshot());
    std::sort(all.begin(), all.end(), [](const Recording& a, const Recording& b) {
        return a.started_at != b.started_at ? a.started_at > b.started_at : a.id > b.id;
    });
    return all;
}

std::optional<Recording> Recorder::get(const std::string& id) {
    std::lock_guard lock(mutex_);
    reap_locked();
    if (active_) {
        auto r = active_->snapshot();
        if (r.id == id) return r;
    }
    if (const Recording* r = catalog_.find(id)) return *r;
    return std::nullopt;
}

std::optional<RecorderError> Recorder::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    reap_locked();
    if (active_ && active_->snapshot().id == id)
        return RecorderError{409, "recording_active",
                             "recording " + id + " is running; stop it before deleting it"};
    if (!catalog_.find(id))
        return RecorderError{404, "no_recording", "there is no recording " + id};
    const std::string error = catalog_.remove(id);
    if (!error.empty()) return RecorderError{500, "storage_error", error};
    logger_->info("recording {} deleted", id);
    return std::nullopt;
}

std::optional<std::filesystem::path> Recorder::file_path(const std::string& id,
                                                         const std::string& name) {
    if (!safe_name(id) || !safe_name(name)) return std::nullopt;
    const auto recording = get(id);
    if (!recording) return std::nullopt;
    for (const auto& file : recording->files)
        if (name == file.name || name == file.name + ".json") return catalog_.folder(id) / name;
    return std::nullopt;
}

RecorderStatus Recorder::status() {
    std::lock_guard lock(mutex_);
    reap_locked();
    RecorderStatus s;
    if (active_) {
        const auto r = active_->snapshot();
        s.active_id = r.id;
        s.state = r.state == State::failed ? RecorderStatus::State::failed
                                           : RecorderStatus::State::recording;
        s.last_error = r.error;
        return s;
    }
    if (!last_error_.empty()) {
        s.state = RecorderStatus::State::failed;
        s.last_error = last_error_;
    }
    return s;
}

void Recorder::shutdown(std::chrono::milliseconds wait) {
    std::shared_ptr<RecordingSession> session;
    {
        std::lock_guard lock(mutex_);
        session = active_;
    }
    if (!session) return;
    session->request_stop();
    const bool done = session->wait_done(wait);
    std::lock_guard lock(mutex_);
    if (done) {
        reap_locked();
        return;
    }
    logger_->error(
        "recording {}: the disk has not answered for {} ms; exiting without closing "
        "its last file (readable up to its last second or block)",
        session->snapshot().id, wait.count());
    session->detach();
    // Deliberately never destroyed: its threads are blocked in the kernel and
    // still use it; the process exit reclaims it.
    new std::shared_ptr<RecordingSession>(session);
    active_.reset();
}

// Moves a session that has ended into the catalog.
void Recorder::reap_locked() {
    if (!active_ || !active_->done()) return;
    const Recording r = active_->snapshot();
    catalog_.put(r);
    last_error_ = r.state == State::failed ? r.error : std::string();
    active_.reset();
}

void Recorder::prune() {
    if (settings_.max_total_bytes == 0) return;
    std::lock_guard lock(mutex_);
    const std::uint64_t active_bytes = active_ ? active_->snapshot().bytes : 0;
    catalog_.prune(settings_.max_total_bytes, active_bytes);
}

}  // namespace acoustream::record
