#pragma once
// Raised when a source cannot be opened or configured (bad path, unreadable
// file, unknown device, invalid channel mapping). The message names the cause
// and the place (path or device).

#include <stdexcept>
#include <string>

namespace acoustream::audio {

class SourceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace acoustream::audio
