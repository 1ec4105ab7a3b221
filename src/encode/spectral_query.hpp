#pragma once
// What a spectral stream asks for (fmin, fmax, phase: docs/api.md, "Query
// parameters"): parsed by parse_stream_query, applied by
// encode_spectral_json.

#include <optional>

namespace acoustream::encode {

struct SpectralQuery {
    std::optional<double> fmin;  // Hz, inclusive
    std::optional<double> fmax;  // Hz, inclusive
    bool phase = false;          // phase_a/phase_b as arrays instead of null

    friend bool operator==(const SpectralQuery&, const SpectralQuery&) = default;
};

}  // namespace acoustream::encode
