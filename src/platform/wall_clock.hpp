#pragma once
// The wall clock as Unix time, for what is judged on it (token lifetimes,
// issued tokens). Code that must be testable takes it as a function.

#include <chrono>
#include <cstdint>

namespace acoustream::platform {

inline std::int64_t unix_now_secs() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

inline std::uint64_t unix_now_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

}  // namespace acoustream::platform
