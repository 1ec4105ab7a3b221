#pragma once
// CPU time and memory of a process from /proc (Linux), and of this process
// from getrusage, to put server and load-generator cost beside each figure.

#include <optional>

namespace acoustream::loadgen {

struct ProcSample {
    double cpu_s = 0;    // user + system, all threads
    double rss_mib = 0;  // VmRSS
    double hwm_mib = 0;  // VmHWM (peak RSS)
    long threads = 0;    // Threads
    long fds = -1;       // entries of /proc/PID/fd; -1 when not readable
};

// nullopt when the process is gone or /proc is unreadable.
std::optional<ProcSample> sample_process(int pid);

// User + system CPU seconds of this process.
double self_cpu_seconds();

// 1-minute load average, or -1.
double load_average();

// The machine's CPU time from the first line of /proc/stat, in ticks: all
// of it, and the part stolen by the hypervisor (time this VM wanted to run
// and was not let). nullopt when unreadable.
struct CpuTicks {
    unsigned long long total = 0;
    unsigned long long steal = 0;
};
std::optional<CpuTicks> machine_cpu_ticks();

}  // namespace acoustream::loadgen
