#pragma once
// The spectral consumer: one thread subscribes to the audio hub, runs the
// analyser once per frame (one FFT per frame whatever the number of clients)
// and publishes each spectrum into its own broadcast ring, which HTTP
// sessions read exactly like the audio ring.
//
// When the audio stream closes, the hub closes its ring (after publishing
// what it has computed). On a Lagged notice it forgets the carried-over
// window, since the samples it held no longer precede the next frame.
// A frame the analyser rejects (mismatched channels, sample rate 0) is
// skipped and counted; the window restarts after it.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "spectral/spectral_analyser.hpp"
#include "spectral/spectral_frame.hpp"
#include "stream/broadcast_ring.hpp"
#include "stream/shared_audio_stream.hpp"

namespace acoustream::spectral {

class SpectralHub {
public:
    // Throws std::invalid_argument for bad options or ring_capacity 0.
    SpectralHub(stream::SharedAudioStream& audio, AnalyserOptions options,
                std::size_t ring_capacity);
    ~SpectralHub();  // stop()
    SpectralHub(const SpectralHub&) = delete;
    SpectralHub& operator=(const SpectralHub&) = delete;

    // Subscribes (on the calling thread, so every frame published after
    // start() returns is analysed) and starts the thread. Once only:
    // std::logic_error on a second call.
    void start();
    // Stops and joins the thread and closes the spectral ring so no reader
    // waits forever. Idempotent; safe without start().
    void stop();

    stream::BroadcastRing<SpectralFrame>& ring() noexcept { return ring_; }
    [[nodiscard]] SpectralPtr latest() const { return ring_.latest(); }
    // Spectra published so far.
    [[nodiscard]] std::uint64_t computed() const noexcept {
        return computed_.load(std::memory_order_relaxed);
    }
    // Audio frames the analyser rejected, and the last reason why.
    [[nodiscard]] std::uint64_t rejected() const noexcept {
        return rejected_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] std::string last_error() const;
    // Lagged notices received from the audio ring (each restarts the window).
    [[nodiscard]] std::uint64_t gaps() const noexcept {
        return gaps_.load(std::memory_order_relaxed);
    }

private:
    void run(stream::Subscriber<audio::AudioFrame> subscriber);
    void handle(const audio::AudioFrame& frame);

    stream::SharedAudioStream& audio_;
    SpectralAnalyser analyser_;  // used only by the thread once started
    stream::BroadcastRing<SpectralFrame> ring_;
    std::thread thread_;
    std::mutex control_mutex_;  // serialises start/stop
    bool started_ = false;
    std::atomic<bool> stop_requested_{false};
    std::atomic<std::uint64_t> computed_{0};
    std::atomic<std::uint64_t> rejected_{0};
    std::atomic<std::uint64_t> gaps_{0};
    mutable std::mutex error_mutex_;
    std::string last_error_;
};

}  // namespace acoustream::spectral
