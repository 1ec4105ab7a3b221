#pragma once
// The compact SpectralDataResponse of docs/api.md (`?format=db`):
//   {"bin_hz":B,"first_bin":F,"magnitude_db_a":[...],"magnitude_db_b":[...],
//    "phase_a":null|[...],"phase_b":null|[...],"frame_number":...,
//    "timestamp":...,"sample_rate":...}
// Bin i of the arrays sits at (first_bin + i) * bin_hz Hz, so no frequency
// array is repeated per event. Magnitudes are dBFS, 20·log10(amplitude),
// rounded to 0.1 dB and floored at kDbFloor (a zero amplitude reads kDbFloor);
// phases are radians rounded to 1 mrad. Numbers drop a trailing ".0"/zeros
// ("-87", "-87.4", "1.57"); a non-finite value is null.

#include <optional>
#include <string>

#include "encode/spectral_query.hpp"
#include "spectral/spectral_frame.hpp"

namespace acoustream::encode {

inline constexpr double kDbFloor = -200.0;

// dBFS of an amplitude in tenths of a dB, floored at kDbFloor; nullopt for NaN/inf.
[[nodiscard]] std::optional<long> decibel_tenths(float amplitude) noexcept;

[[nodiscard]] std::string encode_spectral_db(const spectral::SpectralFrame& frame,
                                             const SpectralQuery& query);

}  // namespace acoustream::encode
