#pragma once
// `acoustream serve`: wires source → daemon → hubs → HTTP server and runs
// until SIGINT/SIGTERM.

#include <iosfwd>

#include "config/config.hpp"

namespace acoustream::app {

// Returns the process exit status (0 clean stop, 1 runtime failure).
// `out` receives the machine-readable lines (listening on, token, dashboard).
int run_serve(config::Config config, std::ostream& out);

}  // namespace acoustream::app
