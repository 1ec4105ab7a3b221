#pragma once
// `acoustream serve`: wires source → daemon → hubs → HTTP server and runs
// until SIGINT/SIGTERM.

#include <iosfwd>

#include "config/config.hpp"

namespace acoustream::app {

// Runs until SIGINT/SIGTERM and returns 0. Throws ConfigurationError or
// RuntimeFailure (app/startup_error.hpp) when it cannot start; main maps them
// to exit statuses. `out` receives the machine-readable lines (listening on,
// token, dashboard).
int run_serve(config::Config config, std::ostream& out);

}  // namespace acoustream::app
