// The network commands handed over to unknot-network: the definitions the short-command
// program `unknot` links (cli/network_commands.h). By the time one of these is called, CLI11
// has parsed and checked the command line with the same tree unknot-network uses, so
// unknot-network, given the very same arguments (read back from /proc/self/cmdline), parses
// them the same way and runs the command; its output and exit code are the command's.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/cli_help.h"
#include "cli/network_commands.h"
#include "service/companion_program.h"

namespace unknot::cli {
namespace {

// This process's arguments after the program name, as the kernel holds them.
Result<std::vector<std::string>> own_arguments() {
  std::ifstream file("/proc/self/cmdline", std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.eof() && !file) return Error::failure("cannot read this program's arguments (/proc/self/cmdline)");
  std::vector<std::string> args;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\0', start);
    args.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (args.empty()) return Error::failure("cannot read this program's arguments (/proc/self/cmdline)");
  args.erase(args.begin());
  return args;
}

int hand_over(Io& io) {
  auto failed = [&io](const Error& error) {
    io.err << error_line(error.message) << "\n";
    return error.exit_code();
  };
  auto program = service::companion_program("unknot-network", "network");
  if (!program) return failed(program.error());
  auto args = own_arguments();
  if (!args) return failed(args.error());
  args->insert(args->begin(), *program);
  io.out.flush();
  io.err.flush();
  return failed(service::exec_companion(*program, std::move(*args)));
}

}  // namespace

int run_serve(const web::ServeOptions&, const WorkspaceSource&, Io& io) { return hand_over(io); }

int run_serve_devices(const std::string&, const WorkspaceSource&, Io& io) { return hand_over(io); }

int run_clinic_command(ClinicCommand, const ClinicCommandContext& context, const ClinicOptions&) {
  return hand_over(context.io);
}

}  // namespace unknot::cli
