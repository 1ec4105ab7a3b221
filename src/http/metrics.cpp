#include "http/metrics.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

namespace acoustream::http {

namespace {

// A sample value as the exposition format spells it: the shortest text that
// reads back as the same double, and NaN, +Inf, -Inf.
void append_value(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        char text[32];
        const auto end = std::to_chars(text, text + sizeof text, value).ptr;
        out.append(text, end);
    }
}

// Label values escape backslash, double quote and line feed.
void append_label_value(std::string& out, std::string_view value) {
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            double value) {
    header(out, name, type, help);
    out += name;
    out += ' ';
    append_value(out, value);
    out += '\n';
}

double load(const std::atomic<std::uint64_t>& a) {
    return static_cast<double>(a.load(std::memory_order_relaxed));
}

// The standard process metrics of the Prometheus client libraries.
void process_metrics(std::string& out, const platform::ProcessStats& p) {
    metric(out, "process_cpu_seconds_total", "counter",
           "Total user and system CPU time spent in seconds.", p.cpu_seconds);
    metric(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
           static_cast<double>(p.resident_memory_bytes));
    metric(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
           static_cast<double>(p.virtual_memory_bytes));
    metric(out, "process_open_fds", "gauge", "Number of open file descriptors.",
           static_cast<double>(p.open_fds));
    metric(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
           p.max_fds ? static_cast<double>(*p.max_fds) : std::numeric_limits<double>::infinity());
    metric(out, "process_start_time_seconds", "gauge",
           "Start time of the process since unix epoch in seconds.", p.start_time_seconds);
}

void recording_metrics(std::string& out, const RecordingSnapshot& r) {
    const auto u = [](std::uint64_t v) { return static_cast<double>(v); };
    metric(out, "acoustream_recording_active", "gauge", "1 while a recording is being written.",
           r.active ? 1.0 : 0.0);
    metric(out, "acoustream_recording_failed", "gauge",
           "1 when the latest recording failed (its error is in /healthz).", r.failed ? 1.0 : 0.0);
    metric(out, "acoustream_recording_bytes_written_total", "counter",
           "Bytes of audio files written by recordings.", u(r.bytes_written));
    metric(out, "acoustream_recording_frames_written_total", "counter",
           "Frames written by recordings.", u(r.frames_written));
    metric(
        out, "acoustream_recording_frames_lost_total", "counter",
        "Frames a recording missed (queue full during a disk stall, ring lag), each in its gaps.",
        u(r.frames_lost));
    metric(out, "acoustream_recording_files_total", "counter", "Recording files closed complete.",
           u(r.files_finished));
    metric(out, "acoustream_recording_failures_total", "counter",
           "Recordings that failed (write error, full disk).", u(r.failures));
}

}  // namespace

std::string render_prometheus(const Metrics& m, const MetricsSnapshot& s) {
    std::string out;
    out.reserve(6144);
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
    metric(out, "acoustream_lagged_frames_total", "counter",
           "Frames announced as skipped in lagged notices to SSE clients.", load(m.lagged_frames));
    metric(out, "acoustream_bytes_sent_total", "counter",
           "Bytes written to HTTP clients (every response, SSE streams included).",
           load(m.bytes_sent));
    metric(out, "acoustream_sse_bytes_sent_total", "counter",
           "Bytes written to SSE stream clients (stream headers included).",
           load(m.sse_bytes_sent));
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
    metric(out, "acoustream_degrade_steps_coarser_total", "counter",
           "Steps of the degrade slow-client policy to a coarser audio decimation.",
           load(m.degrade_coarser));
    metric(out, "acoustream_degrade_steps_finer_total", "counter",
           "Steps of the degrade slow-client policy back towards the requested decimation.",
           load(m.degrade_finer));
    metric(out, "acoustream_write_timeouts_total", "counter",
           "SSE clients closed because a write made no progress in time.", load(m.write_timeouts));
    metric(out, "acoustream_frame_encodes_total", "counter",
           "Frame encodings performed (once per frame and variant, not per client).",
           load(m.encodes));
    metric(out, "acoustream_spectra_computed_total", "counter", "Spectra computed (one per frame).",
           static_cast<double>(s.spectra_computed));
    metric(out, "acoustream_acquisition_read_errors_total", "counter",
           "Source read errors (each retried with backoff).",
           static_cast<double>(s.source.read_errors));
    metric(out, "acoustream_acquisition_up", "gauge",
           "1 while acquisition delivers frames, 0 while it is retrying or stopped.",
           s.source.state == stream::SourceState::running ? 1.0 : 0.0);

    metric(out, "acoustream_event_compressions_total", "counter",
           "Stream events compressed for gzip or deflate clients (once per frame and variant, "
           "shared by every such client).",
           load(m.event_compressions));
    metric(out, "acoustream_static_compressions_total", "counter",
           "Front-end files compressed (once per file and coding, again only when the file "
           "changes; not per request).",
           static_cast<double>(s.static_compressions));
    if (s.recording) recording_metrics(out, *s.recording);

    header(out, "acoustream_build_info", "gauge", "The server's version, as a label; always 1.");
    out += "acoustream_build_info{version=\"";
    append_label_value(out, s.version);
    out += "\"} 1\n";

    if (s.process) process_metrics(out, *s.process);
    return out;
}

}  // namespace acoustream::http
