#pragma once
// Compressing an SSE stream once per event instead of once per client: each
// event is deflated alone (a fresh compressor, ended by a sync flush, so it
// refers to nothing before it and decodes on arrival), and a stream is the
// coding's header followed by the events' segments. Any client can be sent
// the same segment of an event, whatever came before it on its connection;
// only the header and the trailer (checksum and length, written when the
// stream ends) are per client. Pure functions, safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "encode/content_coding.hpp"

namespace acoustream::encode {

// One event's raw deflate segment, with what the trailer needs.
struct CompressedEvent {
    std::string segment;
    std::uint32_t crc32 = 0;    // of the event's bytes (gzip trailer)
    std::uint32_t adler32 = 1;  // of the event's bytes (zlib trailer)
    std::uint64_t length = 0;   // the event's bytes
};

CompressedEvent compress_event(std::string_view event, int level = 1);

// The checksums of one stream so far, combined event by event.
class StreamChecksum {
public:
    void add(const CompressedEvent& event);
    [[nodiscard]] std::uint32_t crc32() const noexcept { return crc_; }
    [[nodiscard]] std::uint32_t adler32() const noexcept { return adler_; }
    [[nodiscard]] std::uint64_t length() const noexcept { return length_; }

private:
    std::uint32_t crc_ = 0;
    std::uint32_t adler_ = 1;
    std::uint64_t length_ = 0;
};

// What starts a stream in `coding` (gzip: a 10-byte header; deflate: the
// 2-byte zlib header), and what ends it: a final empty block and the
// checksum trailer of everything sent.
std::string stream_header(ContentCoding coding);
std::string stream_trailer(ContentCoding coding, const StreamChecksum& sum);

}  // namespace acoustream::encode
