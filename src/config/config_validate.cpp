#include "config/config_validate.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cmath>
#include <initializer_list>
#include <span>
#include <string_view>

#include "config/config_error.hpp"
#include "config/config_limits.hpp"
#include "config/text_format.hpp"
#include "text/ip_network.hpp"

namespace acoustream::config {
namespace {

std::string format_real(double value) { return format_number(value); }

class Checker {
public:
    Checker(const std::string& origin, const KeyPositions& positions)
        : origin_(origin), positions_(positions) {}

    [[noreturn]] void fail(std::string_view key, const std::string& detail) const {
        const auto found = positions_.find(key);
        const KeyPosition where = found == positions_.end() ? KeyPosition{} : found->second;
        throw ConfigError(origin_, where.line, where.column, std::string(key), detail);
    }

    // The key to blame for a cross-check: the first of `keys` the file set,
    // else the first one (a default that conflicts with another setting).
    [[nodiscard]] std::string_view blame(std::initializer_list<std::string_view> keys) const {
        for (const std::string_view key : keys) {
            if (was_set(key)) return key;
        }
        return *keys.begin();
    }

    [[nodiscard]] bool was_set(std::string_view key) const { return positions_.contains(key); }

    template <class T>
    void range(std::string_view key, T value, IntRange<T> allowed) const {
        if (!allowed.contains(value)) {
            fail(key, "must be between " + std::to_string(allowed.min) + " and " +
                          std::to_string(allowed.max) + ", got " + std::to_string(value));
        }
    }

    void at_least(std::string_view key, double value, double min) const {
        if (!std::isfinite(value) || value < min) {
            fail(key,
                 "must be a finite number >= " + format_real(min) + ", got " + format_real(value));
        }
    }

    void between(std::string_view key, double value, double min, double max) const {
        if (!std::isfinite(value) || value < min || value > max) {
            fail(key, "must be between " + format_real(min) + " and " + format_real(max) +
                          ", got " + format_real(value));
        }
    }

    template <std::size_t N>
    void one_of(std::string_view key, const std::string& value,
                const std::array<std::string_view, N>& names) const {
        for (const std::string_view name : names) {
            if (value == name) return;
        }
        std::string list;
        for (const std::string_view name : names) {
            list += list.empty() ? "" : ", ";
            list += name;
        }
        fail(key, "must be one of " + list + "; got " + quote_text(value));
    }

    void non_empty(std::string_view key, const std::string& value) const {
        if (value.empty()) fail(key, "must not be empty");
    }

    void single_word(std::string_view key, const std::string& value) const {
        non_empty(key, value);
        if (value.find_first_of(" \t\r\n") != std::string::npos) {
            fail(key, "must not contain whitespace, got " + quote_text(value));
        }
    }

    // The server binds a literal address (no name lookup), so only IPv4/IPv6
    // literals are accepted; a host name is a configuration error, not a
    // failure at bind time.
    void ip_address(std::string_view key, const std::string& value) const {
        single_word(key, value);
        unsigned char buf[sizeof(in6_addr)];
        if (inet_pton(AF_INET, value.c_str(), buf) != 1 &&
            inet_pton(AF_INET6, value.c_str(), buf) != 1) {
            fail(key, "must be an IPv4 or IPv6 address, got " + quote_text(value));
        }
    }

