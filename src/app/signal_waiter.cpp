#include "app/signal_waiter.hpp"

#include <pthread.h>
#include <signal.h>

namespace acoustream::app {

namespace {
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}
}  // namespace

void block_signals() {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A client that disconnects mid-write must not kill the server.
    signal(SIGPIPE, SIG_IGN);
}

int wait_for_stop_signal(void (*on_hangup)(void*), void* context) {
    const sigset_t set = stop_signals();
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) continue;
        if (sig == SIGHUP) {
            if (on_hangup) on_hangup(context);
            continue;
        }
        return sig;
    }
}

}  // namespace acoustream::app
