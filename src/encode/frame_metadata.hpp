#pragma once
// The fields every audio frame encoding ends with, after its channels:
// ,"sample_rate":R,"timestamp":T,"frame_number":N,"duration_ms":D}

#include <cstdint>

#include "audio/audio_frame.hpp"
#include "encode/bounded_writer.hpp"

namespace acoustream::encode {

inline void write_frame_metadata(detail::BoundedWriter& out, const audio::AudioFrame& frame) {
    out.literal(R"(,"sample_rate":)");
    out.number(std::uint64_t{frame.sample_rate});
    out.literal(R"(,"timestamp":)");
    out.number(frame.timestamp);
    out.literal(R"(,"frame_number":)");
    out.number(frame.frame_number);
    out.literal(R"(,"duration_ms":)");
    out.number(frame.duration_ms());
    out.character('}');
}

}  // namespace acoustream::encode
