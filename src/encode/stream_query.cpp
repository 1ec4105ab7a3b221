#include "encode/stream_query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

#include "encode/float_format.hpp"
#include "text/ascii.hpp"
#include "text/quote.hpp"

namespace acoustream::encode {
namespace {

constexpr std::array<std::string_view, 9> kKnownKeys{
    "decimate", "encoding", "format", "max_fps", "phase", "fmin", "fmax", "last_event_id", "types"};
constexpr std::array<std::string_view, 3> kEventTypes{"audio", "spectral", "stats"};

// The value as it may appear in an error text: bounded, printable ASCII only,
// so an error body never carries control bytes or a huge echo.
std::string quoted(std::string_view value) {
    constexpr std::size_t kMaxEcho = 40;
    return text::quote(value, kMaxEcho, text::Unprintable::replace);
}

QueryError error(std::string_view key, std::string_view expected, std::string_view value) {
    return QueryError{std::string(key),
                      std::string(key) + " must be " + std::string(expected) + ", got " +
                          (value.empty() ? std::string("an empty value") : quoted(value))};
}

std::optional<double> parse_non_negative(std::string_view text) {
    // from_chars accepts a leading '-', "inf" and "nan": all refused below.
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(value) || value < 0.0) return std::nullopt;
    return value + 0.0;  // "-0" reads as -0.0; +0.0 turns it into plain 0
}

std::optional<QueryError> apply(StreamQuery& query, std::string_view key, std::string_view value) {
    if (key == "decimate") {
        const auto k = text::parse_u64(value);
        if (!k || *k < 1 || *k > kMaxDecimate) {
            return error(key, "an integer from 1 to " + std::to_string(kMaxDecimate), value);
        }
        query.decimate = static_cast<unsigned>(*k);
    } else if (key == "encoding") {
        if (value == "json") {
            query.encoding = StreamQuery::Encoding::json;
        } else if (value == "f32") {
            query.encoding = StreamQuery::Encoding::f32;
        } else if (value == "i16") {
            query.encoding = StreamQuery::Encoding::i16;
        } else {
            return error(key, "json, f32 or i16", value);
        }
    } else if (key == "format") {
        if (value == "linear") {
            query.spectral.format = SpectralQuery::Format::linear;
        } else if (value == "db") {
            query.spectral.format = SpectralQuery::Format::db;
        } else {
            return error(key, "linear or db", value);
        }
    } else if (key == "max_fps") {
        const auto fps = parse_non_negative(value);
        if (!fps || *fps <= 0.0)
            return error(key, "a finite number of events per second > 0", value);
        query.max_fps = *fps;
    } else if (key == "phase") {
        if (value == "1" || text::iequals(value, "true")) {
            query.spectral.phase = true;
        } else if (value == "0" || text::iequals(value, "false")) {
            query.spectral.phase = false;
        } else {
            return error(key, "true, false, 1 or 0", value);
        }
    } else if (key == "fmin" || key == "fmax") {
        const auto hz = parse_non_negative(value);
        if (!hz) return error(key, "a finite number of Hz >= 0", value);
        (key == "fmin" ? query.spectral.fmin : query.spectral.fmax) = *hz;
    } else if (key == "last_event_id") {
        const auto id = text::parse_u64(value);
        if (!id) return error(key, "an unsigned 64-bit integer", value);
        query.last_event_id = *id;
    } else if (key == "types") {
        std::set<std::string> types;
        std::string_view rest = value;
        while (true) {
            const std::size_t comma = rest.find(',');
            const std::string_view item = text::trim(rest.substr(0, comma));
            if (std::find(kEventTypes.begin(), kEventTypes.end(), item) == kEventTypes.end()) {
                return error(key, "a comma-separated list of audio, spectral, stats", value);
            }
            types.emplace(item);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        query.types = std::move(types);
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(StreamQuery::Encoding encoding) noexcept {
    switch (encoding) {
        case StreamQuery::Encoding::f32:
            return "f32";
        case StreamQuery::Encoding::i16:
            return "i16";
        case StreamQuery::Encoding::json:
            break;
    }
    return "json";
}

std::string_view to_string(SpectralQuery::Format format) noexcept {
    return format == SpectralQuery::Format::db ? "db" : "linear";
}

std::variant<StreamQuery, QueryError> parse_stream_query(
    const std::vector<std::pair<std::string, std::string>>& params) {
    StreamQuery query;
    std::vector<std::string_view> seen;
    for (const auto& [key, value] : params) {
        if (std::find(kKnownKeys.begin(), kKnownKeys.end(), key) == kKnownKeys.end()) continue;
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
            return QueryError{key, key + " is given more than once"};
        }
        seen.emplace_back(key);
        query.given.insert(key);
        if (auto failure = apply(query, key, value)) return std::move(*failure);
    }
    if (query.spectral.fmin && query.spectral.fmax && *query.spectral.fmin > *query.spectral.fmax) {
        std::string message = "fmin must not exceed fmax, got fmin=";
        append_double(message, *query.spectral.fmin);
        message += " and fmax=";
        append_double(message, *query.spectral.fmax);
        return QueryError{"fmin", std::move(message)};
    }
    return query;
}

}  // namespace acoustream::encode
