#include "record/recording_catalog.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "record/file_naming.hpp"
#include "record/recording_json.hpp"

namespace acoustream::record {

namespace fs = std::filesystem;

RecordingCatalog::RecordingCatalog(fs::path root, std::shared_ptr<spdlog::logger> logger)
    : root_(std::move(root)), logger_(std::move(logger)) {}

namespace {

// The directory is made at the first recording; until then it must be
// creatable: its nearest existing ancestor a writable directory.
void check_creatable(const fs::path& root) {
    fs::path ancestor = fs::absolute(root).parent_path();
    std::error_code ec;
    while (!ancestor.empty() && !fs::exists(ancestor, ec)) ancestor = ancestor.parent_path();
    if (!fs::is_directory(ancestor, ec) || ::access(ancestor.c_str(), W_OK) != 0)
        throw std::runtime_error("recording.directory: cannot create \"" + root.string() +
                                 "\": " + ancestor.string() + " is not a writable directory");
}

}  // namespace

void RecordingCatalog::load() {
    std::error_code ec;
    if (!fs::exists(root_, ec)) return check_creatable(root_);
    if (!fs::is_directory(root_, ec))
        throw std::runtime_error("recording.directory: \"" + root_.string() +
                                 "\" is not a directory");
    if (::access(root_.c_str(), W_OK | X_OK) != 0)
        throw std::runtime_error("recording.directory: \"" + root_.string() +
                                 "\" is not writable: " + std::strerror(errno));
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        const auto meta = entry.path() / "recording.json";
        if (!entry.is_directory() || !fs::exists(meta)) continue;
        std::ifstream in(meta);
        std::stringstream text;
        text << in.rdbuf();
        std::string why;
        auto recording = recording_from_json(text.str(), why);
        if (!recording || recording->id != entry.path().filename().string()) {
            logger_->warn("recordings: ignoring {}: {}", meta.string(),
                          why.empty() ? "its id is not its folder's name" : why);
            continue;
        }
        if (recording->state == State::recording) recover(*recording);
        recordings_[recording->id] = std::move(*recording);
    }
    if (ec)
        throw std::runtime_error("recording.directory: cannot read \"" + root_.string() +
                                 "\": " + ec.message());
}

// The process died while this recording ran: its last file was never closed.
// Keep what recording.json said (at most a second old) and the sizes found.
void RecordingCatalog::recover(Recording& recording) const {
    recording.state = State::failed;
    recording.error =
        "interrupted: acoustream stopped without finishing this recording; the last file is "
        "readable up to its last second (wav) or block (flac)";
    recording.stop_requested = false;
    recording.bytes = 0;
    for (auto& file : recording.files) {
        std::error_code ec;
        const auto size = fs::file_size(folder(recording.id) / file.name, ec);
        if (!ec) file.bytes = size;
        recording.bytes += file.bytes;
    }
    if (!recording.stopped_at) recording.stopped_at = recording.started_at;
    const std::string error = write_file_atomically(folder(recording.id) / "recording.json",
                                                    boost::json::serialize(to_json(recording)));
    if (!error.empty()) logger_->warn("recordings: {}", error);
    logger_->warn("recording {} was interrupted (acoustream stopped while it ran); kept as failed",
                  recording.id);
}

std::string RecordingCatalog::create_folder(std::uint64_t unix_ms) {
    std::error_code made;
    fs::create_directories(root_, made);
    if (made)
        throw std::runtime_error("cannot create the recording directory \"" + root_.string() +
                                 "\": " + made.message());
    const std::string stamp = utc_stamp(unix_ms);
    for (int n = 1; n < 1000; ++n) {
        const std::string id = n == 1 ? stamp : stamp + "-" + std::to_string(n);
        if (recordings_.count(id)) continue;
        std::error_code ec;
        if (fs::create_directory(root_ / id, ec)) return id;
        if (ec)
            throw std::runtime_error("cannot create a recording folder in \"" + root_.string() +
                                     "\": " + ec.message());
    }
    throw std::runtime_error("cannot create a recording folder in \"" + root_.string() +
                             "\": every name for " + stamp + " is taken");
}

void RecordingCatalog::put(const Recording& recording) { recordings_[recording.id] = recording; }

const Recording* RecordingCatalog::find(const std::string& id) const {
    auto it = recordings_.find(id);
    return it == recordings_.end() ? nullptr : &it->second;
}

std::vector<Recording> RecordingCatalog::all() const {
    std::vector<Recording> v;
    for (const auto& [id, r] : recordings_) v.push_back(r);
    return v;
}

std::string RecordingCatalog::remove(const std::string& id) {
    std::error_code ec;
    fs::remove_all(folder(id), ec);
    if (ec) return "cannot delete " + folder(id).string() + ": " + ec.message();
    recordings_.erase(id);
    return {};
}

std::vector<std::string> RecordingCatalog::prune(std::uint64_t max_total_bytes,
                                                 std::uint64_t active_bytes) {
    std::vector<std::string> removed;
    if (max_total_bytes == 0) return removed;
    std::vector<const Recording*> oldest_first;
    std::uint64_t total = active_bytes;
    for (const auto& [id, r] : recordings_) {
        oldest_first.push_back(&r);
        total += r.bytes;
    }
    std::sort(oldest_first.begin(), oldest_first.end(),
              [](const Recording* a, const Recording* b) { return a->started_at < b->started_at; });
    std::vector<std::string> ids;
    for (const Recording* r : oldest_first) {
        if (total <= max_total_bytes) break;
        total -= std::min(total, r->bytes);
        ids.push_back(r->id);
    }
    for (const auto& id : ids) {
        const std::string error = remove(id);
        if (error.empty()) {
            logger_->info("recording {} deleted: recording.max_total_bytes ({} bytes) exceeded", id,
                          max_total_bytes);
            removed.push_back(id);
        } else {
            logger_->error("recordings: {}", error);
        }
    }
    return removed;
}

}  // namespace acoustream::record
