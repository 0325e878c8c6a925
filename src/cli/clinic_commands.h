// `unknot clinic ...`: the clinic server's commands (init, add-clinician, serve) and the
// patient's (link, sync, status, unlink). Kept out of app.cc; what they do runs in
// unknot-network (cli/network_commands.h), so the clinic's libraries (libpq, libsodium,
// OpenSSL, Boost.Beast) are not part of the short-command program `unknot`.
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

// What the clinic commands' options hold; shared by the callbacks, so it lives as long as
// the command line (no statics: tests run many command lines in one process).
struct ClinicOptions {
  std::string db;
  std::string email, name;
  int port = 8443;
  std::string bind = "127.0.0.1";
  std::string tls_cert, tls_key;
  bool insecure_http = false;
  std::string url, code, ca_file;
  bool quiet = false;
  bool delete_copy = false;
};

// Adds the subcommands of `clinic` (the command itself is declared with the others in app.cc);
// each stores its exit code in `exit_code`.
void add_clinic_commands(CLI::App& clinic, ClinicCommandContext context, int& exit_code);

// After a local write: when this unknot is linked to a clinic, starts `unknot clinic sync`
// in a detached background process and returns at once, so the local write never waits for
// or depends on the network. The outcome goes into clinic.json (`unknot clinic status`).
void sync_in_background(const std::string& data_dir);

}  // namespace unknot::cli
