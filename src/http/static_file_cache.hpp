#pragma once
// The front-end files (dashboard modules, uPlot, RapiDoc's script) as served:
// read, given an ETag and compressed in gzip and deflate once, on first use,
// and again only when the file on disk changes (size or modification time).
// Thread-safe: any event loop may ask; one mutex guards the map.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "encode/content_coding.hpp"

namespace acoustream::http {

struct CachedFile {
    std::string body;
    std::string etag;  // strong, quoted; the compressed forms add "-gzip" / "-deflate"
    std::string gzip;
    std::string deflate;
    std::uintmax_t size = 0;
    std::filesystem::file_time_type modified;

    // The representation for `coding` and its ETag (identity when the
    // compressed form would not be smaller).
    [[nodiscard]] const std::string& bytes(encode::ContentCoding coding) const;
    [[nodiscard]] std::string etag_for(encode::ContentCoding coding) const;
    [[nodiscard]] encode::ContentCoding effective(encode::ContentCoding coding) const;
};

class StaticFileCache {
public:
    // The file at `path`, or null when it is not a readable regular file.
    std::shared_ptr<const CachedFile> get(const std::filesystem::path& path);

    [[nodiscard]] std::uint64_t compressions() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const CachedFile>> files_;
    std::uint64_t compressions_ = 0;
};

// Whether an If-None-Match value ("*", or a list of entity tags, weak or
// strong) matches `etag` (RFC 9110 section 13.1.2: weak comparison).
bool etag_matches(const std::string& if_none_match, const std::string& etag);

}  // namespace acoustream::http
