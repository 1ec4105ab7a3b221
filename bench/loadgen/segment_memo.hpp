#pragma once
// Decoded events of compressed stream segments, shared by the clients of one
// load-generator thread. The server compresses each event alone (a raw
// deflate segment ended by a sync flush, docs/architecture.md "Compressed
// streams") and sends every client of a variant the same segment bytes, so
// inflating one client's copy decodes them all: a client looks its received
// segment up here (a full byte comparison, not only a hash) and inflates only
// when no client of the thread has seen those bytes yet. Without this, 1000
// gzip clients cost the load generator two cores of inflating (about 1 GB/s of
// text) and it measured itself instead of the server. Not thread-safe: one
// memo per io_context thread.

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "loadgen/sse_parser.hpp"

namespace acoustream::loadgen {

class SegmentMemo {
public:
    // The events of one segment (each SseEvent::bytes is its inflated size),
    // or nullopt when `segment` is not a whole, self-contained segment (its
    // sync-flush marker was only a coincidence inside compressed data).
    const std::vector<SseEvent>* find_or_decode(std::string_view segment);

    [[nodiscard]] std::size_t inflations() const { return inflations_; }
    [[nodiscard]] std::size_t hits() const { return hits_; }

private:
    struct Entry {
        std::string segment;
        std::vector<SseEvent> events;
    };
    static constexpr std::size_t kCapacity = 256;  // several seconds of every variant's events

    std::unordered_map<std::string_view, Entry*> index_;  // keys view Entry::segment
    std::deque<Entry> entries_;                           // oldest first, evicted past kCapacity
    std::size_t inflations_ = 0;
    std::size_t hits_ = 0;
};

// Inflates one raw-deflate segment on its own; nullopt unless it decodes
// completely and ends where an SSE event ends (a blank line).
std::optional<std::string> inflate_segment(std::string_view segment);

}  // namespace acoustream::loadgen
