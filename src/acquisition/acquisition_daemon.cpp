#include "acquisition/acquisition_daemon.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "platform/thread_tuning.hpp"

namespace acoustream::acquisition {

namespace {

// Duration of `samples` at `rate` without 64-bit overflow for long runs.
std::chrono::nanoseconds samples_to_ns(std::uint64_t samples, std::uint32_t rate) {
    const std::uint64_t secs = samples / rate;
    const std::uint64_t rem = samples % rate;
    return std::chrono::seconds(secs) + std::chrono::nanoseconds(rem * 1'000'000'000ULL / rate);
}

std::uint64_t samples_to_ms(std::uint64_t samples, std::uint32_t rate) {
    return samples / rate * 1000ULL + (samples % rate) * 1000ULL / rate;
}

}  // namespace

AcquisitionDaemon::AcquisitionDaemon(std::unique_ptr<audio::AudioSource> source,
                                     stream::SharedAudioStream& stream, Clock& clock,
                                     DaemonOptions options, std::shared_ptr<spdlog::logger> logger)
    : source_(std::move(source)),
      stream_(stream),
      clock_(clock),
      options_(options),
      logger_(logger ? std::move(logger) : spdlog::default_logger()) {
    if (!source_) throw std::invalid_argument("acquisition daemon needs a source");
    if (options_.frame_size == 0) throw std::invalid_argument("frame_size must be >= 1");
    if (source_->sample_rate() == 0) throw std::invalid_argument("source sample rate is 0");
    status_.source_name = source_->name();
}

AcquisitionDaemon::~AcquisitionDaemon() { stop(); }

void AcquisitionDaemon::start() {
    std::lock_guard lock(mutex_);
    if (loop_active_) {
        logger_->warn("acquisition daemon is already running");
        return;
    }
    if (thread_.joinable()) thread_.join();  // a previous run that ended by itself
    stop_requested_ = false;
    loop_active_ = true;
    status_.state = DaemonState::running;
    thread_ = std::thread([this] { run(); });
}

void AcquisitionDaemon::stop() {
    {
        std::lock_guard lock(mutex_);
        stop_requested_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void AcquisitionDaemon::wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !loop_active_; });
}

DaemonStatus AcquisitionDaemon::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

bool AcquisitionDaemon::running() const {
    std::lock_guard lock(mutex_);
    return loop_active_;
}

bool AcquisitionDaemon::sleep_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return !clock_.wait_until(deadline, lock, cv_, [this] { return stop_requested_; });
}

void AcquisitionDaemon::set_pre_encode(std::function<void(const audio::AudioFrame&)> pre_encode) {
    std::lock_guard lock(mutex_);
    if (loop_active_) throw std::logic_error("set_pre_encode() after start()");
    pre_encode_ = std::move(pre_encode);
}

audio::FramePtr AcquisitionDaemon::stamp(audio::ReadResult&& block) {
    const std::uint32_t rate = source_->sample_rate();
    auto frame = std::make_shared<audio::AudioFrame>();
    frame->channel_a = std::move(block.a);
    frame->channel_b = std::move(block.b);
    frame->sample_rate = rate;
    frame->frame_number = next_frame_number_++;
    frame->timestamp = anchor_unix_ms_ + samples_to_ms(samples_since_anchor_, rate);
    samples_since_anchor_ += frame->samples();
    return frame;
}

void AcquisitionDaemon::pre_encode(const audio::AudioFrame& frame) {
    if (!pre_encode_) return;
    try {
        pre_encode_(frame);
    } catch (const std::exception& e) {
        // Only an optimisation: the frame is published all the same.
        logger_->warn("acquisition: pre-encoding frame {} failed: {}", frame.frame_number,
                      e.what());
    }
}

void AcquisitionDaemon::publish(audio::FramePtr frame) {
    const auto number = frame->frame_number;
    stream_.publish(std::move(frame));

    std::uint64_t published = 0;
    {
        std::lock_guard lock(mutex_);
        published = ++status_.frames_published;
        status_.state = DaemonState::running;
        status_.retry_delay = std::chrono::milliseconds(0);
    }
    if ((number + 1) % 100 == 0) {
        const auto s = stream_.stats();
        logger_->debug("acquisition: {} frames published, {} subscribers, {:.1f} fps, {} dropped",
                       published, s.active_subscribers, s.fps, s.dropped_frames);
    }
}

