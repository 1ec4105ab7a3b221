#pragma once
// The Recording object and the per-file sidecar as JSON (docs/api.md,
// "Recordings"), and the one way the recorder writes a small file so that a
// crash leaves the old version or the new one, never half of one.

#include <boost/json/object.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "record/recording.hpp"

namespace acoustream::record {

// What every sidecar says besides the file's own fields.
struct Provenance {
    std::string source;         // the source's name (e.g. "simulated", a file path)
    std::string version;        // acoustream's version
    std::string config_digest;  // "sha256:<hex>" of the effective configuration
};

boost::json::object to_json(const Recording& recording);
boost::json::object to_json(const RecordingFile& file);
// Parses what to_json wrote; nullopt (with `why` set) for anything else.
std::optional<Recording> recording_from_json(const std::string& text, std::string& why);

boost::json::object sidecar_json(const Recording& recording, const RecordingFile& file,
                                 const Provenance& provenance);

// Writes `text` to `path` through a temporary file and a rename. Returns an
// empty string, or the cause of the failure naming the path.
std::string write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace acoustream::record
