#pragma once
// Turns SIGINT/SIGTERM (and SIGHUP, which is logged and ignored) into a
// blocking wait, without async-signal handlers: the signals are blocked in
// every thread (call block_signals() before starting any) and taken with
// sigwait on the waiting thread.

namespace acoustream::app {

void block_signals();
// Returns the signal that asked the program to stop (SIGINT or SIGTERM).
// `on_hangup` is called for each SIGHUP.
int wait_for_stop_signal(void (*on_hangup)(void*), void* context);

}  // namespace acoustream::app
