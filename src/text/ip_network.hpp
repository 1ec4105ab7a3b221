#pragma once
// An IP address or network as the configuration writes it ("10.0.0.7",
// "10.0.0.0/8", "::1", "fd00::/8"), and whether an address falls in it: the
// server.trusted_proxies check of the access log (docs/configuration.md).
// IPv4 is held as IPv4-mapped IPv6, so "127.0.0.1" also matches
// "::ffff:127.0.0.1", the form a dual-stack socket reports.

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace acoustream::text {

struct IpNetwork {
    std::array<std::uint8_t, 16> bytes{};
    unsigned prefix = 128;  // bits that must match

    [[nodiscard]] bool contains(const std::array<std::uint8_t, 16>& address) const noexcept {
        for (unsigned bit = 0; bit < prefix; ++bit) {
            const unsigned mask = 0x80u >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (address[bit / 8] & mask)) return false;
        }
        return true;
    }
};

// An address in the 16-byte form, or nullopt when `text` is not one.
[[nodiscard]] inline std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']')  // "[::1]"
        text = text.substr(1, text.size() - 2);
    const std::string s(text);
    std::array<std::uint8_t, 16> out{};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = out[11] = 0xff;
        const auto* b = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
        for (int i = 0; i < 4; ++i) out[12 + i] = b[i];
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        for (int i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
        return out;
    }
    return std::nullopt;
}

// "ADDRESS" or "ADDRESS/PREFIX" (0–32 for IPv4, 0–128 for IPv6).
[[nodiscard]] inline std::optional<IpNetwork> parse_ip_network(std::string_view text) {
    const auto slash = text.find('/');
    const auto address = parse_ip(text.substr(0, slash));
    if (!address) return std::nullopt;
    const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    IpNetwork network{*address, 128};
    if (slash == std::string_view::npos) return network;
    const std::string_view digits = text.substr(slash + 1);
    unsigned prefix = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size())
        return std::nullopt;
    if (prefix > (v4 ? 32u : 128u)) return std::nullopt;
    network.prefix = v4 ? prefix + 96 : prefix;
    return network;
}

}  // namespace acoustream::text
