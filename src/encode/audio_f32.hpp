#pragma once
// The "fast" AudioFrameResponse of docs/api.md (`?encoding=f32`, `/stream/audio/fast`):
// each channel as standard padded base64 of its little-endian float32 samples.
//   {"channel_a":"<b64>","channel_b":"<b64>","channels_length":N,
//    "channels_raw_type":"f32","channels_element_size":4,"sample_rate":...,
//    "timestamp":...,"frame_number":...,"duration_ms":...}
// channels_length is the samples per channel after decimation (both channels
// of an AudioFrame have the same length); duration_ms is that of the whole
// frame. Samples are sent bit-exact, NaN and infinities included.

#include <string>

#include "audio/audio_frame.hpp"

namespace acoustream::encode {

// `decimate` K keeps samples 0, K, 2K, … of each channel. Throws
// std::invalid_argument if K is 0.
[[nodiscard]] std::string encode_audio_f32(const audio::AudioFrame& frame, unsigned decimate = 1);

}  // namespace acoustream::encode
