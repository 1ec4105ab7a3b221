#pragma once
// The two ways `serve` fails before it runs, told apart by type so that main
// maps them to exit statuses in one place (README, "Using it"): 2 for a
// configuration the server cannot start on, 1 for a runtime failure (the
// source cannot be opened, the port cannot be bound).

#include <stdexcept>

namespace acoustream::app {

struct ConfigurationError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RuntimeFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace acoustream::app
