#pragma once
// What the server reports about the audio source (/stats, /healthz,
// /metrics): a plain value the app fills from the acquisition daemon's
// status, so the HTTP layer needs nothing of acquisition.

#include <chrono>
#include <cstdint>
#include <string>

namespace acoustream::stream {

enum class SourceState { idle, running, retrying, ended, stopped };

constexpr const char* to_string(SourceState state) noexcept {
    switch (state) {
        case SourceState::idle:
            return "idle";
        case SourceState::running:
            return "running";
        case SourceState::retrying:
            return "retrying";
        case SourceState::ended:
            return "ended";
        case SourceState::stopped:
            return "stopped";
    }
    return "unknown";
}

struct SourceStatus {
    SourceState state = SourceState::idle;
    std::string name;
    std::uint64_t frames_published = 0;
    std::uint64_t read_errors = 0;
    std::string last_error;                    // empty when none
    std::chrono::milliseconds retry_delay{0};  // current backoff while retrying
};

}  // namespace acoustream::stream