    void channels(std::string_view key, const std::array<int, 2>& values) const {
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::string element = std::string(key) + '[' + std::to_string(i) + ']';
            range(element, values[i], limits::kChannel);
        }
    }

private:
    const std::string& origin_;
    const KeyPositions& positions_;
};

void check_server(const Checker& c, const ServerConfig& s) {
    c.ip_address("server.address", s.address);
    c.range("server.port", s.port, limits::kPort);
    for (std::size_t i = 0; i < s.cors_allowed_origins.size(); ++i) {
        c.single_word("server.cors_allowed_origins[" + std::to_string(i) + ']',
                      s.cors_allowed_origins[i]);
    }
    for (std::size_t i = 0; i < s.trusted_proxies.size(); ++i) {
        const std::string key = "server.trusted_proxies[" + std::to_string(i) + ']';
        if (!text::parse_ip_network(s.trusted_proxies[i]))
            c.fail(key,
                   "must be an IP address or network (10.0.0.7, 10.0.0.0/8, ::1, fd00::/8), got " +
                       quote_text(s.trusted_proxies[i]));
    }
    c.range("server.max_connections", s.max_connections, limits::kMaxConnections);
    c.range("server.max_header_bytes", s.max_header_bytes, limits::kMaxHeaderBytes);
    c.range("server.header_timeout_secs", s.header_timeout_secs, limits::kHeaderTimeoutSecs);
    c.range("server.threads", s.threads, limits::kThreads);
}

void check_auth(const Checker& c, const AuthConfig& a) {
    // An empty secret or claim would silently weaken or break verification.
    if (a.hmac_secret) c.non_empty("auth.hmac_secret", *a.hmac_secret);
    if (a.rs256_public_key) c.non_empty("auth.rs256_public_key", *a.rs256_public_key);
    if (a.issuer) c.non_empty("auth.issuer", *a.issuer);
    if (a.audience) c.non_empty("auth.audience", *a.audience);
    // Scopes are a space-separated list, so a required scope is a single word.
    c.single_word("auth.required_scope", a.required_scope);
    c.single_word("auth.write_scope", a.write_scope);
    c.range("auth.leeway_secs", a.leeway_secs, limits::kLeewaySecs);
}

void check_acquisition(const Checker& c, const AcquisitionConfig& q) {
    c.one_of("acquisition.source", q.source, limits::kSources);
    c.range("acquisition.sample_rate", q.sample_rate, limits::kSampleRate);
    if (!std::isfinite(q.target_fps) || q.target_fps <= 0.0 ||
        q.target_fps > limits::kMaxTargetFps) {
        c.fail("acquisition.target_fps", "must be greater than 0 and at most " +
                                             format_real(limits::kMaxTargetFps) + ", got " +
                                             format_real(q.target_fps));
    }
    if (q.frame_size) c.range("acquisition.frame_size", *q.frame_size, limits::kFrameSize);

    if (q.file.path) c.non_empty("acquisition.file.path", *q.file.path);
    c.channels("acquisition.file.channels", q.file.channels);
    c.non_empty("acquisition.microphone.device", q.microphone.device);
    c.channels("acquisition.microphone.channels", q.microphone.channels);

    const auto& sim = q.simulated;
    c.at_least("acquisition.simulated.frequency", sim.frequency, 0.0);
    c.at_least("acquisition.simulated.amplitude", sim.amplitude, 0.0);
    c.at_least("acquisition.simulated.noise_amplitude", sim.noise_amplitude, 0.0);
    c.between("acquisition.simulated.phase_difference_deg", sim.phase_difference_deg,
              -limits::kMaxPhaseDifferenceDeg, limits::kMaxPhaseDifferenceDeg);
    c.between("acquisition.simulated.modulation_depth", sim.modulation_depth, 0.0, 1.0);
    c.at_least("acquisition.simulated.modulation_frequency", sim.modulation_frequency, 0.0);
}

void check_streaming(const Checker& c, const StreamingConfig& s) {
    c.range("streaming.broadcast_buffer_size", s.broadcast_buffer_size,
            limits::kBroadcastBufferSize);
    c.range("streaming.sse_timeout_secs", s.sse_timeout_secs, limits::kSseTimeoutSecs);
    c.one_of("streaming.slow_client_policy", s.slow_client_policy, limits::kSlowClientPolicies);
    c.range("streaming.max_degrade_decimate", s.max_degrade_decimate, limits::kMaxDegradeDecimate);
    c.range("streaming.write_timeout_secs", s.write_timeout_secs, limits::kWriteTimeoutSecs);
    c.range("streaming.sse_retry_ms", s.sse_retry_ms, limits::kSseRetryMs);
    c.range("streaming.client_max_queue_bytes", s.client_max_queue_bytes,
            limits::kClientMaxQueueBytes);
    c.range("streaming.socket_send_buffer_bytes", s.socket_send_buffer_bytes,
            limits::kSocketSendBufferBytes);
    if (s.socket_send_buffer_bytes != 0 &&
        s.socket_send_buffer_bytes < limits::kMinSocketSendBufferBytes) {
        c.fail("streaming.socket_send_buffer_bytes",
               "must be 0 (kernel default) or at least " +
                   std::to_string(limits::kMinSocketSendBufferBytes) + ", got " +
                   std::to_string(s.socket_send_buffer_bytes));
    }
    c.range("streaming.spectral_window_size", s.spectral_window_size, limits::kSpectralWindowSize);
    if ((s.spectral_window_size & (s.spectral_window_size - 1)) != 0) {
        c.fail("streaming.spectral_window_size",
               "must be a power of two, got " + std::to_string(s.spectral_window_size));
    }
    c.one_of("streaming.spectral_window", s.spectral_window, limits::kSpectralWindows);
    c.range("streaming.spectral_averages", s.spectral_averages, limits::kSpectralAverages);
}

void check_recording(const Checker& c, const RecordingConfig& r, std::uint32_t sample_rate) {
    c.non_empty("recording.directory", r.directory);
    c.one_of("recording.format", r.format, limits::kRecordingFormats);
    c.range("recording.rotate_secs", r.rotate_secs, limits::kRotateSecs);
    c.range("recording.rotate_bytes", r.rotate_bytes, limits::kRotateBytes);
    if (r.rotate_bytes != 0 && r.rotate_bytes < limits::kMinRotateBytes)
        c.fail("recording.rotate_bytes", "must be 0 (no size limit) or at least " +
                                             std::to_string(limits::kMinRotateBytes) + ", got " +
                                             std::to_string(r.rotate_bytes));
    c.range("recording.max_total_bytes", r.max_total_bytes, limits::kMaxTotalBytes);
    if (!std::isfinite(r.queue_secs) || r.queue_secs <= 0.0 ||
        r.queue_secs > limits::kMaxQueueSecs) {
        c.fail("recording.queue_secs", "must be greater than 0 and at most " +
                                           format_real(limits::kMaxQueueSecs) + ", got " +
                                           format_real(r.queue_secs));
        return;
    }
    const double queue_bytes = r.queue_secs * sample_rate * 2 * sizeof(float);
    if (queue_bytes > static_cast<double>(limits::kMaxRecordingQueueBytes))
        c.fail(c.blame({"recording.queue_secs", "acquisition.sample_rate"}),
               format_real(r.queue_secs) + " s of audio at " + std::to_string(sample_rate) +
                   " Hz is " + std::to_string(static_cast<std::uint64_t>(queue_bytes) >> 20) +
                   " MiB of memory; at most " +
                   std::to_string(limits::kMaxRecordingQueueBytes >> 20) + " MiB");
}

void check_logging(const Checker& c, const LoggingConfig& l) {
    c.one_of("logging.level", l.level, limits::kLogLevels);
    c.one_of("logging.format", l.format, limits::kLogFormats);
}

void check_consistency(const Checker& c, const Config& config) {
    const auto& q = config.acquisition;
    if (q.source == "file" && !q.file.path) {
        c.fail(c.blame({"acquisition.source", "acquisition.file"}),
               "source \"file\" needs acquisition.file.path");
    }

    // The simulator's settings only matter when it runs, unless the file set
    // them explicitly (then a wrong value is a mistake worth reporting).
    const double nyquist = q.sample_rate / 2.0;
    const auto below_nyquist = [&](std::string_view key, double value) {
        const bool relevant = q.source == "simulated" || c.was_set(key);
        if (relevant && value > nyquist) {
            c.fail(c.blame({key, "acquisition.sample_rate"}),
                   std::string(key) + " (" + format_real(value) +
                       " Hz) must be at most sample_rate / 2 (" + format_real(nyquist) +
                       " Hz) for acquisition.sample_rate " + std::to_string(q.sample_rate));
        }
    };
    below_nyquist("acquisition.simulated.frequency", q.simulated.frequency);
    below_nyquist("acquisition.simulated.modulation_frequency", q.simulated.modulation_frequency);

    if (!q.frame_size) {
        const double derived = std::round(q.sample_rate / q.target_fps);
        if (derived > limits::kFrameSize.max) {
            c.fail(c.blame({"acquisition.target_fps", "acquisition.sample_rate"}),
                   "sample_rate / target_fps gives frames of " + format_real(derived) +
                       " samples, more than the maximum " + std::to_string(limits::kFrameSize.max) +
                       "; raise target_fps or set acquisition.frame_size");
        }
    }

    const std::uint64_t frame_bytes = std::uint64_t{q.effective_frame_size()} * 2 * sizeof(float);
    const std::uint64_t ring_bytes = frame_bytes * config.streaming.broadcast_buffer_size;
    if (ring_bytes > limits::kMaxRingBytes) {
        c.fail(c.blame({"streaming.broadcast_buffer_size", "acquisition.frame_size",
                        "acquisition.target_fps"}),
               "a ring of " + std::to_string(config.streaming.broadcast_buffer_size) +
                   " frames of " + std::to_string(q.effective_frame_size()) + " samples needs " +
                   std::to_string(ring_bytes >> 20) + " MiB, more than the limit of " +
                   std::to_string(limits::kMaxRingBytes >> 20) +
                   " MiB; lower broadcast_buffer_size or the frame size");
    }
}

}  // namespace

