#pragma once
// What a spectral stream asks for (fmin, fmax, phase: docs/api.md, "Query
// parameters"): parsed by parse_stream_query, applied by
// encode_spectral_json and encode_spectral_db.

#include <optional>

namespace acoustream::encode {

struct SpectralQuery {
    std::optional<double> fmin;  // Hz, inclusive
    std::optional<double> fmax;  // Hz, inclusive
    bool phase = false;          // phase_a/phase_b as arrays instead of null
    // linear: the default SpectralDataResponse; db: the compact one (bin_hz,
    // first_bin, dBFS to 0.1 dB; docs/api.md).
    enum class Format { linear, db };
    Format format = Format::linear;

    friend bool operator==(const SpectralQuery&, const SpectralQuery&) = default;
};

}  // namespace acoustream::encode
