#include "audio/microphone_source.hpp"

#include <portaudio.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

#include "audio/source_error.hpp"
#include "audio/spsc_ring.hpp"

namespace acoustream::audio {

// Shared with the PortAudio callback thread; lives as long as the source so
// counters survive reopening.
struct detail::MicrophoneCapture {
    MicrophoneCapture(std::size_t ring_samples, int a, int b, int stride)
        : ring(ring_samples), channel_a(a), channel_b(b), stream_channels(stride) {}

    SpscRing ring;  // interleaved (A, B) pairs
    const int channel_a;
    const int channel_b;
    const int stream_channels;
    std::atomic<std::uint64_t> overrun_frames{0};
    std::atomic<std::uint64_t> callbacks{0};
};

namespace {

constexpr std::uint32_t kMaxSampleRate = 384000;
constexpr std::chrono::milliseconds kMinWait{10};
constexpr std::chrono::milliseconds kPollStep{2};

// Real-time context: no allocation, no locks, no logging.
int capture_callback(const void* input, void* /*output*/, unsigned long frames,
                     const PaStreamCallbackTimeInfo* /*time*/, PaStreamCallbackFlags /*flags*/,
                     void* user) {
    auto& capture = *static_cast<detail::MicrophoneCapture*>(user);
    const auto* in = static_cast<const float*>(input);
    if (in != nullptr) {
        constexpr unsigned long kChunk = 256;
        float pairs[2 * kChunk];
        const auto stride = static_cast<std::size_t>(capture.stream_channels);
        const auto a = static_cast<std::size_t>(capture.channel_a);
        const auto b = static_cast<std::size_t>(capture.channel_b);
        for (unsigned long done = 0; done < frames;) {
            const unsigned long n = std::min(frames - done, kChunk);
            for (unsigned long j = 0; j < n; ++j) {
                const float* frame = in + (done + j) * stride;
                pairs[2 * j] = frame[a];
                pairs[2 * j + 1] = frame[b];
            }
            // The ring's capacity and every push/pop are even, so whole pairs fit.
            const std::size_t accepted = capture.ring.push(pairs, 2 * n);
            if (accepted < 2 * n) {
                capture.overrun_frames.fetch_add((2 * n - accepted) / 2, std::memory_order_relaxed);
            }
            done += n;
        }
    }
    capture.callbacks.fetch_add(1, std::memory_order_release);
    return paContinue;
}

std::string pa_error_text(PaError err) {
    std::string text = Pa_GetErrorText(err);
    if (err == paUnanticipatedHostError) {
        const PaHostErrorInfo* host = Pa_GetLastHostErrorInfo();
        if (host != nullptr && host->errorText != nullptr && host->errorText[0] != '\0') {
            text += std::string(" (") + host->errorText + ")";
        }
    }
    return text;
}

std::string channels_text(const std::array<int, 2>& channels) {
    return "[" + std::to_string(channels[0]) + ", " + std::to_string(channels[1]) + "]";
}

}  // namespace

MicrophoneSource::MicrophoneSource(MicrophoneOptions options, LibraryLogSink library_log)
    : options_(std::move(options)), library_log_(std::move(library_log)) {
    for (const int ch : options_.channels) {
        if (ch < 0 || ch > kMaxChannelIndex) {
            throw SourceError(label() + ": channels " + channels_text(options_.channels) +
                              ": each must be between 0 and " + std::to_string(kMaxChannelIndex));
        }
    }
    if (options_.sample_rate == 0 || options_.sample_rate > kMaxSampleRate) {
        throw SourceError(label() + ": sample_rate " + std::to_string(options_.sample_rate) +
                          " is outside 1.." + std::to_string(kMaxSampleRate));
    }
    stream_channels_ = std::max(options_.channels[0], options_.channels[1]) + 1;
    // Room for a second of audio or four blocks, whichever is more.
    const std::size_t ring_frames =
        std::max<std::size_t>(options_.sample_rate, 4 * options_.block_hint);
    capture_ = std::make_unique<detail::MicrophoneCapture>(2 * ring_frames, options_.channels[0],
                                                           options_.channels[1], stream_channels_);
    session_ = std::make_unique<PortAudioSession>(library_log_);
    open_stream();
    set_state("capturing");
}

MicrophoneSource::~MicrophoneSource() { close_stream(); }

std::string MicrophoneSource::name() const {
    return "microphone:" + (device_.name.empty() ? options_.device : device_.name);
}

std::uint64_t MicrophoneSource::overruns() const {
    return capture_->overrun_frames.load(std::memory_order_relaxed);
}

std::string MicrophoneSource::state() const {
    std::lock_guard lock(state_mutex_);
    return state_;
}

void MicrophoneSource::set_state(std::string state) {
    std::lock_guard lock(state_mutex_);
    state_ = std::move(state);
}

std::string MicrophoneSource::label() const {
    std::string text = "microphone '" + options_.device + "'";
    if (!device_.name.empty() && device_.name != options_.device) {
        text += " (" + device_.name + ")";
    }
    return text;
}

void MicrophoneSource::open_stream() {
    device_ = resolve_input_device(list_input_devices(*session_), options_.device);
    if (device_.max_input_channels < stream_channels_) {
        throw SourceError(label() + ": channels " + channels_text(options_.channels) + " need " +
                          std::to_string(stream_channels_) + " input channels but the device has " +
                          std::to_string(device_.max_input_channels));
    }
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device_.index);
    PaStreamParameters params{};
    params.device = device_.index;
    params.channelCount = stream_channels_;
    params.sampleFormat = paFloat32;
    // The high default latency gives the largest buffers: fewer dropouts, and
    // a block-based reader gains nothing from a shorter one.
    params.suggestedLatency = info != nullptr ? info->defaultHighInputLatency : 0.1;
    params.hostApiSpecificStreamInfo = nullptr;
    const unsigned long frames_per_buffer = options_.block_hint > 0
                                                ? static_cast<unsigned long>(options_.block_hint)
                                                : paFramesPerBufferUnspecified;
    PaStream* stream = nullptr;
    PaError err = Pa_OpenStream(&stream, &params, nullptr, options_.sample_rate, frames_per_buffer,
                                paClipOff | paDitherOff, &capture_callback, capture_.get());
    if (err != paNoError) {
        throw SourceError(label() + ": cannot open " + std::to_string(stream_channels_) +
                          " input channels at " + std::to_string(options_.sample_rate) +
                          " Hz: " + pa_error_text(err));
    }
    // The producer is not running yet, so the consumer may drop stale samples.
    capture_->ring.discard_all();
    err = Pa_StartStream(stream);
    if (err != paNoError) {
        Pa_CloseStream(stream);
        throw SourceError(label() + ": cannot start capture: " + pa_error_text(err));
    }
    stream_ = stream;
    seen_callbacks_ = capture_->callbacks.load(std::memory_order_acquire);
    last_progress_ = Clock::now();
}

