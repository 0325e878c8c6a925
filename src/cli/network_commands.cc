// The network commands run in this process: the definitions unknot-network and the tests link
// (cli/network_commands.h; `unknot` links network_handover.cc instead).
#include "cli/network_commands.h"

#include <unistd.h>

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

// `unknot clinic init`.
int clinic_init(const ClinicCommandContext& context, const ClinicOptions& o) {
  auto url = database_url(o.db);
  if (!url) {
    return context.report(url.error());
  }
  clinic::PgPool pool(*url, 1, std::chrono::seconds(10));
  auto version = clinic::migrate(pool);
  if (!version) {
    return context.report(version.error());
  }
  // Every patient judged for today whose summary is missing or stale (after the migration
  // that added summaries: all of them), so the first lists of the day are one query each.
  auto kb = context.workspace().catalogue();
  if (!kb) {
    return context.report(kb.error());
  }
  clinic::SummaryStore summaries(pool, **kb);
  const auto today = day_number(service::local_now().substr(0, 10));
  auto judged = summaries.refresh_stale(today.value_or(0));
  if (!judged) {
    return context.report(judged.error());
  }
  if (context.json) {
    context.io.out << Json{{"schema_version", *version}, {"judged", *judged}}.dump() << "\n";
  } else {
    context.io.out << "The clinic database is ready (schema version " << *version << ").\n";
    if (*judged > 0) context.io.out << "Judged " << *judged << " patients' summaries for today.\n";
  }
  return 0;
}

// `unknot clinic add-clinician`.
int clinic_add_clinician(const ClinicCommandContext& context, const ClinicOptions& o) {
  auto url = database_url(o.db);
  if (!url) {
    return context.report(url.error());
  }
  const std::string password = read_password(context.io);
  clinic::PgPool pool(*url, 1, std::chrono::seconds(10));
  if (auto version = clinic::migrate(pool); !version) {
    return context.report(version.error());
  }
  clinic::ClinicStore store(pool);
  auto id = store.add_clinician(o.email, o.name, password);
  if (!id) {
    return context.report(id.error());
  }
  if (context.json) {
    context.io.out << Json{{"id", *id}, {"email", o.email}}.dump() << "\n";
  } else {
    context.io.out << "Added " << o.name << " <" << o.email << ">. They can sign in now.\n";
  }
  return 0;
}

// `unknot clinic serve`.
int clinic_serve(const ClinicCommandContext& context, const ClinicOptions& o) {
  auto url = database_url(o.db);
  if (!url) {
    return context.report(url.error());
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return context.report(Error::bad_input("--tls-cert and --tls-key go together"));
  }
  const bool https = !o.tls_cert.empty();
  if (https && o.insecure_http) {
    return context.report(
        Error::bad_input("--insecure-http asks for plain HTTP, --tls-cert for HTTPS: give one of them"));
  }
  auto loopback = web::is_loopback_address(o.bind);
  if (!loopback) {
    return context.report(loopback.error());
  }
  // Clinicians' passwords and patients' diaries cross the network only encrypted, unless
  // someone says in so many words that they should not be.
  if (!*loopback && !https && !o.insecure_http) {
    return context.report(Error::bad_input(
        "--bind " + o.bind + " reaches beyond this computer: give --tls-cert FILE --tls-key FILE to serve "
        "HTTPS, or keep --bind 127.0.0.1 behind a reverse proxy on this machine that terminates TLS "
        "(docs/clinic.md). --insecure-http serves plain HTTP anyway, readable by anyone on the network."));
  }
  if (https) {
    // Before the database is touched: a wrong file is a sentence naming it, at once.
    if (auto checked = web::check_tls_files({o.tls_cert, o.tls_key}); !checked) {
      return context.report(checked.error());
    }
  }
  auto kb = context.workspace().base_catalogue();
  if (!kb) {
    return context.report(kb.error());
  }
  clinic::PgPool pool(*url, 8, std::chrono::seconds(2));
  if (auto version = clinic::migrate(pool); !version) {
    return context.report(version.error());
  }
  clinic::ClinicStore store(pool);
  clinic::ClinicAppOptions options;
  options.secure_cookies = https;
  options.judge_after_sync_answered = true;
  clinic::ClinicApp app(store, **kb, options, [] { return service::local_now().substr(0, 10); });
  std::optional<web::TlsFiles> tls;
  if (https) tls = web::TlsFiles{o.tls_cert, o.tls_key};
  auto server = web::Server::listen(o.bind, o.port, tls);
  if (!server) {
    return context.report(server.error());
  }
  if (!*loopback && !https) {
    context.io.err << "unknot: WARNING: --insecure-http: the clinic server listens on " << o.bind
                   << " over plain HTTP: anyone on the network can read clinicians' passwords and session "
                      "cookies, patients' device tokens and their diaries.\n";
  }
  context.io.out << "unknot clinic is running at " << (https ? "https" : "http") << "://" << (*server)->url_host()
                 << ":" << (*server)->port() << "/" << std::endl;
  (*server)->run(app);
  return 0;
}