void AcquisitionDaemon::reanchor() {
    using std::chrono::milliseconds;
    const auto steady = clock_.now();
    if (!referenced_) {
        // The only wall-clock reading of the daemon's life. The reference
        // instant is put on the wall clock's last millisecond boundary, so a
        // stamp is the true time floored once (at most 1 ms low), not floored
        // twice (the reading, then the sample count: up to 2 ms low).
        referenced_ = true;
        const auto wall = clock_.unix_time();
        const auto wall_ms = std::chrono::floor<milliseconds>(wall);
        reference_unix_ms_ = static_cast<std::uint64_t>(wall_ms.count());
        reference_steady_ = steady - std::chrono::duration_cast<Clock::duration>(wall - wall_ms);
        anchor_unix_ms_ = reference_unix_ms_;
    } else {
        const auto elapsed = std::chrono::floor<milliseconds>(steady - reference_steady_).count();
        const std::uint64_t since_reference = elapsed > 0 ? static_cast<std::uint64_t>(elapsed) : 0;
        // End of the last published frame: the next one never starts before it.
        const std::uint64_t last_end =
            anchor_unix_ms_ + samples_to_ms(samples_since_anchor_, source_->sample_rate());
        anchor_unix_ms_ = std::max(reference_unix_ms_ + since_reference, last_end);
    }
    // The steady instant the anchor's stamp stands for: a paced frame is
    // never due before the time it is stamped with.
    anchor_steady_ = reference_steady_ + milliseconds(anchor_unix_ms_ - reference_unix_ms_);
    samples_since_anchor_ = 0;
}

void AcquisitionDaemon::run() {
    platform::name_this_thread("acquisition");
    // Frame deadlines kept to the microsecond, not batched by the kernel's
    // 50 µs default slack: that lateness is every client's latency.
    platform::set_this_thread_timer_slack(std::chrono::nanoseconds(1));
    reanchor();
    logger_->info("acquisition started: source {}, {} Hz, {} samples per frame", source_->name(),
                  source_->sample_rate(), options_.frame_size);
    finish(acquire());
}

bool AcquisitionDaemon::acquire() {
    const bool paced = source_->pacing() == audio::Pacing::clock;
    const std::uint32_t rate = source_->sample_rate();
    auto backoff = options_.initial_backoff;
    // A paced frame is read half a period before it is due, so making it
    // (and whatever pre_encode_ does with it) is done when the frame is due,
    // instead of adding to every client's latency.
    const auto lead =
        std::chrono::duration_cast<Clock::duration>(samples_to_ns(options_.frame_size, rate)) / 2;

    for (;;) {
        if (stopping()) return false;
        if (ahead_) {
            // Read (and stamped) before a stop(): it goes out first.
            publish(std::move(ahead_));
            continue;
        }
        Clock::time_point due{};
        if (paced) {
            // Frame k is due when its first sample is: anchor + samples / rate.
            due = anchor_steady_ + std::chrono::duration_cast<Clock::duration>(
                                       samples_to_ns(samples_since_anchor_, rate));
            if (due - lead > clock_.now() && !sleep_until(due - lead)) return false;
        }
        audio::ReadResult block = source_->read(options_.frame_size);
        audio::FramePtr frame = frame_of(block);
        // Whatever the read gave, it takes effect when it is due.
        if (paced && !sleep_until(due)) {
            ahead_ = std::move(frame);  // stamped already: published at the next start
            return false;
        }
        if (frame) {
            backoff = options_.initial_backoff;
            publish(std::move(frame));
            continue;
        }
        if (block.status == audio::ReadResult::Status::pending) continue;
        if (block.status == audio::ReadResult::Status::end) return true;
        if (!back_off(block.error, backoff)) return false;
    }
}

bool AcquisitionDaemon::stopping() const {
    std::lock_guard lock(mutex_);
    return stop_requested_;
}

audio::FramePtr AcquisitionDaemon::frame_of(audio::ReadResult& block) {
    if (block.status != audio::ReadResult::Status::ok) return nullptr;
    if (block.a.empty() || block.a.size() != block.b.size()) {
        block = audio::ReadResult::error_result("source returned an invalid block");
        return nullptr;
    }
    auto frame = stamp(std::move(block));
    pre_encode(*frame);
    return frame;
}

bool AcquisitionDaemon::back_off(const std::string& error, std::chrono::milliseconds& backoff) {
    {
        std::lock_guard lock(mutex_);
        ++status_.read_errors;
        status_.state = DaemonState::retrying;
        status_.last_error = error;
        status_.retry_delay = backoff;
    }
    logger_->error("acquisition: read from {} failed: {} (retrying in {} ms)", source_->name(),
                   error, backoff.count());
    if (!sleep_until(clock_.now() + backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
    // Timestamps never go backwards nor claim samples that were lost.
    reanchor();
    return true;
}

void AcquisitionDaemon::finish(bool ended) {
    if (ended) {
        logger_->info("acquisition: source {} ended after {} frames", source_->name(),
                      next_frame_number_);
        if (options_.close_stream_at_end) stream_.close();
    }
    {
        std::lock_guard lock(mutex_);
        status_.state = ended ? DaemonState::ended : DaemonState::stopped;
        loop_active_ = false;
    }
    cv_.notify_all();
}

}  // namespace acoustream::acquisition
