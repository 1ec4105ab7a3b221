#include "encode/event_compression.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <vector>

namespace acoustream::encode {
namespace {

// Inflates `stream` as a client would, after each event: what has arrived so
// far must decode to the events so far (no waiting for more bytes).
class Client {
public:
    explicit Client(ContentCoding coding) {
        EXPECT_EQ(inflateInit2(&z_, coding == ContentCoding::gzip ? 31 : 15), Z_OK);
    }
    ~Client() { inflateEnd(&z_); }
    int feed(const std::string& bytes, std::string& decoded) {
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        z_.avail_in = static_cast<uInt>(bytes.size());
        int rc = Z_OK;
        while (z_.avail_in > 0 && rc == Z_OK) {
            char buf[4096];
            z_.next_out = reinterpret_cast<Bytef*>(buf);
            z_.avail_out = sizeof buf;
            rc = inflate(&z_, Z_SYNC_FLUSH);
            decoded.append(buf, sizeof buf - z_.avail_out);
        }
        return rc;
    }

private:
    z_stream z_{};
};

TEST(EventCompression, SharedSegmentsMakeAValidStreamForEveryClient) {
    std::vector<std::string> events;
    for (int i = 0; i < 40; ++i)
        events.push_back("id: " + std::to_string(i) + "\ndata: {\"channel_a\":[" +
                         std::string(300 + i, '1') + "]}\n\n");
    std::vector<CompressedEvent> shared;
    for (const auto& e : events) shared.push_back(compress_event(e));
    for (auto coding : {ContentCoding::gzip, ContentCoding::deflate}) {
        // A client that joins at event 7 gets the same segments from there on.
        for (std::size_t join : {std::size_t{0}, std::size_t{7}}) {
            Client client(coding);
            StreamChecksum sum;
            std::string decoded;
            std::string want;
            ASSERT_EQ(client.feed(stream_header(coding), decoded), Z_OK);
            for (std::size_t i = join; i < events.size(); ++i) {
                ASSERT_EQ(client.feed(shared[i].segment, decoded), Z_OK);
                sum.add(shared[i]);
                want += events[i];
                ASSERT_EQ(decoded, want) << "event " << i << " decodes on arrival";
            }
            EXPECT_EQ(client.feed(stream_trailer(coding, sum), decoded), Z_STREAM_END)
                << "the trailer's checksum and length match";
            EXPECT_EQ(decoded, want);
        }
    }
}

TEST(EventCompression, RepetitiveEventsShrink) {
    const std::string event = "data: " + std::string(10000, 'x') + "\n\n";
    EXPECT_LT(compress_event(event).segment.size(), 200u);
}

}  // namespace
}  // namespace acoustream::encode