// `unknot clinic link`.
int clinic_link(const ClinicCommandContext& context, const ClinicOptions& o) {
  auto dir = context.workspace().data_dir();
  if (!dir) {
    return context.report(dir.error());
  }
  clinic::ClinicClient client(*dir, real_transport());
  if (auto kb = context.workspace().base_catalogue(); kb) client.check_prescriptions_against(**kb);
  std::optional<std::string> ca;
  if (!o.ca_file.empty()) ca = o.ca_file;
  if (auto linked = client.link(o.url, o.code, ca, local_now()); !linked) {
    return context.report(linked.error());
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
  return 0;
}

// `unknot clinic sync`.
int clinic_sync(const ClinicCommandContext& context, const ClinicOptions& o) {
  auto dir = context.workspace().data_dir();
  if (!dir) {
    return context.report(dir.error());
  }
  clinic::ClinicClient client(*dir, real_transport());
  if (auto kb = context.workspace().base_catalogue(); kb) client.check_prescriptions_against(**kb);
  auto data = local_data(context.workspace());
  if (!data) {
    return context.report(data.error());
  }
  auto report = client.sync(data->first, data->second, local_now());
  if (!report) {
    return o.quiet ? report.error().exit_code() : context.report(report.error());
  }
  if (o.quiet) {
    return 0;
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
  return 0;
}

// `unknot clinic status`.
int clinic_status(const ClinicCommandContext& context, const ClinicOptions&) {
  auto dir = context.workspace().data_dir();
  if (!dir) {
    return context.report(dir.error());
  }
  clinic::ClinicClient client(*dir, real_transport());
  auto state = client.state();
  if (!state) {
    return context.report(state.error());
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
  return 0;
}

// `unknot clinic unlink`.
int clinic_unlink(const ClinicCommandContext& context, const ClinicOptions& o) {
  auto dir = context.workspace().data_dir();
  if (!dir) {
    return context.report(dir.error());
  }
  clinic::ClinicClient client(*dir, real_transport());
  if (auto done = client.unlink(o.delete_copy); !done) {
    return context.report(done.error());
  }
  if (context.json) {
    context.io.out << Json{{"unlinked", true}, {"deleted_clinic_copy", o.delete_copy}}.dump() << "\n";
  } else {
    context.io.out << (o.delete_copy ? "Unlinked, and the clinic deleted its copy of your diary and answers. "
                                   : "Unlinked. The clinic keeps what it has received so far. ")
                   << "Your own diary here is unchanged.\n";
  }
  return 0;
}

}  // namespace

int run_serve(const web::ServeOptions& options, const WorkspaceSource& workspace, Io& io) {
  // A request is answered by a worker thread: it must not sit for a minute behind a long
  // import's write lock, as a terminal command may. It gets 503 with Retry-After instead.
  service::Workspace& served = workspace();
  served.set_write_wait_ms(web::kWriteWaitMs);
  return web::serve(options, served, io.out, io.err);
}

int run_serve_devices(const std::string& revoke, const WorkspaceSource& workspace, Io& io) {
  return web::devices(workspace(), revoke, io.out, io.err);
}

int run_clinic_command(ClinicCommand command, const ClinicCommandContext& context, const ClinicOptions& options) {
  switch (command) {
    case ClinicCommand::init: return clinic_init(context, options);
    case ClinicCommand::add_clinician: return clinic_add_clinician(context, options);
    case ClinicCommand::serve: return clinic_serve(context, options);
    case ClinicCommand::link: return clinic_link(context, options);
    case ClinicCommand::sync: return clinic_sync(context, options);
    case ClinicCommand::status: return clinic_status(context, options);
    case ClinicCommand::unlink: return clinic_unlink(context, options);
  }
  return context.report(Error::failure("unknown clinic command"));
}

}  // namespace unknot::cli
