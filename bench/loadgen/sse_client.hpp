#pragma once
// One SSE connection of the load generator: connects, sends the GET, reads
// and tallies events into its own ClientTally and its shard's histogram.
// Callback style on one io_context per shard, so the generator costs a few
// syscalls and a memchr scan per read.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "loadgen/options.hpp"
#include "loadgen/segment_memo.hpp"
#include "loadgen/sse_parser.hpp"
#include "loadgen/stats.hpp"

namespace acoustream::loadgen {

// Shared by every client of the run; written by the control thread.
struct Control {
    std::atomic<bool> measuring{false};
    std::atomic<std::size_t> ready{0};   // got a 200 SSE head (or, if stalled, sent the request)
    std::atomic<std::size_t> failed{0};  // never got there
};

// What one io_context thread owns.
struct Shard {
    boost::asio::io_context ioc{1};
    LatencyHistogram latency;         // frame timestamp to the reader's receipt
    LatencyHistogram kernel_latency;  // frame timestamp to the kernel's receipt (SO_TIMESTAMPNS)
    std::vector<TraceRecord> trace;   // only with --trace
    Errors errors;
    Interval interval;     // only counted with --report-every
    SegmentMemo segments;  // gzip streams' decoded segments (--gzip)
};

class SseClient {
public:
    SseClient(Shard& shard, const Options& options, Control& control,
              boost::asio::ip::tcp::endpoint endpoint, bool slow, std::uint32_t index);
    SseClient(const SseClient&) = delete;
    SseClient& operator=(const SseClient&) = delete;

    void start();
    // Churn: drops the connection and connects again, asking with
    // Last-Event-ID for the frames after the last one received. Run on the
    // shard's thread.
    void reconnect();
    [[nodiscard]] const ClientTally& tally() const { return tally_; }

private:
    void on_connect(const boost::system::error_code& ec);
    void read();
    // recvmsg() rather than async_read_some, for the kernel's receive
    // timestamp of the bytes (SCM_TIMESTAMPNS): it tells the server's
    // latency apart from the time this one thread takes to get to a socket.
    void on_readable(const boost::system::error_code& ec);
    void on_read(const boost::system::error_code& ec, std::size_t n, double kernel_ms);
    // Handlers of an earlier connection still queued after a reconnect see
    // a different generation and return.
    [[nodiscard]] bool stale(unsigned generation) const { return generation != generation_; }
    void fail(std::uint64_t Errors::*counter, const std::string& message);
    void count_event(const SseEvent& event, double now_ms, double kernel_ms, bool measuring);

    Shard& shard_;
    const Options& options_;
    Control& control_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer pace_;
    std::string request_;
    std::unique_ptr<char[]> buffer_;
    std::size_t read_size_;
    SseParser parser_;
    ClientTally tally_;
    std::uint32_t index_;
    bool reported_ready_ = false;
    unsigned generation_ = 0;
};

}  // namespace acoustream::loadgen
