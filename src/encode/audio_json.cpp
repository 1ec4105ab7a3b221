#include "encode/audio_json.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

#include "encode/bounded_writer.hpp"
#include "encode/decimation.hpp"
#include "encode/float_format.hpp"
#include "encode/frame_metadata.hpp"

namespace acoustream::encode {
namespace {

// Fixed text of the object: keys, quotes, braces, brackets and separators.
constexpr std::size_t kFixedChars = 128;

void write_channel(detail::BoundedWriter& out, const std::vector<float>& samples,
                   unsigned decimate) {
    out.character('[');
    const std::size_t n = samples.size();
    if (n != 0) {
        out.number(samples[0]);
        for (std::size_t i = decimate; i < n; i += decimate) {
            out.character(',');
            out.number(samples[i]);
        }
    }
    out.character(']');
}

}  // namespace

std::string encode_audio_json(const audio::AudioFrame& frame, unsigned decimate) {
    detail::check_decimate(decimate);
    const std::size_t floats = detail::decimated_count(frame.channel_a.size(), decimate) +
                               detail::decimated_count(frame.channel_b.size(), decimate);
    // One separator per float plus its longest form; three integers and a double.
    detail::BoundedWriter out(kFixedChars + floats * (kMaxFloatChars + 1) + 3 * kMaxUintChars +
                              kMaxDoubleChars);

    out.literal(R"({"channel_a":)");
    write_channel(out, frame.channel_a, decimate);
    out.literal(R"(,"channel_b":)");
    write_channel(out, frame.channel_b, decimate);
    write_frame_metadata(out, frame);
    return out.take();
}

}  // namespace acoustream::encode
