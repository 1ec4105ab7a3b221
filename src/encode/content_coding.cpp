#include "encode/content_coding.hpp"

#include <zlib.h>

#include <stdexcept>
#include <vector>

#include "text/ascii.hpp"

namespace acoustream::encode {

namespace {

// The q-value of one Accept-Encoding element ("gzip;q=0.5"): 1 when absent,
// 0 when unreadable (so a malformed entry never enables a coding).
double q_value(std::string_view params) {
    while (!params.empty()) {
        const auto semicolon = params.find(';');
        const std::string_view param = text::trim(params.substr(0, semicolon));
        params =
            semicolon == std::string_view::npos ? std::string_view{} : params.substr(semicolon + 1);
        if (param.size() < 2 || !text::iequals(param.substr(0, 2), "q=")) continue;
        try {
            return std::stod(std::string(param.substr(2)));
        } catch (const std::exception&) {
            return 0.0;
        }
    }
    return 1.0;
}

}  // namespace

ContentCoding negotiate_coding(const std::optional<std::string>& accept_encoding) {
    if (!accept_encoding) return ContentCoding::identity;
    double gzip = -1;
    double deflate = -1;
    double any = -1;
    std::string_view rest = *accept_encoding;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view element = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        const auto semicolon = element.find(';');
        const std::string_view name = text::trim(element.substr(0, semicolon));
        const double q =
            semicolon == std::string_view::npos ? 1.0 : q_value(element.substr(semicolon + 1));
        if (text::iequals(name, "gzip") || text::iequals(name, "x-gzip"))
            gzip = q;
        else if (text::iequals(name, "deflate"))
            deflate = q;
        else if (name == "*")
            any = q;
    }
    if (gzip < 0) gzip = any;
    if (deflate < 0) deflate = any;
    if (gzip > 0 && gzip >= deflate) return ContentCoding::gzip;
    if (deflate > 0) return ContentCoding::deflate;
    if (gzip > 0) return ContentCoding::gzip;
    return ContentCoding::identity;
}

std::string_view to_string(ContentCoding coding) noexcept {
    switch (coding) {
        case ContentCoding::gzip:
            return "gzip";
        case ContentCoding::deflate:
            return "deflate";
        case ContentCoding::identity:
            return "identity";
    }
    return "identity";
}

std::string compress_body(std::string_view body, ContentCoding coding, int level) {
    if (coding == ContentCoding::identity) return std::string(body);
    z_stream z{};
    // 15 + 16: the gzip wrapper; 15: the zlib wrapper, which HTTP calls deflate.
    const int window_bits = coding == ContentCoding::gzip ? 15 + 16 : 15;
    if (deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib: cannot start compressing");
    std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(body.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    const std::string why = z.msg ? z.msg : "unexpected state";
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib: " + why);
    return out;
}

}  // namespace acoustream::encode
