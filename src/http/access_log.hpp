#pragma once
// The access log (docs/api.md, "Access log"): one info line per request, and
// for a stream one when it opens and one when it closes, with who asked
// (the client address, through trusted proxies' X-Forwarded-For, and the
// token's sub), what (method, target with tokens redacted), the answer
// (status, bytes) and how long it took. Formatting only: the server fills the
// record and logs the line. No Asio here, so it is unit-tested alone.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/ip_network.hpp"

namespace acoustream::http {

struct AccessRecord {
    std::string client;   // the client's address as resolved by client_address()
    std::string method;   // "GET", or "-" when the request line did not parse
    std::string target;   // with access_token redacted
    std::string subject;  // the token's sub; empty: no token accepted
    unsigned status = 0;
    std::uint64_t bytes = 0;  // written to the client for this request
    std::chrono::steady_clock::time_point start{};
    std::string note;  // e.g. why an X-Forwarded-For was not believed
};

// `client=A "METHOD TARGET" status=S bytes=B ms=D sub="..."` (and ` note="..."`).
[[nodiscard]] std::string access_line(const AccessRecord& record,
                                      std::chrono::steady_clock::time_point now);

// The closing line of a stream: the access line with `stream=closed`, the
// frames and bytes it sent and why it ended.
[[nodiscard]] std::string stream_closed_line(const AccessRecord& record,
                                             std::chrono::steady_clock::time_point now,
                                             std::uint64_t frames, std::string_view reason);

struct ClientAddress {
    std::string address;
    std::string note;  // non-empty when a forwarded address was refused
};

// Who the client is. The TCP peer, unless the peer is a trusted proxy: then
// the X-Forwarded-For entries are read from the right (the proxy nearest to
// us appended last) and the first that is not itself a trusted proxy is the
// client. An X-Forwarded-For from an untrusted peer, or with an entry that is
// not an address, is refused with a note (a client cannot choose the address
// the log blames).
[[nodiscard]] ClientAddress client_address(std::string_view peer,
                                           const std::optional<std::string>& forwarded_for,
                                           const std::vector<text::IpNetwork>& trusted);

}  // namespace acoustream::http
