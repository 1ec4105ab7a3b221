#pragma once
// Command line of the SSE load generator.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace acoustream::loadgen {

struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string path = "/api/audio/stream/audio";
    std::string token;         // empty: no Authorization header
    bool query_token = false;  // send the token as ?access_token= instead
    bool gzip = false;         // ask for a gzip stream (Accept-Encoding) and inflate it
    std::size_t clients = 1;
    double duration_s = 10;         // measured window
    double warmup_s = 1;            // after every client is connected
    double connect_timeout_s = 20;  // for all clients to get their response head
    unsigned threads = 1;           // io_context threads (clients are sharded)
    double slow_fraction = 0;       // share of clients that read slowly or not at all
    double slow_rate = 0;           // bytes/s a slow client reads; 0 = never reads
    std::size_t read_buffer = 64 * 1024;
    std::vector<int> server_pids;  // sampled for CPU and RSS over the window
    std::string label;             // copied into the JSON line
    double report_every_s = 0;     // > 0: an interval JSON line this often during the window
    double churn_per_s = 0;        // > 0: reading clients closed and reconnected per second
    std::string trace;             // non-empty: one line per frame event of the window, here
};

// Parses argv; throws std::invalid_argument naming the flag on bad input.
// Returns false when --help was printed.
bool parse_options(int argc, char** argv, Options& out);

}  // namespace acoustream::loadgen
