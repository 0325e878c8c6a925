// `unknot desk`: micro-break reminders from the person's plan, counted from real keyboard and
// mouse activity. The command line (cli/app.cc) calls these three entry points; everything
// that touches X11, D-Bus or the event loop stays behind them (desk_service.cc), so this
// header carries no desktop includes. docs/desk.md describes it for people.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "core/result.h"
#include "service/workspace.h"

namespace unknot::desk {

// Options as typed; parsed and checked by the entry points (one clear message on bad input).
struct DeskOptions {
  std::string every = "40m";          // desk time before a break
  std::string natural_break = "5m";   // time away that counts as a break
  std::string snooze = "5m";
  std::string hours;                  // "09:00-17:30"; empty: any time
  std::string idle_source = "auto";   // auto | x11 | gnome | wayland | timer
};

// Runs in the foreground until SIGINT or SIGTERM. Needs a saved intake (`unknot start`).
Status run(const service::WorkspaceOptions& workspace, const DeskOptions& options, std::ostream& out);

// What a running `unknot desk` is doing and when the next break is due (from the state file
// it keeps in the data directory); `json` prints the unknot.desk-status/1 object.
Status status(const service::WorkspaceOptions& workspace, bool json, std::ostream& out);

struct InstallOptions {
  bool dry_run = false;            // print the files instead of writing them
  std::optional<std::string> config_home;  // default $XDG_CONFIG_HOME, else ~/.config
  std::optional<std::string> executable;   // default: this program
  bool json = false;               // report as {"files": [...]} (dry run) or {"installed": [...]}
};

// Writes a systemd user unit (enabled for graphical-session.target) and an XDG autostart
// entry that both start `unknot desk` with these options; a lock keeps it to one instance.
Status install(const service::WorkspaceOptions& workspace, const DeskOptions& options,
               const InstallOptions& install, std::ostream& out);

// Removes what `install` wrote (under `config_home`, default $XDG_CONFIG_HOME or ~/.config)
// and says what it removed; `json` prints {"removed": [PATH, ...]}. Nothing there is not an error.
Status uninstall(const std::optional<std::string>& config_home, bool json, std::ostream& out);

// For the build (`unknot --generate-desk-files DIR`): the systemd user unit and the autostart
// entry a package installs, from the same template as `install`, running `unknot desk`.
Status write_packaged_files(const std::string& dir);

}  // namespace unknot::desk
