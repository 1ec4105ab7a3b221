#include "http/metrics.hpp"

#include <cstdio>

namespace acoustream::http {

namespace {

void metric(std::string& out, const char* name, const char* type, const char* help, double value) {
    char line[64];
    std::snprintf(line, sizeof line, "%.17g", value);
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
    out += name;
    out += ' ';
    out += line;
    out += '\n';
}

double load(const std::atomic<std::uint64_t>& a) {
    return static_cast<double>(a.load(std::memory_order_relaxed));
}

}  // namespace

std::string render_prometheus(const Metrics& m, const MetricsSnapshot& s) {
    std::string out;
    out.reserve(4096);
    metric(out, "acoustream_frames_total", "counter", "Audio frames published by acquisition.",
           static_cast<double>(s.stream.total_frames));
    metric(out, "acoustream_fps", "gauge", "Measured frame rate over the last >= 1 s.",
           s.stream.fps);
    metric(out, "acoustream_subscribers", "gauge", "Connected SSE stream clients.",
           load(m.sse_clients));
    metric(out, "acoustream_subscribers_total", "counter", "SSE stream clients ever connected.",
           load(m.sse_clients_total));
    metric(out, "acoustream_dropped_frames_total", "counter",
           "Frames skipped by lagging consumers and by resumes older than the ring.",
           static_cast<double>(s.stream.dropped_frames));
    metric(out, "acoustream_lag_notices_total", "counter", "Lagged messages sent to SSE clients.",
           load(m.lag_notices));
    metric(out, "acoustream_bytes_sent_total", "counter", "Bytes written to SSE stream clients.",
           load(m.bytes_sent));
    metric(out, "acoustream_events_sent_total", "counter", "SSE events written.",
           load(m.events_sent));
    metric(out, "acoustream_auth_failures_total", "counter", "Requests refused by authentication.",
           load(m.auth_failures));
    metric(out, "acoustream_http_requests_total", "counter", "HTTP requests handled.",
           load(m.http_requests));
    metric(out, "acoustream_connections_open", "gauge", "Open TCP connections.",
           load(m.connections_open));
    metric(out, "acoustream_connections_rejected_total", "counter",
           "Connections refused with 503 because max_connections was reached.",
           load(m.connections_rejected));
    metric(out, "acoustream_slow_client_disconnects_total", "counter",
           "SSE clients closed by the disconnect slow-client policy.",
           load(m.slow_client_disconnects));
    metric(out, "acoustream_write_timeouts_total", "counter",
           "SSE clients closed because a write made no progress in time.", load(m.write_timeouts));
    metric(out, "acoustream_frame_encodes_total", "counter",
           "Frame encodings performed (once per frame and variant, not per client).",
           load(m.encodes));
    metric(out, "acoustream_spectra_computed_total", "counter", "Spectra computed (one per frame).",
           static_cast<double>(s.spectra_computed));
    metric(out, "acoustream_acquisition_read_errors_total", "counter",
           "Source read errors (each retried with backoff).",
           static_cast<double>(s.acquisition.read_errors));
    metric(out, "acoustream_acquisition_up", "gauge",
           "1 while acquisition delivers frames, 0 while it is retrying or stopped.",
           s.acquisition.state == acquisition::DaemonState::running ? 1.0 : 0.0);
    return out;
}

}  // namespace acoustream::http
