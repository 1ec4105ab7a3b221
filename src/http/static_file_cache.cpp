#include "http/static_file_cache.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "text/ascii.hpp"

namespace acoustream::http {

namespace fs = std::filesystem;

namespace {

std::string content_etag(const std::string& body) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bits
    for (unsigned char c : body) h = (h ^ c) * 1099511628211ULL;
    char text[40];
    std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(h));
    return text;
}

}  // namespace

encode::ContentCoding CachedFile::effective(encode::ContentCoding coding) const {
    if (coding == encode::ContentCoding::gzip && gzip.size() < body.size()) return coding;
    if (coding == encode::ContentCoding::deflate && deflate.size() < body.size()) return coding;
    return encode::ContentCoding::identity;
}

const std::string& CachedFile::bytes(encode::ContentCoding coding) const {
    switch (effective(coding)) {
        case encode::ContentCoding::gzip:
            return gzip;
        case encode::ContentCoding::deflate:
            return deflate;
        case encode::ContentCoding::identity:
            break;
    }
    return body;
}

std::string CachedFile::etag_for(encode::ContentCoding coding) const {
    const auto used = effective(coding);
    if (used == encode::ContentCoding::identity) return etag;
    // Each representation has its own strong tag: "<hash>-gzip".
    std::string tag = etag.substr(0, etag.size() - 1);
    tag.push_back('-');
    tag += encode::to_string(used);
    tag.push_back('"');
    return tag;
}

std::shared_ptr<const CachedFile> StaticFileCache::get(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return nullptr;
    const auto size = fs::file_size(path, ec);
    const auto modified = fs::last_write_time(path, ec);
    if (ec) return nullptr;
    std::lock_guard lock(mutex_);
    auto& slot = files_[path.string()];
    if (slot && slot->size == size && slot->modified == modified) return slot;
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) return nullptr;
    std::ostringstream body;
    body << in.rdbuf();
    if (in.bad()) return nullptr;
    auto file = std::make_shared<CachedFile>();
    file->body = std::move(body).str();
    file->etag = content_etag(file->body);
    file->gzip = encode::compress_body(file->body, encode::ContentCoding::gzip, 9);
    file->deflate = encode::compress_body(file->body, encode::ContentCoding::deflate, 9);
    file->size = size;
    file->modified = modified;
    compressions_ += 2;
    slot = file;
    return file;
}

std::uint64_t StaticFileCache::compressions() const {
    std::lock_guard lock(mutex_);
    return compressions_;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
    const auto strip = [](std::string_view tag) {
        tag = text::trim(tag);
        if (tag.size() >= 2 && tag.substr(0, 2) == "W/") tag.remove_prefix(2);
        return tag;
    };
    std::string_view rest = if_none_match;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view tag = strip(rest.substr(0, comma));
        if (tag == "*" || tag == strip(etag)) return true;
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return false;
}

}  // namespace acoustream::http
