// `unknot clinic ...`: the clinic server's commands (init, add-clinician, serve) and the
// patient's (link, sync, status, unlink). Kept out of app.cc so the clinic's libraries
// (libpq, libsodium, OpenSSL) stay behind one function.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "cli/app.h"
#include "core/result.h"
#include "service/workspace.h"

namespace CLI {
class App;
}

namespace unknot::cli {

struct ClinicCommandContext {
  Io& io;
  std::function<service::Workspace&()> workspace;
  const bool& json;                            // --json
  std::function<int(const Error&)> report;     // one line on stderr, the exit code
};

// Adds `clinic` and its subcommands to `app`; each stores its exit code in `exit_code`.
void add_clinic_commands(CLI::App& app, ClinicCommandContext context, int& exit_code);

// After a local write: when this unknot is linked to a clinic, starts `unknot clinic sync`
// in a detached background process and returns at once, so the local write never waits for
// or depends on the network. The outcome goes into clinic.json (`unknot clinic status`).
void sync_in_background(const std::string& data_dir);

}  // namespace unknot::cli
