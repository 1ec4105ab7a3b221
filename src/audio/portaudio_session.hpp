#pragma once
// RAII ownership of PortAudio (Pa_Initialize / Pa_Terminate). Create one only
// when capture or device listing is actually needed: initialising PortAudio
// probes every ALSA and JACK device, which is slow and noisy.
//
// While any session exists, the messages ALSA and JACK would print on stderr
// are routed to the sink given to the newest session (or dropped), so stderr
// stays clean (e.g. one JSON object per line with logging.format: json).

#include <functional>
#include <string_view>

namespace acoustream::audio {

// Receives one library message: `library` is "alsa" or "jack".
using LibraryLogSink = std::function<void(std::string_view library, std::string_view message)>;

class PortAudioSession {
public:
    // Throws SourceError with Pa_GetErrorText when PortAudio cannot start.
    explicit PortAudioSession(LibraryLogSink sink = {});
    ~PortAudioSession();

    PortAudioSession(const PortAudioSession&) = delete;
    PortAudioSession& operator=(const PortAudioSession&) = delete;
    PortAudioSession(PortAudioSession&&) = delete;
    PortAudioSession& operator=(PortAudioSession&&) = delete;
};

}  // namespace acoustream::audio
