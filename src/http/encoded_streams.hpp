#pragma once
// The serialise-once layer between the hubs and the SSE sessions: every
// variant of a frame's bytes (payload alone, or framed as an SSE event, plain
// or named) is encoded once and shared by all sessions that want it.

#include <cstdint>
#include <optional>

#include "audio/audio_frame.hpp"
#include "encode/spectral_query.hpp"
#include "encode/stream_query.hpp"
#include "http/encoding_cache.hpp"
#include "spectral/spectral_frame.hpp"

namespace acoustream::http {

enum class Framing : std::uint8_t {
    payload,  // the JSON document alone (for /latest)
    message,  // id + data (unnamed: EventSource.onmessage receives it)
    named,    // id + event name + data (the /events multiplex)
};

struct AudioVariant {
    encode::StreamQuery::Encoding encoding = encode::StreamQuery::Encoding::json;
    unsigned decimate = 1;
    Framing framing = Framing::message;
    friend bool operator==(const AudioVariant&, const AudioVariant&) = default;
};

struct SpectralVariant {
    encode::SpectralQuery query;
    Framing framing = Framing::message;
    friend bool operator==(const SpectralVariant& a, const SpectralVariant& b) {
        return a.framing == b.framing && a.query.fmin == b.query.fmin &&
               a.query.fmax == b.query.fmax && a.query.phase == b.query.phase &&
               a.query.format == b.query.format;
    }
};

class EncodedStreams {
public:
    explicit EncodedStreams(std::size_t retained_frames)
        : audio_(retained_frames * 2), spectral_(retained_frames * 2) {}

    SharedBytes audio(const audio::AudioFrame& frame, const AudioVariant& variant);
    // Encodes a frame that is not published yet in the variants the
    // sessions used for the frame before (see EncodingCache::pre_encode).
    void pre_encode_audio(const audio::AudioFrame& frame);
    SharedBytes spectral(const spectral::SpectralFrame& frame, const SpectralVariant& variant);

    [[nodiscard]] std::uint64_t encodes() const { return audio_.encodes() + spectral_.encodes(); }

private:
    EncodingCache<AudioVariant> audio_;
    EncodingCache<SpectralVariant> spectral_;
};

}  // namespace acoustream::http