void MicrophoneSource::close_stream() noexcept {
    if (stream_ != nullptr) {
        Pa_AbortStream(stream_);
        Pa_CloseStream(stream_);
        stream_ = nullptr;
    }
}

ReadResult MicrophoneSource::fail(const std::string& why) {
    // The stream is closed by the next read(), not here: a device that hangs
    // inside the driver may need time before it can be torn down.
    needs_reopen_ = true;
    set_state("reopening: " + why);
    return ReadResult::error_result(label() + ": " + why);
}

ReadResult MicrophoneSource::read(std::size_t max_samples) {
    if (max_samples == 0) {
        return ReadResult::error_result(label() + ": read() needs max_samples >= 1");
    }
    if (needs_reopen_) {
        close_stream();
        session_.reset();
        try {
            // A fresh session re-enumerates devices, so a re-plugged device
            // (possibly at another index) is found again.
            session_ = std::make_unique<PortAudioSession>(library_log_);
            open_stream();
        } catch (const SourceError& e) {
            close_stream();
            session_.reset();
            set_state(std::string("reopening: ") + e.what());
            return ReadResult::error_result(e.what());
        }
        needs_reopen_ = false;
        set_state("capturing");
    }

    SpscRing& ring = capture_->ring;
    const std::size_t want = std::min(max_samples, ring.capacity() / 2);
    const auto period = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(static_cast<double>(want) / options_.sample_rate));
    const auto deadline = Clock::now() + std::max<Clock::duration>(period, kMinWait);

    while (true) {
        if (ring.size() >= 2 * want) {
            scratch_.resize(2 * want);
            ring.pop(scratch_.data(), scratch_.size());
            ReadResult result;
            result.a.resize(want);
            result.b.resize(want);
            for (std::size_t i = 0; i < want; ++i) {
                result.a[i] = scratch_[2 * i];
                result.b[i] = scratch_[2 * i + 1];
            }
            return result;
        }
        const auto now = Clock::now();
        const std::uint64_t callbacks = capture_->callbacks.load(std::memory_order_acquire);
        if (callbacks != seen_callbacks_) {
            seen_callbacks_ = callbacks;
            last_progress_ = now;
        }
        const PaError active = Pa_IsStreamActive(stream_);
        if (active < 0) {
            return fail("capture stream failed: " + pa_error_text(active));
        }
        if (active == 0) {
            return fail("capture stream stopped");
        }
        if (now - last_progress_ > kStallTimeout) {
            return fail("no data from the device for " +
                        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           now - last_progress_)
                                           .count()) +
                        " ms");
        }
        if (now >= deadline) {
            return ReadResult::pending_result();
        }
        std::this_thread::sleep_for(std::min<Clock::duration>(kPollStep, deadline - now));
    }
}

}  // namespace acoustream::audio
