#include "http/access_log.hpp"

#include <cstdio>

#include "text/ascii.hpp"
#include "text/quote.hpp"

namespace acoustream::http {
namespace {

constexpr std::size_t kMaxTargetChars = 512;
constexpr std::size_t kMaxTextChars = 128;

bool trusted_peer(std::string_view address, const std::vector<text::IpNetwork>& trusted) {
    const auto ip = text::parse_ip(address);
    if (!ip) return false;
    for (const auto& network : trusted)
        if (network.contains(*ip)) return true;
    return false;
}

std::string milliseconds(std::chrono::steady_clock::duration elapsed) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f",
                  std::chrono::duration<double, std::milli>(elapsed).count());
    return buffer;
}

}  // namespace

std::string access_line(const AccessRecord& r, std::chrono::steady_clock::time_point now) {
    const std::string request = r.method + " " + r.target;
    std::string line = "client=" + r.client + " " +
                       text::quote(request, kMaxTargetChars, text::Unprintable::replace) +
                       " status=" + std::to_string(r.status) + " bytes=" + std::to_string(r.bytes) +
                       " ms=" + milliseconds(now - r.start) +
                       " sub=" + text::quote(r.subject, kMaxTextChars, text::Unprintable::replace);
    if (!r.note.empty())
        line += " note=" + text::quote(r.note, kMaxTextChars, text::Unprintable::replace);
    return line;
}

std::string stream_closed_line(const AccessRecord& record,
                               std::chrono::steady_clock::time_point now, std::uint64_t frames,
                               std::string_view reason) {
    return access_line(record, now) + " stream=closed frames=" + std::to_string(frames) +
           " reason=" + std::string(reason);
}

ClientAddress client_address(std::string_view peer, const std::optional<std::string>& forwarded_for,
                             const std::vector<text::IpNetwork>& trusted) {
    ClientAddress out{std::string(peer), {}};
    if (!forwarded_for) return out;
    if (!trusted_peer(peer, trusted)) {
        out.note = "X-Forwarded-For from a peer not in server.trusted_proxies ignored";
        return out;
    }
    // Right to left: each trusted hop may have appended the address it saw.
    std::string_view rest = *forwarded_for;
    while (!rest.empty()) {
        const std::size_t comma = rest.rfind(',');
        const std::string_view item =
            text::trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
        if (!text::parse_ip(item)) {
            out.note = "X-Forwarded-For entry that is not an address ignored";
            return out;
        }
        out.address = std::string(item);
        if (!trusted_peer(item, trusted)) return out;
    }
    return out;  // every hop trusted: the leftmost is the client
}

}  // namespace acoustream::http
