#pragma once
// Totals over every recording of this run, for /metrics. Plain atomics:
// bumped by writer threads, read by the HTTP threads.

#include <atomic>
#include <cstdint>

namespace acoustream::record {

struct RecorderCounters {
    std::atomic<std::uint64_t> bytes_written{0};
    std::atomic<std::uint64_t> frames_written{0};
    std::atomic<std::uint64_t> frames_lost{0};
    std::atomic<std::uint64_t> files_finished{0};
    std::atomic<std::uint64_t> recordings_failed{0};
};

}  // namespace acoustream::record
