#pragma once
// What the load generator counts: per-client tallies over the measured
// window, and a latency histogram (0.1 ms buckets) merged across threads;
// per-shard interval counts for the periodic reports of a soak.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace acoustream::loadgen {

class LatencyHistogram {
public:
    static constexpr double kBucketMs = 0.1;
    static constexpr std::size_t kBuckets = 200'000;  // 20 s; beyond goes to the last bucket

    LatencyHistogram() : counts_(kBuckets, 0) {}

    void add(double ms);
    void merge(const LatencyHistogram& other);
    void reset();
    [[nodiscard]] std::uint64_t count() const { return total_; }
    // Upper edge of the bucket holding the q-quantile (0 ≤ q ≤ 1), in ms.
    [[nodiscard]] double quantile(double q) const;
    [[nodiscard]] double max() const { return max_; }
    [[nodiscard]] double min() const { return total_ ? min_ : 0; }

private:
    std::vector<std::uint64_t> counts_;
    std::uint64_t total_ = 0;
    double max_ = 0;
    double min_ = 1e300;
};

struct ClientTally {
    bool slow = false;
    bool connected = false;     // got a 200 SSE head
    std::uint64_t frames = 0;   // frame events received in the window
    std::uint64_t bytes = 0;    // bytes received in the window
    std::uint64_t gaps = 0;     // frame_number jumps seen in the window
    std::uint64_t missing = 0;  // frames those jumps skipped
    std::uint64_t lag_messages = 0;
    std::uint64_t lag_skipped = 0;
    std::uint64_t heartbeats = 0;
    std::uint64_t other_events = 0;
    std::uint64_t last_frame = 0;  // newest frame_number received
    bool has_frame = false;
    bool ended = false;            // the server closed or the read failed
    std::uint64_t reconnects = 0;  // churn: closed and connected again
};

// What a shard saw since the last report (--report-every); reset at each one.
struct Interval {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    std::uint64_t gaps = 0;
    std::uint64_t missing = 0;
    std::uint64_t lag_messages = 0;
    std::uint64_t lag_skipped = 0;
    std::uint64_t reconnects = 0;
    std::uint64_t errors = 0;
    LatencyHistogram latency;

    void merge(const Interval& other);
    void reset();
};

// One frame event as --trace writes it.
struct TraceRecord {
    std::uint32_t client;
    std::uint64_t frame_number;
    std::uint64_t timestamp_ms;
    double app_ms;     // wall time the reader had the bytes (after recvmsg)
    double kernel_ms;  // wall time the kernel queued them on the socket; 0 if unknown
};

struct Errors {
    std::uint64_t connect = 0;
    std::uint64_t http_status = 0;
    std::uint64_t protocol = 0;
    std::uint64_t read = 0;                         // reset/eof while the window was open
    std::map<std::string, std::uint64_t> messages;  // first few distinct messages
    void note(const std::string& message) {
        if (messages.size() < 8 || messages.count(message)) ++messages[message];
    }
};

}  // namespace acoustream::loadgen
