// `unknot clinic ...`: the clinic commands' options and help (the tree every unknot program
// parses with) and the background sync after a local write. What each command does is in
// network_commands.cc, run in unknot-network (cli/network_commands.h).
#include "cli/clinic_commands.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/network_commands.h"
#include "storage/data_dir.h"

namespace unknot::cli {

void sync_in_background(const std::string& data_dir) {
  if (!storage::file_exists(data_dir + "/clinic.json")) return;
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) return;
  self[length] = '\0';
  const pid_t child = ::fork();
  if (child < 0) return;  // no sync now; the next write or `clinic sync` catches up
  if (child == 0) {
    // The grandchild runs the sync detached, so the person's command returns at once.
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::execl(self, self, "--data-dir", data_dir.c_str(), "clinic", "sync", "--quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
}

void add_clinic_commands(CLI::App& clinic, ClinicCommandContext context, int& exit_code) {
  auto o = std::make_shared<ClinicOptions>();
  clinic.require_subcommand(1);

  // Server side.
  auto* init = clinic.add_subcommand("init", "Create or update the clinic database's tables (safe to run again)");
  init->add_option("--db", o->db, "libpq connection string (default: $UNKNOT_CLINIC_DB)");
  init->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::init, context, *o); });

  auto* add = clinic.add_subcommand("add-clinician", "Add a clinician account; the password is read from standard input");
  add->add_option("--db", o->db, "libpq connection string (default: $UNKNOT_CLINIC_DB)");
  add->add_option("--email", o->email, "Their email, used to sign in")->required();
  add->add_option("--name", o->name, "Their name as patients and colleagues see it")->required();
  add->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::add_clinician, context, *o); });

  auto* serve = clinic.add_subcommand("serve", "Run the clinic server (clinicians' pages and the patients' sync API)");
  serve->add_option("--db", o->db, "libpq connection string (default: $UNKNOT_CLINIC_DB)");
  serve->add_option("--port", o->port, "Port to listen on (default 8443; 0 picks a free one)");
  serve->add_option("--bind", o->bind, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--tls-cert", o->tls_cert, "TLS certificate chain (PEM): serve HTTPS")->type_name("FILE");
  serve->add_option("--tls-key", o->tls_key, "TLS private key of --tls-cert (PEM, without a passphrase)")
      ->type_name("FILE");
  serve->add_flag("--insecure-http", o->insecure_http,
                  "Beyond this computer without --tls-cert: plain HTTP, which anyone on the network can read "
                  "(passwords, session cookies, patients' diaries)");
  serve->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::serve, context, *o); });

  // Patient side.
  auto* link = clinic.add_subcommand("link", "Link this unknot to your clinician with the code they gave you");
  link->add_option("URL", o->url, "The clinic's address, e.g. https://clinic.example/")->required();
  link->add_option("CODE", o->code, "The one-use link code")->required();
  link->add_option("--ca-file", o->ca_file, "Trust this certificate authority for the clinic (its own, self-signed)");
  link->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::link, context, *o); });

  auto* sync = clinic.add_subcommand("sync", "Send new diary entries and your answers to your clinic now");
  sync->add_flag("--quiet", o->quiet, "Print nothing (for the background sync after each entry)");
  sync->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::sync, context, *o); });

  auto* status = clinic.add_subcommand("status", "Whether this unknot is linked to a clinic, and how the last sync went");
  status->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::status, context, *o); });

  auto* unlink = clinic.add_subcommand("unlink", "Stop sending your diary to your clinic");
  unlink->add_flag("--delete-clinic-copy", o->delete_copy, "Also ask the clinic to delete the copy of your diary it has");
  unlink->callback([context, o, &exit_code] { exit_code = run_clinic_command(ClinicCommand::unlink, context, *o); });
}

}  // namespace unknot::cli
