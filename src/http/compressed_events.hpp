#pragma once
// Each shared event (a frame in one variant) compressed once and the segment
// shared by every client that asked for a compressed stream (docs/api.md,
// "Compression"). Keyed by the shared event bytes themselves, which the
// entry keeps alive, so a key is never reused while it is cached; the oldest
// entries go past `capacity`. Thread-safe: any event loop may ask; one mutex
// guards the map, and compression runs outside it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "encode/event_compression.hpp"

namespace acoustream::http {

using SharedEvent = std::shared_ptr<const encode::CompressedEvent>;

class CompressedEvents {
public:
    // `counter` counts the shared compressions (for /metrics).
    CompressedEvents(std::size_t capacity, std::atomic<std::uint64_t>& counter)
        : capacity_(capacity == 0 ? 1 : capacity), compressions_(counter) {}

    SharedEvent get(const std::shared_ptr<const std::string>& raw);

private:
    struct Entry {
        std::shared_ptr<const std::string> raw;
        SharedEvent event;
    };
    const std::size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<const std::string*, Entry> entries_;
    std::deque<const std::string*> order_;
    std::atomic<std::uint64_t>& compressions_;
};

}  // namespace acoustream::http
