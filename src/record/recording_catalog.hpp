#pragma once
// The recordings kept on disk: one folder per recording under the recording
// directory, each with its recording.json. Loaded at start (a recording that
// was still running when the process died is marked failed, with its files'
// sizes as found); pruned oldest first past a byte budget. Not thread-safe:
// the Recorder serialises every call.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "record/recording.hpp"

namespace spdlog {
class logger;
}

namespace acoustream::record {

class RecordingCatalog {
public:
    RecordingCatalog(std::filesystem::path root, std::shared_ptr<spdlog::logger> logger);

    // Reads every recording in the root; a missing root is made by the first
    // recording. Throws std::runtime_error naming the directory when it
    // cannot be used.
    void load();

    // A new, empty folder for a recording started at `unix_ms`; its name is
    // the id ("20261204T221500Z", then "-2", "-3"... if taken).
    std::string create_folder(std::uint64_t unix_ms);

    void put(const Recording& recording);  // finished or failed
    [[nodiscard]] const Recording* find(const std::string& id) const;
    [[nodiscard]] std::vector<Recording> all() const;
    // Deletes the recording's folder. Returns an empty string or the cause.
    std::string remove(const std::string& id);
    // Deletes the oldest recordings in the catalog while the total of their
    // bytes plus `active_bytes` exceeds `max_total_bytes`; returns the ids.
    std::vector<std::string> prune(std::uint64_t max_total_bytes, std::uint64_t active_bytes);

    [[nodiscard]] std::filesystem::path folder(const std::string& id) const { return root_ / id; }
    [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

private:
    void recover(Recording& recording) const;

    std::filesystem::path root_;
    std::shared_ptr<spdlog::logger> logger_;
    std::map<std::string, Recording> recordings_;
};

}  // namespace acoustream::record
