#include "stream/shared_audio_stream.hpp"

namespace acoustream::stream {

namespace {
// fps is measured over a window of at least this long (docs/api.md: >= 1 s).
constexpr auto kFpsWindow = std::chrono::seconds(2);
}  // namespace

SharedAudioStream::SteadyNow SharedAudioStream::default_steady() {
    return [] { return std::chrono::steady_clock::now(); };
}

SharedAudioStream::UnixNowMs SharedAudioStream::default_unix() {
    return [] {
        using namespace std::chrono;
        return static_cast<std::uint64_t>(
            duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
    };
}

SharedAudioStream::SharedAudioStream(std::size_t capacity, SteadyNow steady_now, UnixNowMs unix_now)
    : ring_(capacity), steady_now_(std::move(steady_now)), unix_now_(std::move(unix_now)) {}

void SharedAudioStream::publish(audio::FramePtr frame) {
    {
        std::lock_guard lock(stats_mutex_);
        const auto now = steady_now_();
        recent_.push_back(now);
        while (recent_.size() > 2 && now - recent_.front() > kFpsWindow) recent_.pop_front();
        last_update_ = unix_now_();
    }
    ring_.publish(std::move(frame));
}

void SharedAudioStream::close() { ring_.close(); }

Subscriber<audio::AudioFrame> SharedAudioStream::subscribe_after(std::uint64_t last_seen) {
    return ring_.subscribe_first(
        [last_seen](const audio::AudioFrame& f) { return f.frame_number > last_seen; });
}

StreamStats SharedAudioStream::stats() const {
    StreamStats s;
    s.total_frames = ring_.published();
    s.active_subscribers = ring_.subscribers();
    s.dropped_frames = ring_.dropped();
    s.closed = ring_.closed();
    std::lock_guard lock(stats_mutex_);
    s.last_update = last_update_;
    if (recent_.size() >= 2) {
        const auto now = steady_now_();
        // A stalled producer reads as a falling rate, not the last burst's.
        const auto span = std::chrono::duration<double>(now - recent_.front()).count();
        if (span >= 1.0) {
            s.fps = static_cast<double>(recent_.size() - 1) /
                    std::chrono::duration<double>(recent_.back() - recent_.front()).count();
            const auto since_last = std::chrono::duration<double>(now - recent_.back()).count();
            if (since_last > 1.0) s.fps = static_cast<double>(recent_.size() - 1) / span;
        }
    }
    return s;
}

}  // namespace acoustream::stream
