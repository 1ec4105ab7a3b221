#include "config/describe_config.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>

#include "config/text_format.hpp"

namespace acoustream::config {
namespace {

// Floats always show a decimal point or exponent so they read as numbers of
// that kind ("2000.0", not "2000").
std::string real_text(double value) {
    std::string text = format_number(value);
    if (text.find_first_of(".en") == std::string::npos) text += ".0";
    return text;
}

void key(YAML::Emitter& out, const char* name) { out << YAML::Key << name << YAML::Value; }

// Free text is always quoted so values such as "true", "8080" or "null" stay
// strings for any YAML reader.
void text(YAML::Emitter& out, const char* name, const std::string& value) {
    key(out, name);
    out << YAML::DoubleQuoted << value;
}

void optional_text(YAML::Emitter& out, const char* name, const std::optional<std::string>& value) {
    key(out, name);
    if (value) {
        out << YAML::DoubleQuoted << *value;
    } else {
        out << YAML::Null;
    }
}

void channels(YAML::Emitter& out, const std::array<int, 2>& values) {
    key(out, "channels");
    out << YAML::Flow << YAML::BeginSeq << values[0] << values[1] << YAML::EndSeq;
}

void server(YAML::Emitter& out, const ServerConfig& s) {
    key(out, "server");
    out << YAML::BeginMap;
    text(out, "address", s.address);
    key(out, "port");
    out << s.port;
    key(out, "cors_allowed_origins");
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& origin : s.cors_allowed_origins) out << YAML::DoubleQuoted << origin;
    out << YAML::EndSeq;
    key(out, "trusted_proxies");
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& proxy : s.trusted_proxies) out << YAML::DoubleQuoted << proxy;
    out << YAML::EndSeq;
    key(out, "max_connections");
    out << s.max_connections;
    key(out, "max_header_bytes");
    out << s.max_header_bytes;
    key(out, "header_timeout_secs");
    out << s.header_timeout_secs;
    key(out, "threads");
    out << s.threads;
    text(out, "web_root", s.web_root);
    if (s.web_root.empty()) out << YAML::Comment("built-in dashboard");
    text(out, "vendor_root", s.vendor_root);
    if (s.vendor_root.empty()) out << YAML::Comment("built-in front-end packages");
    out << YAML::EndMap;
}

void auth(YAML::Emitter& out, const AuthConfig& a) {
    key(out, "auth");
    out << YAML::BeginMap;
    // Only whether a secret is set is shown, never its value.
    optional_text(out, "hmac_secret",
                  a.hmac_secret ? std::optional<std::string>(kRedacted) : std::nullopt);
    optional_text(out, "rs256_public_key", a.rs256_public_key);
    optional_text(out, "issuer", a.issuer);
    optional_text(out, "audience", a.audience);
    text(out, "required_scope", a.required_scope);
    text(out, "write_scope", a.write_scope);
    key(out, "allow_query_token");
    out << a.allow_query_token;
    key(out, "leeway_secs");
    out << a.leeway_secs;
    out << YAML::EndMap;
}

void acquisition(YAML::Emitter& out, const AcquisitionConfig& q) {
    key(out, "acquisition");
    out << YAML::BeginMap;
    key(out, "source");
    out << q.source;
    key(out, "sample_rate");
    out << q.sample_rate;
    key(out, "target_fps");
    out << real_text(q.target_fps);
    key(out, "frame_size");
    if (q.frame_size) {
        out << *q.frame_size;
    } else {
        out << YAML::Null
            << YAML::Comment("effective: " + std::to_string(q.effective_frame_size()) + " samples");
    }

    key(out, "file");
    out << YAML::BeginMap;
    optional_text(out, "path", q.file.path);
    key(out, "loop");
    out << q.file.loop;
    key(out, "realtime");
    out << q.file.realtime;
    channels(out, q.file.channels);
    out << YAML::EndMap;

    key(out, "microphone");
    out << YAML::BeginMap;
    text(out, "device", q.microphone.device);
    channels(out, q.microphone.channels);
    out << YAML::EndMap;

    const auto& sim = q.simulated;
    key(out, "simulated");
    out << YAML::BeginMap;
    key(out, "frequency");
    out << real_text(sim.frequency);
    key(out, "amplitude");
    out << real_text(sim.amplitude);
    key(out, "noise_amplitude");
    out << real_text(sim.noise_amplitude);
    key(out, "phase_difference_deg");
    out << real_text(sim.phase_difference_deg);
    key(out, "seed");
    out << sim.seed;
    key(out, "modulation_depth");
    out << real_text(sim.modulation_depth);
    key(out, "modulation_frequency");
    out << real_text(sim.modulation_frequency);
    out << YAML::EndMap;
    out << YAML::EndMap;
}

void streaming(YAML::Emitter& out, const StreamingConfig& s) {
    key(out, "streaming");
    out << YAML::BeginMap;
    key(out, "broadcast_buffer_size");
    out << s.broadcast_buffer_size;
    key(out, "sse_timeout_secs");
    out << s.sse_timeout_secs;
    key(out, "enable_heartbeats");
    out << s.enable_heartbeats;
    key(out, "slow_client_policy");
    out << s.slow_client_policy;
    key(out, "max_degrade_decimate");
    out << s.max_degrade_decimate;
    key(out, "write_timeout_secs");
    out << s.write_timeout_secs;
    key(out, "sse_retry_ms");
    out << s.sse_retry_ms;
    key(out, "client_max_queue_bytes");
    out << s.client_max_queue_bytes;
    key(out, "socket_send_buffer_bytes");
    out << s.socket_send_buffer_bytes;
    key(out, "spectral_window_size");
    out << s.spectral_window_size;
    key(out, "spectral_window");
    out << s.spectral_window;
    key(out, "spectral_averages");
    out << s.spectral_averages;
    out << YAML::EndMap;
}

void recording(YAML::Emitter& out, const RecordingConfig& r) {
    key(out, "recording");
    out << YAML::BeginMap;
    text(out, "directory", r.directory);
    key(out, "format");
    out << r.format;
    key(out, "rotate_secs");
    out << r.rotate_secs;
    key(out, "rotate_bytes");
    out << r.rotate_bytes;
    key(out, "max_total_bytes");
    out << r.max_total_bytes;
    key(out, "autostart");
    out << r.autostart;
    key(out, "queue_secs");
    out << real_text(r.queue_secs);
    out << YAML::EndMap;
}

void logging(YAML::Emitter& out, const LoggingConfig& l) {
    key(out, "logging");
    out << YAML::BeginMap;
    key(out, "level");
    out << l.level;
    key(out, "format");
    out << l.format;
    key(out, "access");
    out << l.access;
    out << YAML::EndMap;
}

}  // namespace

std::string describe_config(const Config& config) {
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetNullFormat(YAML::LowerNull);
    out.SetBoolFormat(YAML::TrueFalseBool);
    out << YAML::BeginMap;
    server(out, config.server);
    auth(out, config.auth);
    acquisition(out, config.acquisition);
    streaming(out, config.streaming);
    recording(out, config.recording);
    logging(out, config.logging);
    out << YAML::EndMap;
    std::string text = out.c_str();
    text += '\n';
    return text;
}

}  // namespace acoustream::config
