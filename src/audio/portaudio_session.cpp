#include "audio/portaudio_session.hpp"

#include <alsa/asoundlib.h>
#include <portaudio.h>

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#ifdef ACOUSTREAM_HAVE_JACK
#include <jack/jack.h>
#endif

#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

// ALSA and JACK take a plain function pointer for their message hooks, which
// are process-wide, so the sink they forward to has to live in one
// process-wide slot. It is touched only when sessions start and end and when a
// library prints, never on the capture path.
struct LibraryLogRoute {
    std::mutex mutex;
    int sessions = 0;
    std::shared_ptr<const LibraryLogSink> sink;
};

LibraryLogRoute& route() {
    static LibraryLogRoute instance;
    return instance;
}

void forward(std::string_view library, std::string_view message) {
    std::shared_ptr<const LibraryLogSink> sink;
    {
        std::lock_guard lock(route().mutex);
        sink = route().sink;
    }
    if (sink && *sink) {
        (*sink)(library, message);
    }
}

// Same shape as snd_lib_error_handler_t.
void alsa_message(const char* file, int line, const char* function, int err, const char* fmt, ...) {
    char text[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    std::string message = std::string(file ? file : "?") + ":" + std::to_string(line) + ":(" +
                          (function ? function : "?") + ") " + text;
    if (err != 0) {
        message += std::string(": ") + snd_strerror(err);
    }
    forward("alsa", message);
}

#ifdef ACOUSTREAM_HAVE_JACK
void jack_message(const char* text) { forward("jack", text ? text : ""); }
#endif

}  // namespace

PortAudioSession::PortAudioSession(LibraryLogSink sink) {
    {
        std::lock_guard lock(route().mutex);
        if (sink) {
            route().sink = std::make_shared<const LibraryLogSink>(std::move(sink));
        }
        if (route().sessions++ == 0) {
            snd_lib_error_set_handler(&alsa_message);
#ifdef ACOUSTREAM_HAVE_JACK
            // JACK's hooks stay installed after the last session: JACK is only
            // reached through PortAudio, and with no sink the messages drop.
            jack_set_error_function(&jack_message);
            jack_set_info_function(&jack_message);
#endif
        }
    }
    const PaError err = Pa_Initialize();
    if (err != paNoError) {
        std::lock_guard lock(route().mutex);
        if (--route().sessions == 0) {
            snd_lib_error_set_handler(nullptr);
            route().sink.reset();
        }
        throw SourceError(std::string("cannot initialise PortAudio: ") + Pa_GetErrorText(err));
    }
}

PortAudioSession::~PortAudioSession() {
    Pa_Terminate();
    std::lock_guard lock(route().mutex);
    if (--route().sessions == 0) {
        // Null restores ALSA's own handler.
        snd_lib_error_set_handler(nullptr);
        route().sink.reset();
    }
}

}  // namespace acoustream::audio
