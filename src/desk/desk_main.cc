// unknot-desk: the desk reminder as its own lean program, started by `unknot desk` (which
// checks the options and execs it with them spelled out) and so also by the systemd user unit
// and the autostart entry. Only this program links sd-bus, Xlib and libwayland-client, so the
// main `unknot` loads none of them, and the reminder maps little while it waits (docs/performance.md).
//
//   unknot-desk [--data-dir DIR] [--content-dir DIR] --every T --natural-break T --snooze T
//               --hours H --idle-source S
#include <iostream>
#include <string>
#include <vector>

#include "desk/desk.h"
#include "desk/desk_service.h"

namespace {

// As the command line prints errors (cli::error_line): one line, starting with "unknot".
void print_error(const std::string& message) {
  std::cerr << (message.rfind("unknot ", 0) == 0 ? message : "unknot: " + message) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  unknot::service::WorkspaceOptions workspace;
  unknot::desk::DeskOptions options;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) {
      print_error("unknot-desk: " + args[i] + " needs a value; unknot-desk is started by `unknot desk`");
      return 2;
    }
    const std::string& value = args[i + 1];
    if (args[i] == "--data-dir") {
      workspace.data_dir = value;
    } else if (args[i] == "--content-dir") {
      workspace.content_dir = value;
    } else if (args[i] == "--every") {
      options.every = value;
    } else if (args[i] == "--natural-break") {
      options.natural_break = value;
    } else if (args[i] == "--snooze") {
      options.snooze = value;
    } else if (args[i] == "--hours") {
      options.hours = value;
    } else if (args[i] == "--idle-source") {
      options.idle_source = value;
    } else {
      print_error("unknot-desk: unknown option '" + args[i] + "'; unknot-desk is started by `unknot desk`");
      return 2;
    }
  }
  const unknot::Status status = unknot::desk::run_here(workspace, options, std::cout);
  if (!status) {
    print_error(status.error().message);
    return status.error().exit_code();
  }
  return 0;
}
