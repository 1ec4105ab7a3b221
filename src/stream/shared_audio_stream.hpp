#pragma once
// The audio hub: a broadcast ring of frames plus the statistics the HTTP API
// reports (total frames, subscribers, measured fps, last update, drops).

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "audio/audio_frame.hpp"
#include "stream/broadcast_ring.hpp"

namespace acoustream::stream {

struct StreamStats {
    std::uint64_t total_frames = 0;
    std::uint64_t active_subscribers = 0;
    double fps = 0.0;               // measured over the last >= 1 s
    std::uint64_t last_update = 0;  // Unix ms of the last publish (0: never)
    std::uint64_t dropped_frames = 0;
    bool closed = false;
};

class SharedAudioStream {
public:
    using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;
    using UnixNowMs = std::function<std::uint64_t()>;

    // Clocks are injected so fps and last_update can be tested.
    explicit SharedAudioStream(std::size_t capacity, SteadyNow steady_now = default_steady(),
                               UnixNowMs unix_now = default_unix());

    void publish(audio::FramePtr frame);
    void close();

    Subscriber<audio::AudioFrame> subscribe() { return ring_.subscribe(); }
    // First retained frame with frame_number > `last_seen` (SSE Last-Event-ID).
    Subscriber<audio::AudioFrame> subscribe_after(std::uint64_t last_seen);

    [[nodiscard]] audio::FramePtr latest() const { return ring_.latest(); }
    [[nodiscard]] StreamStats stats() const;
    [[nodiscard]] bool closed() const { return ring_.closed(); }
    [[nodiscard]] std::size_t capacity() const noexcept { return ring_.capacity(); }
    BroadcastRing<audio::AudioFrame>& ring() noexcept { return ring_; }

    static SteadyNow default_steady();
    static UnixNowMs default_unix();

private:
    BroadcastRing<audio::AudioFrame> ring_;
    SteadyNow steady_now_;
    UnixNowMs unix_now_;

    mutable std::mutex stats_mutex_;
    std::deque<std::chrono::steady_clock::time_point> recent_;  // publish instants
    std::uint64_t last_update_ = 0;
};

}  // namespace acoustream::stream
