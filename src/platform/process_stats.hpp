#pragma once
// What the standard Prometheus process_* metrics report, read from a procfs
// directory (Linux). The directory is a parameter so tests can point it at a
// fixture instead of /proc.

#include <cstdint>
#include <filesystem>
#include <optional>

namespace acoustream::platform {

struct ProcessStats {
    double cpu_seconds = 0.0;  // user + system time
    std::uint64_t resident_memory_bytes = 0;
    std::uint64_t virtual_memory_bytes = 0;
    std::uint64_t open_fds = 0;
    std::optional<std::uint64_t> max_fds;  // soft limit on open files; none: unlimited
    double start_time_seconds = 0.0;       // Unix time
};

// The units /proc/<pid>/stat counts in.
struct ProcUnits {
    long clock_ticks_per_second = 100;
    long page_size_bytes = 4096;
};

// This system's units (sysconf).
ProcUnits system_proc_units() noexcept;

// Reads self/stat, self/limits, self/fd/ and stat under `proc` (normally
// "/proc"). Nothing when a file is missing or not in the expected format.
std::optional<ProcessStats> read_process_stats(const std::filesystem::path& proc, ProcUnits units);

}  // namespace acoustream::platform
