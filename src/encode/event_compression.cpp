#include "encode/event_compression.hpp"

#include <zlib.h>

#include <stdexcept>

namespace acoustream::encode {

CompressedEvent compress_event(std::string_view event, int level) {
    CompressedEvent out;
    out.length = event.size();
    const auto* data = reinterpret_cast<const Bytef*>(event.data());
    out.crc32 = static_cast<std::uint32_t>(::crc32(0L, data, static_cast<uInt>(event.size())));
    out.adler32 = static_cast<std::uint32_t>(::adler32(1L, data, static_cast<uInt>(event.size())));
    z_stream z{};
    // Negative window bits: a raw deflate stream, no header of its own.
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib: cannot start compressing");
    out.segment.resize(deflateBound(&z, static_cast<uLong>(event.size())) + 16);
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = static_cast<uInt>(event.size());
    z.next_out = reinterpret_cast<Bytef*>(out.segment.data());
    z.avail_out = static_cast<uInt>(out.segment.size());
    // A sync flush ends on a byte boundary without a final block, so the
    // next event's segment can follow it.
    const int rc = deflate(&z, Z_SYNC_FLUSH);
    out.segment.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_OK || z.avail_in != 0) throw std::runtime_error("zlib: cannot compress an event");
    return out;
}

void StreamChecksum::add(const CompressedEvent& event) {
    crc_ = static_cast<std::uint32_t>(
        crc32_combine(crc_, event.crc32, static_cast<z_off_t>(event.length)));
    adler_ = static_cast<std::uint32_t>(
        adler32_combine(adler_, event.adler32, static_cast<z_off_t>(event.length)));
    length_ += event.length;
}

std::string stream_header(ContentCoding coding) {
    if (coding == ContentCoding::gzip)
        // Magic, deflate, no flags, no time, no extra flags, OS unknown.
        return std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    if (coding == ContentCoding::deflate) return std::string("\x78\x01", 2);
    return {};
}

namespace {
void append_le32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void append_be32(std::string& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
}  // namespace

std::string stream_trailer(ContentCoding coding, const StreamChecksum& sum) {
    if (coding == ContentCoding::identity) return {};
    // A final fixed-Huffman block holding nothing: bits 1 (final), 01 (fixed), 0000000 (end).
    std::string out("\x03\x00", 2);
    if (coding == ContentCoding::gzip) {
        append_le32(out, sum.crc32());
        append_le32(out, static_cast<std::uint32_t>(sum.length() & 0xffffffffU));
    } else {
        append_be32(out, sum.adler32());
    }
    return out;
}

}  // namespace acoustream::encode
