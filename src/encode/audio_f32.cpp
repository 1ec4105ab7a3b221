#include "encode/audio_f32.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Samples gathered per base64 call when they are not already contiguous
// little-endian bytes: 768 floats = 3072 bytes, a multiple of 3, so the base64
// of consecutive chunks concatenates without padding in between.
constexpr std::size_t kGatherFloats = 768;
static_assert(kGatherFloats * sizeof(float) % 3 == 0);

void write_channel(detail::BoundedWriter& out, const std::vector<float>& samples,
                   unsigned decimate) {
    out.character('"');
    if constexpr (std::endian::native == std::endian::little) {
        if (decimate == 1) {
            const auto bytes = std::as_bytes(std::span(samples));
            const std::span<const unsigned char> input(
                reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
            char* end = write_base64(out.cursor(), input);
            out.advance(static_cast<std::size_t>(end - out.cursor()));
            out.character('"');
            return;
        }
    }
    std::array<std::uint32_t, kGatherFloats> gathered{};
    std::size_t filled = 0;
    const auto flush = [&] {
        const std::span<const unsigned char> input(
            reinterpret_cast<const unsigned char*>(gathered.data()), filled * sizeof(float));
        char* end = write_base64(out.cursor(), input);
        out.advance(static_cast<std::size_t>(end - out.cursor()));
        filled = 0;
    };
    for (std::size_t i = 0; i < samples.size(); i += decimate) {
        auto bits = std::bit_cast<std::uint32_t>(samples[i]);
        if constexpr (std::endian::native == std::endian::big) {
            bits = ((bits & 0xFFu) << 24) | ((bits & 0xFF00u) << 8) | ((bits >> 8) & 0xFF00u) |
                   (bits >> 24);
        }
        gathered[filled++] = bits;
        if (filled == kGatherFloats) flush();
    }
    if (filled != 0) flush();
    out.character('"');
}

}  // namespace

std::string encode_audio_f32(const audio::AudioFrame& frame, unsigned decimate) {
    detail::check_decimate(decimate);
    const std::size_t length_a = detail::decimated_count(frame.channel_a.size(), decimate);
    const std::size_t length_b = detail::decimated_count(frame.channel_b.size(), decimate);
    detail::BoundedWriter out(kFixedChars + base64_length(length_a * sizeof(float)) +
                              base64_length(length_b * sizeof(float)) + 4 * kMaxUintChars +
                              kMaxDoubleChars);

    out.literal(R"({"channel_a":)");
    write_channel(out, frame.channel_a, decimate);
    out.literal(R"(,"channel_b":)");
    write_channel(out, frame.channel_b, decimate);
    out.literal(R"(,"channels_length":)");
    out.number(std::uint64_t{length_a});
    out.literal(R"(,"channels_raw_type":"f32","channels_element_size":4)");
    write_frame_metadata(out, frame);
    return out.take();
}

}  // namespace acoustream::encode
