#include "encode/audio_json.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

#include "encode/bounded_writer.hpp"
#include "encode/decimation.hpp"
#include "encode/float_format.hpp"

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
    out.literal(R"(,"sample_rate":)");
    out.number(std::uint64_t{frame.sample_rate});
    out.literal(R"(,"timestamp":)");
    out.number(frame.timestamp);
    out.literal(R"(,"frame_number":)");
    out.number(frame.frame_number);
    out.literal(R"(,"duration_ms":)");
    out.number(frame.duration_ms());
    out.character('}');
    return out.take();
}

}  // namespace acoustream::encode
