#include "encode/audio_i16.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "encode/base64.hpp"
#include "encode/bounded_writer.hpp"
#include "encode/decimation.hpp"
#include "encode/float_format.hpp"
#include "encode/frame_metadata.hpp"

namespace acoustream::encode {
namespace {

constexpr std::size_t kFixedChars = 192;

// Samples converted per base64 call: 1536 × 2 bytes = 3072, a multiple of 3,
// so the base64 of consecutive chunks concatenates without padding in between.
constexpr std::size_t kChunkSamples = 1536;
static_assert(kChunkSamples * 2 % 3 == 0);

void write_channel(detail::BoundedWriter& out, const std::vector<float>& samples,
                   unsigned decimate) {
    out.character('"');
    std::array<unsigned char, kChunkSamples * 2> bytes{};
    std::size_t filled = 0;
    const auto flush = [&] {
        char* end = write_base64(out.cursor(), std::span(bytes.data(), filled));
        out.advance(static_cast<std::size_t>(end - out.cursor()));
        filled = 0;
    };
    for (std::size_t i = 0; i < samples.size(); i += decimate) {
        const auto value = static_cast<std::uint16_t>(to_i16(samples[i]));
        bytes[filled++] = static_cast<unsigned char>(value & 0xFFu);  // little-endian
        bytes[filled++] = static_cast<unsigned char>(value >> 8);
        if (filled == bytes.size()) flush();
    }
    if (filled != 0) flush();
    out.character('"');
}

}  // namespace

std::int16_t to_i16(float sample) noexcept {
    if (std::isnan(sample)) return 0;
    const float clipped = sample > 1.0f ? 1.0f : (sample < -1.0f ? -1.0f : sample);
    // In double the product is exact, so only the documented rounding (half away
    // from zero) applies.
    return static_cast<std::int16_t>(std::lround(static_cast<double>(clipped) * 32767.0));
}

std::string encode_audio_i16(const audio::AudioFrame& frame, unsigned decimate) {
    detail::check_decimate(decimate);
    const std::size_t length_a = detail::decimated_count(frame.channel_a.size(), decimate);
    const std::size_t length_b = detail::decimated_count(frame.channel_b.size(), decimate);
    detail::BoundedWriter out(kFixedChars + base64_length(length_a * 2) +
                              base64_length(length_b * 2) + 4 * kMaxUintChars + kMaxDoubleChars);

    out.literal(R"({"channel_a":)");
    write_channel(out, frame.channel_a, decimate);
    out.literal(R"(,"channel_b":)");
    write_channel(out, frame.channel_b, decimate);
    out.literal(R"(,"channels_length":)");
    out.number(std::uint64_t{length_a});
    out.literal(R"(,"channels_raw_type":"i16","channels_element_size":2)");
    write_frame_metadata(out, frame);
    return out.take();
}

}  // namespace acoustream::encode
