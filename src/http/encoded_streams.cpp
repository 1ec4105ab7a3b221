#include "http/encoded_streams.hpp"

#include "encode/audio_f32.hpp"
#include "encode/audio_i16.hpp"
#include "encode/audio_json.hpp"
#include "encode/spectral_db.hpp"
#include "encode/spectral_json.hpp"
#include "encode/sse_event.hpp"

namespace acoustream::http {

namespace {

std::string frame_bytes(std::string payload, std::uint64_t id, Framing framing,
                        std::string_view event_name) {
    switch (framing) {
        case Framing::payload:
            return payload;
        case Framing::message:
            return encode::sse_event(payload, id);
        case Framing::named:
            return encode::sse_event(payload, id, event_name);
    }
    return payload;
}

std::string audio_payload(const audio::AudioFrame& frame, const AudioVariant& variant) {
    switch (variant.encoding) {
        case encode::StreamQuery::Encoding::f32:
            return encode::encode_audio_f32(frame, variant.decimate);
        case encode::StreamQuery::Encoding::i16:
            return encode::encode_audio_i16(frame, variant.decimate);
        case encode::StreamQuery::Encoding::json:
            break;
    }
    return encode::encode_audio_json(frame, variant.decimate);
}

std::string audio_bytes(const audio::AudioFrame& frame, const AudioVariant& variant) {
    return frame_bytes(audio_payload(frame, variant), frame.frame_number, variant.framing, "audio");
}

std::string spectral_payload(const spectral::SpectralFrame& frame, const SpectralVariant& variant) {
    return variant.query.format == encode::SpectralQuery::Format::db
               ? encode::encode_spectral_db(frame, variant.query)
               : encode::encode_spectral_json(frame, variant.query);
}

}  // namespace

SharedBytes EncodedStreams::audio(const audio::AudioFrame& frame, const AudioVariant& variant) {
    return audio_.get(frame.frame_number, variant, [&] { return audio_bytes(frame, variant); });
}

void EncodedStreams::pre_encode_audio(const audio::AudioFrame& frame) {
    audio_.pre_encode(frame.frame_number,
                      [&](const AudioVariant& variant) { return audio_bytes(frame, variant); });
}

SharedBytes EncodedStreams::spectral(const spectral::SpectralFrame& frame,
                                     const SpectralVariant& variant) {
    return spectral_.get(frame.frame_number, variant, [&] {
        return frame_bytes(spectral_payload(frame, variant), frame.frame_number, variant.framing,
                           "spectral");
    });
}

}  // namespace acoustream::http
