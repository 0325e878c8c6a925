// `unknot desk`'s commands inside the main program: `status`, `install`, `uninstall`, the
// packaged unit files, and `unknot desk` itself, which execs the lean reminder program
// unknot-desk (desk_main.cc) so that `unknot` links no desktop library (docs/performance.md).
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "desk/desk.h"
#include "desk/desk_install.h"
#include "desk/desk_options.h"
#include "desk/desk_state.h"
#include "service/companion_program.h"
#include "storage/data_dir.h"

namespace unknot::desk {
namespace {

bool process_alive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

}  // namespace

Status run(const service::WorkspaceOptions& workspace_options, const DeskOptions& options, std::ostream& out) {
  // Bad options are reported here, before anything starts, with the same messages as before.
  if (auto parsed = parse_options(options); !parsed) return parsed.error();
  // Beside this program when built, under PREFIX/libexec/unknot when installed.
  auto program = service::companion_program("unknot-desk", "reminder");
  if (!program) return program.error();
  std::vector<std::string> args = {*program};
  if (workspace_options.data_dir) args.insert(args.end(), {"--data-dir", *workspace_options.data_dir});
  if (workspace_options.content_dir) args.insert(args.end(), {"--content-dir", *workspace_options.content_dir});
  args.insert(args.end(), {"--every", options.every, "--natural-break", options.natural_break, "--snooze",
                           options.snooze, "--hours", options.hours, "--idle-source", options.idle_source});
  out.flush();
  return service::exec_companion(*program, std::move(args));
}

Status status(const service::WorkspaceOptions& workspace_options, bool json, std::ostream& out) {
  auto dir = storage::resolve_data_dir(workspace_options.data_dir);
  if (!dir) return dir.error();
  const std::string path = status_path(*dir);
  DeskStatus found;
  if (storage::file_exists(path)) {
    auto text = storage::read_file(path);
    if (!text) return text.error();
    auto parsed = parse_status(*text, path);
    if (!parsed) return parsed.error();
    found = *parsed;
  }
  const bool running = found.state != "stopped" && process_alive(found.pid);
  if (json) {
    out << status_to_json_text(found, running) << "\n";
  } else {
    out << describe_status(found, running);
  }
  return Ok{};
}

namespace {
// --config-home, else $XDG_CONFIG_HOME, else ~/.config.
Result<std::string> config_home_dir(const std::optional<std::string>& given) {
  if (given) return *given;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') return std::string(xdg);
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config";
  return Error::failure("neither XDG_CONFIG_HOME nor HOME is set; use --config-home DIR");
}
}  // namespace

Status install(const service::WorkspaceOptions& workspace_options, const DeskOptions& options,
               const InstallOptions& install_options, std::ostream& out) {
  auto parsed = parse_options(options);
  if (!parsed) return parsed.error();
  auto resolved = config_home_dir(install_options.config_home);
  if (!resolved) return resolved.error();
  const std::string& config_home = *resolved;
  std::string executable;
  if (install_options.executable) {
    executable = *install_options.executable;
  } else {
    std::error_code error;
    executable = std::filesystem::read_symlink("/proc/self/exe", error).string();
    if (error) return Error::failure("cannot tell where this program is: " + error.message());
  }
  std::vector<std::string> command = {executable};
  if (workspace_options.data_dir) {
    command.push_back("--data-dir");
    command.push_back(std::filesystem::absolute(*workspace_options.data_dir).string());
  }
  command.insert(command.end(), {"desk", "--every", options.every, "--natural-break", options.natural_break,
                                 "--snooze", options.snooze});
  if (!options.hours.empty()) command.insert(command.end(), {"--hours", options.hours});
  if (options.idle_source != "auto") command.insert(command.end(), {"--idle-source", options.idle_source});
  const InstallFiles files = install_files(config_home, command);
  if (install_options.json) {
    nlohmann::ordered_json report;
    if (install_options.dry_run) {
      report["files"] = {{{"path", files.unit_path}, {"text", files.unit_text}},
                         {{"path", files.desktop_path}, {"text", files.desktop_text}}};
      report["links"] = {{{"path", files.wants_link}, {"target", "../unknot-desk.service"}}};
    } else {
      if (auto written = write_install_files(files); !written) return written.error();
      report["installed"] = {files.unit_path, files.wants_link, files.desktop_path};
    }
    out << report.dump(2) << "\n";
    return Ok{};
  }
  if (install_options.dry_run) {
    out << "# " << files.unit_path << "\n" << files.unit_text << "\n# " << files.wants_link
        << " -> ../unknot-desk.service\n\n# " << files.desktop_path << "\n" << files.desktop_text;
    return Ok{};
  }
  if (auto written = write_install_files(files); !written) return written.error();
  out << "Installed:\n  " << files.unit_path << " (enabled for your graphical session)\n  " << files.desktop_path
      << "\nunknot desk starts with your next desktop login. To start it now: "
         "systemctl --user daemon-reload && systemctl --user start unknot-desk\n";
  return Ok{};
}

Status uninstall(const std::optional<std::string>& config_home, bool json, std::ostream& out) {
  auto resolved = config_home_dir(config_home);
  if (!resolved) return resolved.error();
  auto removed = remove_install_files(install_files(*resolved, {}));
  if (!removed) return removed.error();
  if (json) {
    out << nlohmann::ordered_json{{"removed", *removed}}.dump(2) << "\n";
    return Ok{};
  }
  if (removed->empty()) {
    out << "unknot desk was not installed under " << *resolved << "; nothing to remove.\n";
    return Ok{};
  }
  out << "Removed:\n";
  for (const std::string& path : *removed) out << "  " << path << "\n";
  out << "unknot desk no longer starts with your desktop. If it is running now: systemctl --user stop unknot-desk\n";
  return Ok{};
}

Status write_packaged_files(const std::string& dir) {
  // A bare program name: systemd (since v239) and desktop entries both find it on the PATH,
  // so the files hold whatever prefix the package was installed under.
  const InstallFiles files = install_files(dir, {"unknot", "desk"}, InstalledBy::kPackage);
  for (const auto& [path, text] : {std::pair{dir + "/unknot-desk.service", files.unit_text},
                                   {dir + "/unknot-desk.desktop", files.desktop_text}}) {
    if (auto written = storage::write_file_durably(path, text); !written) return written.error();
  }
  return Ok{};
}

}  // namespace unknot::desk
