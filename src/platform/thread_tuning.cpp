#include "platform/thread_tuning.hpp"

#if defined(__linux__)
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace acoustream::platform {

void name_this_thread(const char* name) noexcept {
#if defined(__linux__)
    char truncated[16];
    std::strncpy(truncated, name, sizeof truncated - 1);
    truncated[sizeof truncated - 1] = '\0';
    pthread_setname_np(pthread_self(), truncated);
#else
    (void)name;
#endif
}

void set_this_thread_timer_slack(std::chrono::nanoseconds slack) noexcept {
#if defined(__linux__)
    // 0 would mean "back to the default": 1 ns is the finest there is.
    const auto ns = slack.count() > 0 ? static_cast<unsigned long>(slack.count()) : 1UL;
    prctl(PR_SET_TIMERSLACK, ns, 0, 0, 0);
#else
    (void)slack;
#endif
}

void lower_this_thread_priority(int increment) noexcept {
#if defined(__linux__)
    // On Linux nice is per thread: PRIO_PROCESS with a thread id sets only it.
    const auto tid = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, tid);
    if (current == -1 && errno != 0) return;
    setpriority(PRIO_PROCESS, tid, current + increment);
#else
    (void)increment;
#endif
}

}  // namespace acoustream::platform