void validate_config(const Config& config, const std::string& origin_name,
                     const KeyPositions& positions) {
    const Checker checker(origin_name, positions);
    check_server(checker, config.server);
    check_auth(checker, config.auth);
    check_acquisition(checker, config.acquisition);
    check_streaming(checker, config.streaming);
    check_recording(checker, config.recording, config.acquisition.sample_rate);
    check_logging(checker, config.logging);
    check_consistency(checker, config);
}

std::vector<std::string> config_warnings(const Config& config, const std::string& origin_name,
                                         const KeyPositions& positions) {
    std::vector<std::string> warnings;
    const auto& q = config.acquisition;
    const auto fps_at = positions.find("acquisition.target_fps");
    if (q.frame_size && fps_at != positions.end()) {
        const double derived = std::round(q.sample_rate / q.target_fps);
        if (derived != static_cast<double>(*q.frame_size)) {
            const double fps = static_cast<double>(q.sample_rate) / *q.frame_size;
            warnings.push_back(origin_name + ":" + std::to_string(fps_at->second.line) +
                               ": acquisition.target_fps (" + format_real(q.target_fps) +
                               ") is ignored: acquisition.frame_size (" +
                               std::to_string(*q.frame_size) +
                               ") is also set and wins, so frames come at " + format_real(fps) +
                               " fps (sample_rate / frame_size); remove one of the two");
        }
    }
    return warnings;
}

}  // namespace acoustream::config
