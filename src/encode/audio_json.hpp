#pragma once
// AudioFrameResponse (docs/api.md) as compact JSON, built once per frame and shared
// by every client that asked for the same variant:
//   {"channel_a":[...],"channel_b":[...],"sample_rate":48000,"timestamp":...,
//    "frame_number":...,"duration_ms":...}
// Samples are in shortest round-trip float form (non-finite → null);
// duration_ms is that of the whole frame (not of the decimated samples), as a
// shortest-form double.

#include <string>

#include "audio/audio_frame.hpp"

namespace acoustream::encode {

// `decimate` K keeps samples 0, K, 2K, … of each channel. Throws
// std::invalid_argument if K is 0.
[[nodiscard]] std::string encode_audio_json(const audio::AudioFrame& frame, unsigned decimate = 1);

}  // namespace acoustream::encode
