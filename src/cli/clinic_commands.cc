#include "cli/clinic_commands.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "clinic/clinic_app.h"
#include "clinic/clinic_client.h"
#include "clinic/clinic_store.h"
#include "clinic/patient_summary.h"
#include "clinic/pg.h"
#include "clinic/secrets.h"
#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "storage/data_dir.h"
#include "web/server.h"
#include "web/tls.h"

namespace unknot::cli {
namespace {

using Json = nlohmann::json;

Result<std::string> database_url(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("UNKNOT_CLINIC_DB"); env != nullptr && *env != '\0') return std::string(env);
  return Error::bad_input("no clinic database: pass --db URL or set UNKNOT_CLINIC_DB (a libpq connection string)");
}

std::string local_now() { return service::local_now(); }

clinic::Transport real_transport() {
  return [](const clinic::HttpCall& call, const clinic::HttpOptions& options) {
    return clinic::http_request(call, options);
  };
}

// The diary's canonical lines and the saved intake's canonical text, as the clinic takes them.
Result<std::pair<std::vector<std::string>, std::optional<std::string>>> local_data(service::Workspace& workspace) {
  auto entries = workspace.diary();
  if (!entries) return entries.error();
  std::vector<std::string> lines;
  lines.reserve(entries->size());
  for (const DiaryEntry& entry : *entries) lines.push_back(contract::diary_entry_to_json_text(entry));
  std::optional<std::string> intake;
  if (workspace.has_saved_intake()) {
    auto person = workspace.saved_intake();
    if (!person) return person.error();
    intake = contract::intake_to_json_text(*person);
  }
  return std::make_pair(std::move(lines), std::move(intake));
}

// Reads one line from standard input without echoing it when it is a terminal.
std::string read_password(Io& io) {
  const bool tty = ::isatty(STDIN_FILENO) && io.interactive;
  if (tty) io.err << "Password (at least " << clinic::kMinPasswordLength << " characters): " << std::flush;
  if (tty) std::system("stty -echo 2>/dev/null");
  std::string line;
  std::getline(io.in, line);
  if (tty) {
    std::system("stty echo 2>/dev/null");
    io.err << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

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

void add_clinic_commands(CLI::App& app, ClinicCommandContext context, int& exit_code) {
  auto o = std::make_shared<ClinicOptions>();
  auto* clinic = app.add_subcommand("clinic", "Clinic mode: a clinic server for physiotherapists, and linking to one");
  clinic->require_subcommand(1);

  // Server side.
  auto* init = clinic->add_subcommand("init", "Create or update the clinic database's tables (safe to run again)");
  init->add_option("--db", o->db, "libpq connection string (default: $UNKNOT_CLINIC_DB)");
  init->callback([context, o, &exit_code] {
    auto url = database_url(o->db);
    if (!url) {
      exit_code = context.report(url.error());
      return;
    }
    clinic::PgPool pool(*url, 1, std::chrono::seconds(10));
    auto version = clinic::migrate(pool);
    if (!version) {
      exit_code = context.report(version.error());
      return;
    }
    // Every patient judged for today whose summary is missing or stale (after the migration
    // that added summaries: all of them), so the first lists of the day are one query each.
    auto kb = context.workspace().catalogue();
    if (!kb) {
      exit_code = context.report(kb.error());
      return;
    }
    clinic::SummaryStore summaries(pool, **kb);
    const auto today = day_number(service::local_now().substr(0, 10));
    auto judged = summaries.refresh_stale(today.value_or(0));
    if (!judged) {
      exit_code = context.report(judged.error());
      return;
    }
    if (context.json) {
      context.io.out << Json{{"schema_version", *version}, {"judged", *judged}}.dump() << "\n";
    } else {
      context.io.out << "The clinic database is ready (schema version " << *version << ").\n";
      if (*judged > 0) context.io.out << "Judged " << *judged << " patients' summaries for today.\n";
    }
    exit_code = 0;
  });

  auto* add = clinic->add_subcommand("add-clinician", "Add a clinician account; the password is read from standard input");
  add->add_option("--db", o->db, "libpq connection string (default: $UNKNOT_CLINIC_DB)");
  add->add_option("--email", o->email, "Their email, used to sign in")->required();
  add->add_option("--name", o->name, "Their name as patients and colleagues see it")->required();
  add->callback([context, o, &exit_code] {
    auto url = database_url(o->db);
    if (!url) {
      exit_code = context.report(url.error());
      return;
    }
    const std::string password = read_password(context.io);
    clinic::PgPool pool(*url, 1, std::chrono::seconds(10));
    if (auto version = clinic::migrate(pool); !version) {
      exit_code = context.report(version.error());
      return;
    }
    clinic::ClinicStore store(pool);
    auto id = store.add_clinician(o->email, o->name, password);
    if (!id) {
      exit_code = context.report(id.error());
      return;
    }
    if (context.json) {
      context.io.out << Json{{"id", *id}, {"email", o->email}}.dump() << "\n";
    } else {
      context.io.out << "Added " << o->name << " <" << o->email << ">. They can sign in now.\n";
    }
    exit_code = 0;
  });

  auto* serve = clinic->add_subcommand("serve", "Run the clinic server (clinicians' pages and the patients' sync API)");
  serve->add_option("--db", o->db, "libpq connection string (default: $UNKNOT_CLINIC_DB)");
  serve->add_option("--port", o->port, "Port to listen on (default 8443; 0 picks a free one)");
  serve->add_option("--bind", o->bind, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--tls-cert", o->tls_cert, "TLS certificate chain (PEM): serve HTTPS")->type_name("FILE");
  serve->add_option("--tls-key", o->tls_key, "TLS private key of --tls-cert (PEM, without a passphrase)")
      ->type_name("FILE");
  serve->add_flag("--insecure-http", o->insecure_http,
                  "Beyond this computer without --tls-cert: plain HTTP, which anyone on the network can read "
                  "(passwords, session cookies, patients' diaries)");
  serve->callback([context, o, &exit_code] {
    auto url = database_url(o->db);
    if (!url) {
      exit_code = context.report(url.error());
      return;
    }
    if (o->tls_cert.empty() != o->tls_key.empty()) {
      exit_code = context.report(Error::bad_input("--tls-cert and --tls-key go together"));
      return;
    }
    const bool https = !o->tls_cert.empty();
    if (https && o->insecure_http) {
      exit_code = context.report(
          Error::bad_input("--insecure-http asks for plain HTTP, --tls-cert for HTTPS: give one of them"));
      return;
    }
    auto loopback = web::is_loopback_address(o->bind);
    if (!loopback) {
      exit_code = context.report(loopback.error());
      return;
    }
    // Clinicians' passwords and patients' diaries cross the network only encrypted, unless
    // someone says in so many words that they should not be.
    if (!*loopback && !https && !o->insecure_http) {
      exit_code = context.report(Error::bad_input(
          "--bind " + o->bind + " reaches beyond this computer: give --tls-cert FILE --tls-key FILE to serve "
          "HTTPS, or keep --bind 127.0.0.1 behind a reverse proxy on this machine that terminates TLS "
          "(docs/clinic.md). --insecure-http serves plain HTTP anyway, readable by anyone on the network."));
      return;
    }
    if (https) {
      // Before the database is touched: a wrong file is a sentence naming it, at once.
      if (auto checked = web::check_tls_files({o->tls_cert, o->tls_key}); !checked) {
        exit_code = context.report(checked.error());
        return;
      }
    }
    auto kb = context.workspace().base_catalogue();
    if (!kb) {
      exit_code = context.report(kb.error());
      return;
    }
    clinic::PgPool pool(*url, 8, std::chrono::seconds(2));
    if (auto version = clinic::migrate(pool); !version) {
      exit_code = context.report(version.error());
      return;
    }
    clinic::ClinicStore store(pool);
    clinic::ClinicAppOptions options;
    options.secure_cookies = https;
    options.judge_after_sync_answered = true;
    clinic::ClinicApp app(store, **kb, options, [] { return service::local_now().substr(0, 10); });
    std::optional<web::TlsFiles> tls;
    if (https) tls = web::TlsFiles{o->tls_cert, o->tls_key};
    auto server = web::Server::listen(o->bind, o->port, tls);
    if (!server) {
      exit_code = context.report(server.error());
      return;
    }
    if (!*loopback && !https) {
      context.io.err << "unknot: WARNING: --insecure-http: the clinic server listens on " << o->bind
                     << " over plain HTTP: anyone on the network can read clinicians' passwords and session "
                        "cookies, patients' device tokens and their diaries.\n";
    }
    context.io.out << "unknot clinic is running at " << (https ? "https" : "http") << "://" << (*server)->url_host()
                   << ":" << (*server)->port() << "/" << std::endl;
    (*server)->run(app);
    exit_code = 0;
  });

  // Patient side.
  auto* link = clinic->add_subcommand("link", "Link this unknot to your clinician with the code they gave you");
  link->add_option("URL", o->url, "The clinic's address, e.g. https://clinic.example/")->required();
  link->add_option("CODE", o->code, "The one-use link code")->required();
  link->add_option("--ca-file", o->ca_file, "Trust this certificate authority for the clinic (its own, self-signed)");
  link->callback([context, o, &exit_code] {
    auto dir = context.workspace().data_dir();
    if (!dir) {
      exit_code = context.report(dir.error());
      return;
    }
    clinic::ClinicClient client(*dir, real_transport());
    if (auto kb = context.workspace().base_catalogue(); kb) client.check_prescriptions_against(**kb);
    std::optional<std::string> ca;
    if (!o->ca_file.empty()) ca = o->ca_file;
    if (auto linked = client.link(o->url, o->code, ca, local_now()); !linked) {
      exit_code = context.report(linked.error());
      return;
    }
    auto data = local_data(context.workspace());
    std::string synced = " Run `unknot clinic sync` to send your diary.";
    if (data) {
      if (auto report = client.sync(data->first, data->second, local_now()); report) {
        synced = " Sent " + std::to_string(report->pushed) + (report->pushed == 1 ? " diary entry" : " diary entries") +
                 (report->intake_sent ? " and your answers" : "") + ".";
      } else {
        synced = " The first sync did not work (" + report.error().message + "); unknot will try again after your next entry.";
      }
    }
    if (context.json) {
      context.io.out << Json{{"linked", true}}.dump() << "\n";
    } else {
      context.io.out << "Linked to your clinic. From now on, your entries are sent after each one you add." << synced
                     << "\n";
    }
    exit_code = 0;
  });

  auto* sync = clinic->add_subcommand("sync", "Send new diary entries and your answers to your clinic now");
  sync->add_flag("--quiet", o->quiet, "Print nothing (for the background sync after each entry)");
  sync->callback([context, o, &exit_code] {
    auto dir = context.workspace().data_dir();
    if (!dir) {
      exit_code = context.report(dir.error());
      return;
    }
    clinic::ClinicClient client(*dir, real_transport());
    if (auto kb = context.workspace().base_catalogue(); kb) client.check_prescriptions_against(**kb);
    auto data = local_data(context.workspace());
    if (!data) {
      exit_code = context.report(data.error());
      return;
    }
    auto report = client.sync(data->first, data->second, local_now());
    if (!report) {
      exit_code = o->quiet ? report.error().exit_code() : context.report(report.error());
      return;
    }
    if (o->quiet) {
      exit_code = 0;
      return;
    }
    if (context.json) {
      context.io.out << Json{{"pushed", report->pushed},
                             {"already_there", report->already_there},
                             {"prescription_updated", report->prescription_updated}}
                            .dump()
                     << "\n";
    } else {
      context.io.out << "Sent " << report->pushed << (report->pushed == 1 ? " new entry" : " new entries");
      if (report->already_there > 0) context.io.out << " (" << report->already_there << " the clinic had already)";
      if (report->intake_sent) context.io.out << " and your updated answers";
      context.io.out << ".\n";
      if (report->prescription_updated) {
        context.io.out << "Your physiotherapist's prescription changed: `unknot plan` shows it.\n";
      }
    }
    exit_code = 0;
  });

  auto* status = clinic->add_subcommand("status", "Whether this unknot is linked to a clinic, and how the last sync went");
  status->callback([context, o, &exit_code] {
    auto dir = context.workspace().data_dir();
    if (!dir) {
      exit_code = context.report(dir.error());
      return;
    }
    clinic::ClinicClient client(*dir, real_transport());
    auto state = client.state();
    if (!state) {
      exit_code = context.report(state.error());
      return;
    }
    int pending = 0;
    if (*state) {
      if (auto data = local_data(context.workspace()); data) {
        if (auto count = client.pending(data->first); count) pending = *count;
      }
    }
    if (context.json) {
      Json out;
      out["linked"] = state->has_value();
      if (*state) {
        const auto& link = **state;
        out["server"] = link.server;
        out["linked_at"] = link.linked_at;
        out["last_sync_at"] = link.last_sync_at.empty() ? Json(nullptr) : Json(link.last_sync_at);
        out["last_sync_ok"] = link.last_sync_ok;
        out["last_error"] = link.last_error.empty() ? Json(nullptr) : Json(link.last_error);
        out["pending"] = pending;
      }
      context.io.out << out.dump(2) << "\n";
    } else if (!*state) {
      context.io.out << "Not linked to a clinic. Your clinician can give you a code: `unknot clinic link URL CODE`.\n";
    } else {
      const auto& link = **state;
      context.io.out << "Linked to " << link.server << " since " << link.linked_at << ".\n";
      if (link.last_sync_at.empty()) {
        context.io.out << "Not synced yet.\n";
      } else if (link.last_sync_ok) {
        context.io.out << "Last sync worked at " << link.last_sync_at << ".\n";
      } else {
        context.io.out << "The last sync, at " << link.last_sync_at << ", did not work: " << link.last_error
                       << ". unknot tries again after your next entry, or run `unknot clinic sync`.\n";
      }
      context.io.out << pending << (pending == 1 ? " entry is" : " entries are") << " waiting to be sent.\n";
    }
    exit_code = 0;
  });

  auto* unlink = clinic->add_subcommand("unlink", "Stop sending your diary to your clinic");
  unlink->add_flag("--delete-clinic-copy", o->delete_copy, "Also ask the clinic to delete the copy of your diary it has");
  unlink->callback([context, o, &exit_code] {
    auto dir = context.workspace().data_dir();
    if (!dir) {
      exit_code = context.report(dir.error());
      return;
    }
    clinic::ClinicClient client(*dir, real_transport());
    if (auto done = client.unlink(o->delete_copy); !done) {
      exit_code = context.report(done.error());
      return;
    }
    if (context.json) {
      context.io.out << Json{{"unlinked", true}, {"deleted_clinic_copy", o->delete_copy}}.dump() << "\n";
    } else {
      context.io.out << (o->delete_copy ? "Unlinked, and the clinic deleted its copy of your diary and answers. "
                                     : "Unlinked. The clinic keeps what it has received so far. ")
                     << "Your own diary here is unchanged.\n";
    }
    exit_code = 0;
  });
}

}  // namespace unknot::cli
