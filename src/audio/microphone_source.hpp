#pragma once
// The `microphone` source: two channels of a capture device through PortAudio
// (ALSA on Linux). The PortAudio callback copies the two chosen channels into
// a lock-free ring; read() takes whole blocks out of it. A stopped or silent
// stream makes read() report an error, and the next read() reopens the device
// (the acquisition daemon owns the backoff between calls).

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audio/audio_source.hpp"
#include "audio/device_list.hpp"
#include "audio/portaudio_session.hpp"

namespace acoustream::audio {

namespace detail {
struct MicrophoneCapture;  // state shared with the capture callback
}

struct MicrophoneOptions {
    // Exact name, decimal index, or unique case-insensitive substring.
    std::string device = "default";
    // Device channels that become A and B (0-based; may be equal).
    std::array<int, 2> channels{0, 1};
    std::uint32_t sample_rate = 48000;
    // Frames per PortAudio callback; 0 lets PortAudio choose.
    std::size_t block_hint = 0;
};

class MicrophoneSource final : public AudioSource {
public:
    // Opens and starts the device. Throws SourceError naming the device (and
    // PortAudio's reason) when it cannot be found, opened or started.
    explicit MicrophoneSource(MicrophoneOptions options, LibraryLogSink library_log = {});
    ~MicrophoneSource() override;

    MicrophoneSource(const MicrophoneSource&) = delete;
    MicrophoneSource& operator=(const MicrophoneSource&) = delete;

    ReadResult read(std::size_t max_samples) override;

    [[nodiscard]] std::uint32_t sample_rate() const override { return options_.sample_rate; }
    [[nodiscard]] int channel_count() const override { return stream_channels_; }
    [[nodiscard]] std::string name() const override;
    [[nodiscard]] Pacing pacing() const override { return Pacing::device; }

    // Frames the capture callback dropped because read() fell behind.
    [[nodiscard]] std::uint64_t overruns() const;
    // "capturing" or "reopening: <why>"; safe to call from any thread.
    [[nodiscard]] std::string state() const;

    // No callback at all for this long while the stream says it runs is a failure.
    static constexpr std::chrono::milliseconds kStallTimeout{2000};

private:
    using Clock = std::chrono::steady_clock;

    void open_stream();
    void close_stream() noexcept;
    ReadResult fail(const std::string& why);
    [[nodiscard]] std::string label() const;
    void set_state(std::string state);

    MicrophoneOptions options_;
    LibraryLogSink library_log_;
    int stream_channels_ = 0;
    std::unique_ptr<PortAudioSession> session_;
    std::unique_ptr<detail::MicrophoneCapture> capture_;  // stable address for the callback
    void* stream_ = nullptr;                              // PaStream*
    DeviceInfo device_;
    bool needs_reopen_ = false;
    std::uint64_t seen_callbacks_ = 0;
    Clock::time_point last_progress_{};
    std::vector<float> scratch_;  // interleaved pairs popped from the ring

    mutable std::mutex state_mutex_;
    std::string state_;
};

}  // namespace acoustream::audio
