#pragma once
// Counters the server keeps for /metrics and /stats. Plain atomics: they are
// bumped from many sessions and read by the exposition.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/process_stats.hpp"
#include "stream/shared_audio_stream.hpp"
#include "stream/source_status.hpp"

namespace acoustream::http {

struct Metrics {
    std::atomic<std::uint64_t> http_requests{0};
    std::atomic<std::uint64_t> connections_open{0};
    std::atomic<std::uint64_t> connections_rejected{0};
    std::atomic<std::uint64_t> sse_clients{0};
    std::atomic<std::uint64_t> sse_clients_total{0};
    std::atomic<std::uint64_t> bytes_sent{0};      // every response, SSE streams included
    std::atomic<std::uint64_t> sse_bytes_sent{0};  // SSE streams only (headers included)
    std::atomic<std::uint64_t> events_sent{0};
    std::atomic<std::uint64_t> auth_failures{0};
    std::atomic<std::uint64_t> lag_notices{0};
    std::atomic<std::uint64_t> lagged_frames{0};
    // Frames a Last-Event-ID asked for that were no longer retained.
    std::atomic<std::uint64_t> resume_gap_frames{0};
    std::atomic<std::uint64_t> slow_client_disconnects{0};
    std::atomic<std::uint64_t> degrade_coarser{0};  // degrade policy: steps to a coarser resolution
    std::atomic<std::uint64_t> degrade_finer{0};    // and back towards the requested one
    std::atomic<std::uint64_t> write_timeouts{0};
    std::atomic<std::uint64_t> encodes{0};
    // Shared events compressed for gzip/deflate streams (once per frame and
    // variant, whatever the number of clients).
    std::atomic<std::uint64_t> event_compressions{0};
};

struct RecordingSnapshot {
    bool active = false;
    bool failed = false;  // the latest recording failed
    std::uint64_t bytes_written = 0;
    std::uint64_t frames_written = 0;
    std::uint64_t frames_lost = 0;
    std::uint64_t files_finished = 0;
    std::uint64_t failures = 0;
};

struct MetricsSnapshot {
    stream::StreamStats stream;
    stream::SourceStatus source;
    std::uint64_t spectra_computed = 0;
    std::optional<RecordingSnapshot> recording;
    std::uint64_t static_compressions = 0;          // none when the server does not record
    std::optional<platform::ProcessStats> process;  // none where /proc is unreadable
    std::string version;                            // the acoustream_build_info label
};

// Prometheus text exposition format 0.0.4.
std::string render_prometheus(const Metrics& metrics, const MetricsSnapshot& snapshot);

}  // namespace acoustream::http
