#include "desk/desk_install.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "storage/data_dir.h"

namespace unknot::desk {

std::string quote_for_exec(const std::string& argument, bool desktop_entry) {
  const bool plain = !argument.empty() && argument.find_first_not_of(
                                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._:,+-=") ==
                                              std::string::npos;
  if (plain) return argument;
  std::string quoted = "\"";
  for (char c : argument) {
    if (c == '"' || c == '\\' || (desktop_entry && (c == '$' || c == '`'))) quoted += '\\';
    // systemd expands % specifiers and a desktop entry % field codes: double them.
    if (c == '%') quoted += '%';
    quoted += c;
  }
  return quoted + "\"";
}

InstallFiles install_files(const std::string& config_home, const std::vector<std::string>& command, InstalledBy by) {
  auto exec_line = [&](bool desktop_entry) {
    std::string line;
    for (const std::string& argument : command) line += (line.empty() ? "" : " ") + quote_for_exec(argument, desktop_entry);
    return line;
  };
  InstallFiles files;
  files.unit_path = config_home + "/systemd/user/unknot-desk.service";
  files.wants_link = config_home + "/systemd/user/graphical-session.target.wants/unknot-desk.service";
  files.desktop_path = config_home + "/autostart/unknot-desk.desktop";
  const bool packaged = by == InstalledBy::kPackage;
  files.unit_text =
      std::string(packaged ? "# Installed with unknot; off until you enable it for your account:\n"
                             "#   systemctl --user enable --now unknot-desk (or run `unknot desk install`)\n"
                           : "# Written by `unknot desk install`; `unknot desk uninstall` removes it (this file\n"
                             "# and the link in graphical-session.target.wants/).\n") +
      "[Unit]\n"
      "Description=unknot desk: micro-break reminders from your plan\n"
      "PartOf=graphical-session.target\n"
      "After=graphical-session.target\n"
      "\n"
      "[Service]\n"
      "ExecStart=" + exec_line(false) + "\n"
      "Restart=on-failure\n"
      "RestartSec=30\n"
      "\n"
      "[Install]\n"
      "WantedBy=graphical-session.target\n";
  files.desktop_text =
      std::string(packaged ? "# Installed with unknot, for desktops whose session systemd does not run: copy it\n"
                             "# to ~/.config/autostart/ (or run `unknot desk install`) to start unknot desk.\n"
                           : "# Written by `unknot desk install`; for desktops whose session systemd does not run.\n") +
      "# If the systemd unit runs too, the second copy sees the first and exits.\n"
      "[Desktop Entry]\n"
      "Type=Application\n"
      "Name=unknot desk\n"
      "Comment=Micro-break reminders from your unknot plan\n"
      "Exec=" + exec_line(true) + "\n"
      "Terminal=false\n"
      "NoDisplay=true\n"
      "X-GNOME-Autostart-enabled=true\n";
  return files;
}

Status write_install_files(const InstallFiles& files) {
  for (const auto& [path, text] : {std::pair{files.unit_path, files.unit_text}, {files.desktop_path, files.desktop_text}}) {
    if (auto written = storage::write_file_durably(path, text); !written) return written.error();
  }
  std::error_code error;
  const std::filesystem::path link(files.wants_link);
  std::filesystem::create_directories(link.parent_path(), error);
  if (error) return Error::failure(link.parent_path().string() + ": " + error.message());
  std::filesystem::remove(link, error);
  std::filesystem::create_symlink("../unknot-desk.service", link, error);
  if (error) return Error::failure(files.wants_link + ": " + error.message());
  return Ok{};
}

Result<std::vector<std::string>> remove_install_files(const InstallFiles& files) {
  std::vector<std::string> removed;
  for (const std::string& path : {files.wants_link, files.unit_path, files.desktop_path}) {
    std::error_code error;
    if (std::filesystem::remove(path, error)) removed.push_back(path);
    if (error) return Error::failure(path + ": " + error.message());
  }
  return removed;
}

}  // namespace unknot::desk
