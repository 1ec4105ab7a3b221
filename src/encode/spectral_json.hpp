#pragma once
// SpectralDataResponse (docs/api.md) as compact JSON:
//   {"frequencies":[...],"magnitude_a":[...],"magnitude_b":[...],
//    "phase_a":null|[...],"phase_b":null|[...],"frame_number":...,
//    "timestamp":...,"sample_rate":...}
// Frequencies are doubles k * sample_rate / window_size in shortest
// round-trip form (exact for the power-of-two windows the analyser uses,
// e.g. 11.71875 for 48 kHz / 4096); magnitudes and phases are shortest-form
// floats (non-finite → null).

#include <cstddef>
#include <string>

#include "encode/spectral_query.hpp"
#include "spectral/spectral_frame.hpp"

namespace acoustream::encode {

// Bins k sent for a query: fmin <= k * bin_hz <= fmax (an absent bound is
// open). `first` >= `last` means none.
struct BinRange {
    std::size_t first = 0;
    std::size_t last = 0;  // one past the end
};
[[nodiscard]] BinRange select_bins(const spectral::SpectralFrame& frame,
                                   const SpectralQuery& query);

// Bins present in every magnitude array are sent; phases are sent as arrays
// only when asked for and present for those bins, otherwise null.
[[nodiscard]] std::string encode_spectral_json(const spectral::SpectralFrame& frame,
                                               const SpectralQuery& query);

}  // namespace acoustream::encode
