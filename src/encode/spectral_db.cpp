#include "encode/spectral_db.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "encode/bounded_writer.hpp"
#include "encode/float_format.hpp"
#include "encode/spectral_json.hpp"

namespace acoustream::encode {
namespace {

constexpr std::size_t kFixedChars = 224;
// "-3142" mrad or "-2000" tenths plus sign, point and comma.
constexpr std::size_t kMaxFixedChars = 24;

// `scaled` / 10^decimals as decimal text without trailing zeros: (-874, 1) → "-87.4",
// (-870, 1) → "-87", (1571, 3) → "1.571", (-5, 3) → "-0.005".
void write_fixed(detail::BoundedWriter& out, long scaled, int decimals) {
    long divisor = 1;
    for (int i = 0; i < decimals; ++i) divisor *= 10;
    if (scaled < 0) out.character('-');
    const auto magnitude = static_cast<std::uint64_t>(scaled < 0 ? -scaled : scaled);
    out.number(magnitude / static_cast<std::uint64_t>(divisor));
    auto fraction = magnitude % static_cast<std::uint64_t>(divisor);
    if (fraction == 0) return;
    out.character('.');
    for (auto d = static_cast<std::uint64_t>(divisor) / 10; d != 0 && fraction != 0; d /= 10) {
        out.character(static_cast<char>('0' + fraction / d));
        fraction %= d;
    }
}

void write_db(detail::BoundedWriter& out, const std::vector<float>& amplitudes, BinRange bins) {
    out.character('[');
    for (std::size_t k = bins.first; k < bins.last; ++k) {
        if (k != bins.first) out.character(',');
        if (const auto tenths = decibel_tenths(amplitudes[k])) {
            write_fixed(out, *tenths, 1);
        } else {
            out.literal("null");
        }
    }
    out.character(']');
}

void write_phase(detail::BoundedWriter& out, const std::vector<float>& phases, BinRange bins) {
    out.character('[');
    for (std::size_t k = bins.first; k < bins.last; ++k) {
        if (k != bins.first) out.character(',');
        if (std::isfinite(phases[k])) {
            write_fixed(out, std::lround(static_cast<double>(phases[k]) * 1000.0), 3);
        } else {
            out.literal("null");
        }
    }
    out.character(']');
}

}  // namespace

std::optional<long> decibel_tenths(float amplitude) noexcept {
    if (!std::isfinite(amplitude)) return std::nullopt;
    const double magnitude = std::fabs(static_cast<double>(amplitude));
    const double db = magnitude > 0 ? 20.0 * std::log10(magnitude) : kDbFloor;
    return std::lround((db < kDbFloor ? kDbFloor : db) * 10.0);
}

std::string encode_spectral_db(const spectral::SpectralFrame& frame, const SpectralQuery& query) {
    const BinRange bins = select_bins(frame, query);
    const std::size_t count = bins.last - bins.first;
    const bool with_phase =
        query.phase && frame.phase_a.size() >= bins.last && frame.phase_b.size() >= bins.last;
    const std::size_t per_bin = (with_phase ? 4 : 2) * kMaxFixedChars;
    detail::BoundedWriter out(kFixedChars + count * per_bin + 5 * kMaxUintChars + kMaxDoubleChars);

    out.literal(R"({"bin_hz":)");
    out.number(frame.bin_hz());
    out.literal(R"(,"first_bin":)");
    out.number(std::uint64_t{bins.first});
    out.literal(R"(,"magnitude_db_a":)");
    write_db(out, frame.magnitude_a, bins);
    out.literal(R"(,"magnitude_db_b":)");
    write_db(out, frame.magnitude_b, bins);
    if (with_phase) {
        out.literal(R"(,"phase_a":)");
        write_phase(out, frame.phase_a, bins);
        out.literal(R"(,"phase_b":)");
        write_phase(out, frame.phase_b, bins);
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
