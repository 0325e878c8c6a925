// The files `unknot desk install` writes: a systemd user unit that starts `unknot desk`
// with the graphical session, the link that enables it, and an XDG autostart entry for
// desktops whose session is not run by systemd. Both may start it; `unknot desk` holds a
// lock in the data directory, so only one runs.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace unknot::desk {

struct InstallFiles {
  std::string unit_path;     // CONFIG/systemd/user/unknot-desk.service
  std::string unit_text;
  std::string wants_link;    // CONFIG/systemd/user/graphical-session.target.wants/unknot-desk.service
  std::string desktop_path;  // CONFIG/autostart/unknot-desk.desktop
  std::string desktop_text;
};

// Who writes the files: `unknot desk install` for one person, or the package (`cmake
// --install`, the .deb) for everyone, where they stay off until a person enables them.
enum class InstalledBy { kDeskInstall, kPackage };

// `command` is the program and its arguments (e.g. {"/usr/bin/unknot", "desk", "--every", "40m"}).
InstallFiles install_files(const std::string& config_home, const std::vector<std::string>& command,
                           InstalledBy by = InstalledBy::kDeskInstall);

// One argument quoted for a systemd ExecStart= line and for a desktop entry's Exec= key
// (both accept double quotes with backslash escapes; a desktop entry also escapes $ and `).
std::string quote_for_exec(const std::string& argument, bool desktop_entry);

// Writes the files durably and makes the link (replacing an older one).
Status write_install_files(const InstallFiles& files);

// Removes the files and the link; returns the paths that were there.
Result<std::vector<std::string>> remove_install_files(const InstallFiles& files);

}  // namespace unknot::desk
