// The access log's lines and who it says the client is, without a socket.
#include "http/access_log.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace acoustream::http {
namespace {

using namespace std::chrono_literals;

std::vector<text::IpNetwork> networks(std::initializer_list<const char*> texts) {
    std::vector<text::IpNetwork> out;
    for (const char* t : texts) {
        auto n = text::parse_ip_network(t);
        EXPECT_TRUE(n) << t;
        if (n) out.push_back(*n);
    }
    return out;
}

TEST(IpNetwork, AddressesAndPrefixes) {
    const auto lan = text::parse_ip_network("10.0.0.0/8");
    ASSERT_TRUE(lan);
    EXPECT_TRUE(lan->contains(*text::parse_ip("10.200.3.4")));
    EXPECT_FALSE(lan->contains(*text::parse_ip("11.0.0.1")));
    EXPECT_TRUE(lan->contains(*text::parse_ip("::ffff:10.1.2.3"))) << "IPv4-mapped form";
    const auto one = text::parse_ip_network("::1");
    ASSERT_TRUE(one);
    EXPECT_TRUE(one->contains(*text::parse_ip("[::1]")));
    EXPECT_FALSE(one->contains(*text::parse_ip("::2")));
    const auto ula = text::parse_ip_network("fd00::/8");
    ASSERT_TRUE(ula);
    EXPECT_TRUE(ula->contains(*text::parse_ip("fd12:3456::1")));
    EXPECT_TRUE(text::parse_ip_network("0.0.0.0/0")->contains(*text::parse_ip("8.8.8.8")));
    for (const char* bad : {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "host",
                            "10.0.0.256", "10.0.0.0/-1"})
        EXPECT_FALSE(text::parse_ip_network(bad)) << bad;
}

TEST(ClientAddress, ThePeerUnlessItIsATrustedProxy) {
    const auto trusted = networks({"10.0.0.0/8", "::1"});
    EXPECT_EQ(client_address("192.0.2.1", std::nullopt, trusted).address, "192.0.2.1");
    // A client cannot choose the address the log shows.
    const auto spoofed = client_address("192.0.2.1", "203.0.113.9", trusted);
    EXPECT_EQ(spoofed.address, "192.0.2.1");
    EXPECT_NE(spoofed.note.find("not in server.trusted_proxies"), std::string::npos);
    EXPECT_EQ(client_address("10.1.1.1", "203.0.113.9", trusted).address, "203.0.113.9");
    EXPECT_TRUE(client_address("10.1.1.1", "203.0.113.9", trusted).note.empty());
}

TEST(ClientAddress, ForwardedForIsReadFromTheRightPastTrustedHops) {
    const auto trusted = networks({"10.0.0.0/8"});
    // The client forged the first entry; 198.51.100.7 is what our proxy chain saw.
    EXPECT_EQ(client_address("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9", trusted).address,
              "198.51.100.7");
    EXPECT_EQ(client_address("10.0.0.2", "10.0.0.5,10.0.0.9", trusted).address, "10.0.0.5")
        << "every hop trusted: the leftmost";
    const auto garbage = client_address("10.0.0.2", "198.51.100.7, not-an-ip", trusted);
    EXPECT_EQ(garbage.address, "10.0.0.2");
    EXPECT_FALSE(garbage.note.empty());
    EXPECT_EQ(client_address("::ffff:10.0.0.2", "2001:db8::1", trusted).address, "2001:db8::1");
}

TEST(AccessLine, NamesWhoWhatAnswerAndDuration) {
    AccessRecord r;
    r.client = "198.51.100.7";
    r.method = "GET";
    r.target = "/api/audio/stream/stats?access_token=<redacted>";
    r.subject = "alice";
    r.status = 200;
    r.bytes = 474;
    r.start = std::chrono::steady_clock::time_point{} + 10s;
    EXPECT_EQ(access_line(r, r.start + 2500us),
              R"(client=198.51.100.7 "GET /api/audio/stream/stats?access_token=<redacted>" )"
              R"(status=200 bytes=474 ms=2.5 sub="alice")");
    r.note = "why";
    r.subject = "evil\"\nname";
    const std::string line = stream_closed_line(r, r.start + 1s, 31, "client_gone");
    EXPECT_EQ(line.find('\n'), std::string::npos) << "one line whatever the sub holds";
    EXPECT_NE(line.find(R"(note="why")"), std::string::npos);
    EXPECT_NE(line.find(" stream=closed frames=31 reason=client_gone"), std::string::npos);
    EXPECT_NE(line.find("ms=1000.0"), std::string::npos);
}

}  // namespace
}  // namespace acoustream::http
