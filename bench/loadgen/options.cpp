#include "loadgen/options.hpp"

#include <charconv>
#include <iostream>
#include <stdexcept>
#include <string_view>

namespace acoustream::loadgen {

namespace {

constexpr std::string_view kUsage =
    R"(sse_loadgen: connect N SSE clients, read for T seconds, print one JSON line.

  --port N              server port (required)
  --host A              server address (default 127.0.0.1)
  --path P              request target (default /api/audio/stream/audio)
  --token JWT           bearer token (Authorization header)
  --query-token         send the token as ?access_token= instead
  --gzip                send Accept-Encoding: gzip and decode the stream, each distinct event
                        segment inflated once per thread (bytes stay wire bytes)
  --clients N           connections (default 1)
  --duration S          measured seconds (default 10)
  --warmup S            seconds between "all connected" and the window (default 1)
  --connect-timeout S   time allowed for every client to get its response head (default 20)
  --threads K           io_context threads, clients sharded across them (default 1)
  --slow-fraction F     share of clients that are slow (default 0)
  --slow-rate B         bytes/s a slow client reads; 0 = it never reads (default 0)
  --read-buffer B       bytes per read (default 65536)
  --server-pid P[,P]    processes whose CPU time and RSS are sampled over the window
  --label TEXT          copied into the output
  --report-every S      also print an interval JSON line every S seconds of the window
                        (events, drops, latency, reconnects, server CPU/RSS/fds/threads)
  --churn-per-s R       close R reading clients a second and reconnect them, resuming
                        with Last-Event-ID (frames the server no longer holds count as missing)
  --trace FILE          write one line per frame event of the window: client, frame_number,
                        timestamp, receipt by the reader and by the kernel (Unix ms)
)";

template <class T>
T number(std::string_view flag, std::string_view text) {
    T value{};
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end)
        throw std::invalid_argument(std::string(flag) + ": \"" + std::string(text) +
                                    "\" is not a valid number");
    return value;
}

double positive(std::string_view flag, double v, bool allow_zero) {
    if (v < 0 || (!allow_zero && v == 0))
        throw std::invalid_argument(std::string(flag) + " must be " + (allow_zero ? "≥ 0" : "> 0"));
    return v;
}

}  // namespace

bool parse_options(int argc, char** argv, Options& out) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << kUsage;
            return false;
        }
        if (flag == "--query-token") {
            out.query_token = true;
            continue;
        }
        if (flag == "--gzip") {
            out.gzip = true;
            continue;
        }
        if (i + 1 >= argc) throw std::invalid_argument(std::string(flag) + ": missing value");
        const std::string_view v = argv[++i];
        if (flag == "--port") {
            out.port = number<std::uint16_t>(flag, v);
        } else if (flag == "--host") {
            out.host = v;
        } else if (flag == "--path") {
            if (v.empty() || v.front() != '/')
                throw std::invalid_argument("--path must start with '/'");
            out.path = v;
        } else if (flag == "--token") {
            out.token = v;
        } else if (flag == "--clients") {
            out.clients = number<std::size_t>(flag, v);
            if (out.clients == 0) throw std::invalid_argument("--clients must be > 0");
        } else if (flag == "--duration") {
            out.duration_s = positive(flag, number<double>(flag, v), false);
        } else if (flag == "--warmup") {
            out.warmup_s = positive(flag, number<double>(flag, v), true);
        } else if (flag == "--connect-timeout") {
            out.connect_timeout_s = positive(flag, number<double>(flag, v), false);
        } else if (flag == "--threads") {
            out.threads = number<unsigned>(flag, v);
            if (out.threads == 0 || out.threads > 64)
                throw std::invalid_argument("--threads must be between 1 and 64");
        } else if (flag == "--slow-fraction") {
            out.slow_fraction = positive(flag, number<double>(flag, v), true);
            if (out.slow_fraction > 1) throw std::invalid_argument("--slow-fraction must be ≤ 1");
        } else if (flag == "--slow-rate") {
            out.slow_rate = positive(flag, number<double>(flag, v), true);
        } else if (flag == "--read-buffer") {
            out.read_buffer = number<std::size_t>(flag, v);
            if (out.read_buffer < 512) throw std::invalid_argument("--read-buffer must be ≥ 512");
        } else if (flag == "--server-pid") {
            std::string_view rest = v;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                out.server_pids.push_back(number<int>(flag, rest.substr(0, comma)));
                rest =
                    comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        } else if (flag == "--report-every") {
            out.report_every_s = positive(flag, number<double>(flag, v), true);
        } else if (flag == "--churn-per-s") {
            out.churn_per_s = positive(flag, number<double>(flag, v), true);
        } else if (flag == "--trace") {
            if (v.empty()) throw std::invalid_argument("--trace: empty file name");
            out.trace = v;
        } else if (flag == "--label") {
            out.label = v;
        } else {
            throw std::invalid_argument("unknown option " + std::string(flag) + " (see --help)");
        }
    }
    if (out.port == 0) throw std::invalid_argument("--port is required");
    return true;
}

}  // namespace acoustream::loadgen
