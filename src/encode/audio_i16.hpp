#pragma once
// The compact AudioFrameResponse of docs/api.md (`?encoding=i16`): each channel as
// standard padded base64 of little-endian int16 samples, round(clamp(x, -1, 1) * 32767).
//   {"channel_a":"<b64>","channel_b":"<b64>","channels_length":N,
//    "channels_raw_type":"i16","channels_element_size":2,"sample_rate":...,
//    "timestamp":...,"frame_number":...,"duration_ms":...}
// Lossy by design (16-bit resolution, for viewers): samples beyond full scale
// are clipped to ±32767 and a non-finite sample (NaN) is sent as 0. Clients that
// must trust every sample bit for bit use f32.

#include <cstdint>
#include <string>

#include "audio/audio_frame.hpp"

namespace acoustream::encode {

// One sample as sent: round(clamp(x, -1, 1) * 32767), NaN → 0.
[[nodiscard]] std::int16_t to_i16(float sample) noexcept;

// `decimate` K keeps samples 0, K, 2K, … of each channel. Throws
// std::invalid_argument if K is 0.
[[nodiscard]] std::string encode_audio_i16(const audio::AudioFrame& frame, unsigned decimate = 1);

}  // namespace acoustream::encode
