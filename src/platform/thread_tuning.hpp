#pragma once
// Per-thread hints to the OS scheduler, for the few long-lived threads of the
// server. Each applies to the calling thread only and is best effort: a
// platform without the call, or a kernel that refuses it, leaves the thread as
// it was and the server works the same, only with looser timing.

#include <chrono>

namespace acoustream::platform {

// Names the calling thread as `top -H`, `perf` and gdb show it (Linux keeps
// the first 15 characters).
void name_this_thread(const char* name) noexcept;

// How late the kernel may end the calling thread's timed waits, to batch
// wake-ups (Linux default 50 µs). The pacing thread wants its deadlines kept.
void set_this_thread_timer_slack(std::chrono::nanoseconds slack) noexcept;

// Lowers the calling thread's priority (nice +increment, thread only), so
// work that is not on the frame fan-out path gives the CPU to the threads
// that are when both are runnable.
void lower_this_thread_priority(int increment) noexcept;

}  // namespace acoustream::platform
