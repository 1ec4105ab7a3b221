#include "encode/spectral_json.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "encode/bounded_writer.hpp"
#include "encode/float_format.hpp"

namespace acoustream::encode {
namespace {

constexpr std::size_t kFixedChars = 192;

double bin_frequency(const spectral::SpectralFrame& frame, std::size_t k) {
    // Same expression for selection and output, so the bounds test exactly the
    // values the client sees.
    return frame.window_size == 0 ? 0.0
                                  : static_cast<double>(k) * frame.sample_rate / frame.window_size;
}

void write_floats(detail::BoundedWriter& out, const std::vector<float>& values, BinRange bins) {
    out.character('[');
    for (std::size_t k = bins.first; k < bins.last; ++k) {
        if (k != bins.first) out.character(',');
        out.number(values[k]);
    }
    out.character(']');
}

}  // namespace

BinRange select_bins(const spectral::SpectralFrame& frame, const SpectralQuery& query) {
    const std::size_t bins = std::min(frame.magnitude_a.size(), frame.magnitude_b.size());
    // Frequencies grow with k, so the selection is one contiguous range.
    std::size_t first = 0;
    while (first < bins && query.fmin && bin_frequency(frame, first) < *query.fmin) ++first;
    std::size_t last = first;
    while (last < bins && !(query.fmax && bin_frequency(frame, last) > *query.fmax)) ++last;
    return {first, last};
}

std::string encode_spectral_json(const spectral::SpectralFrame& frame, const SpectralQuery& query) {
    const BinRange bins = select_bins(frame, query);
    const std::size_t count = bins.last - bins.first;
    const bool with_phase =
        query.phase && frame.phase_a.size() >= bins.last && frame.phase_b.size() >= bins.last;

    const std::size_t per_bin = (kMaxDoubleChars + 1) + 2 * (kMaxFloatChars + 1) +
                                (with_phase ? 2 : 0) * (kMaxFloatChars + 1);
    detail::BoundedWriter out(kFixedChars + count * per_bin + 3 * kMaxUintChars);

    out.literal(R"({"frequencies":[)");
    for (std::size_t k = bins.first; k < bins.last; ++k) {
        if (k != bins.first) out.character(',');
        out.number(bin_frequency(frame, k));
    }
    out.literal(R"(],"magnitude_a":)");
    write_floats(out, frame.magnitude_a, bins);
    out.literal(R"(,"magnitude_b":)");
    write_floats(out, frame.magnitude_b, bins);
    if (with_phase) {
        out.literal(R"(,"phase_a":)");
        write_floats(out, frame.phase_a, bins);
        out.literal(R"(,"phase_b":)");
        write_floats(out, frame.phase_b, bins);
    } else {
        out.literal(R"(,"phase_a":null,"phase_b":null)");
    }
    out.literal(R"(,"frame_number":)");
    out.number(frame.frame_number);
    out.literal(R"(,"timestamp":)");
    out.number(frame.timestamp);
    out.literal(R"(,"sample_rate":)");
    out.number(std::uint64_t{frame.sample_rate});
    out.character('}');
    return out.take();
}

}  // namespace acoustream::encode
