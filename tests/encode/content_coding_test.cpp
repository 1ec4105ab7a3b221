#include "encode/content_coding.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace acoustream::encode {
namespace {

ContentCoding pick(const char* header) { return negotiate_coding(std::string(header)); }

TEST(ContentCoding, NegotiatesByNameAndQValue) {
    EXPECT_EQ(negotiate_coding(std::nullopt), ContentCoding::identity);
    EXPECT_EQ(pick("gzip"), ContentCoding::gzip);
    EXPECT_EQ(pick("deflate, gzip"), ContentCoding::gzip);
    EXPECT_EQ(pick("deflate"), ContentCoding::deflate);
    EXPECT_EQ(pick("gzip;q=0.2, deflate;q=0.9"), ContentCoding::deflate);
    EXPECT_EQ(pick("GZIP ; Q=1"), ContentCoding::gzip);
    EXPECT_EQ(pick("*"), ContentCoding::gzip);
    EXPECT_EQ(pick("*, gzip;q=0"), ContentCoding::deflate);
    EXPECT_EQ(pick("gzip;q=0, deflate;q=0"), ContentCoding::identity);
    EXPECT_EQ(pick("br, identity"), ContentCoding::identity);
    EXPECT_EQ(pick("gzip;q=nonsense"), ContentCoding::identity);
    EXPECT_EQ(pick(""), ContentCoding::identity);
}

TEST(ContentCoding, CompressedBodiesDecodeToTheOriginal) {
    std::string body;
    for (int i = 0; i < 5000; ++i) body += "sample " + std::to_string(i % 97) + ",";
    for (auto coding : {ContentCoding::gzip, ContentCoding::deflate}) {
        const std::string packed = compress_body(body, coding);
        ASSERT_LT(packed.size(), body.size() / 3);
        z_stream z{};
        ASSERT_EQ(inflateInit2(&z, coding == ContentCoding::gzip ? 31 : 15), Z_OK);
        std::string out(body.size() + 16, '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
        z.avail_in = static_cast<uInt>(packed.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
        out.resize(z.total_out);
        inflateEnd(&z);
        EXPECT_EQ(out, body);
    }
    EXPECT_EQ(compress_body("abc", ContentCoding::identity), "abc");
}

}  // namespace
}  // namespace acoustream::encode
