// The commands that serve or reach the network: `unknot serve` (with `serve devices`) and every
// `unknot clinic` command. Their code, and its libraries (Boost.Beast, OpenSSL, libsodium,
// libpq), is in the position-independent program unknot-network (libexec), which keeps full
// ASLR for the servers; the short-command program `unknot` defines the same commands (their
// help, man pages and option checks come from one tree, app.cc) and, when one of them is to
// run, execs unknot-network with its own arguments unchanged (same pid), which parses them
// again and runs it (docs/performance.md, docs/architecture.md).
//
// These functions have two definitions, one chosen when a program is linked:
//   network_commands.cc  runs the command here (unknot-network, and the tests);
//   network_handover.cc  execs unknot-network (unknot).
#pragma once

#include <functional>
#include <string>

#include "cli/app.h"
#include "cli/clinic_commands.h"
#include "service/workspace.h"
#include "web/serve.h"

namespace unknot::cli {

using WorkspaceSource = std::function<service::Workspace&()>;

// `unknot serve`: the web app until SIGINT or SIGTERM; the exit code.
int run_serve(const web::ServeOptions& options, const WorkspaceSource& workspace, Io& io);

// `unknot serve devices [--revoke ID]`; the exit code.
int run_serve_devices(const std::string& revoke, const WorkspaceSource& workspace, Io& io);

enum class ClinicCommand { init, add_clinician, serve, link, sync, status, unlink };

// `unknot clinic COMMAND` with its parsed options; the exit code.
int run_clinic_command(ClinicCommand command, const ClinicCommandContext& context, const ClinicOptions& options);

}  // namespace unknot::cli
