#include "clinic/clinic_store.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "clinic/secrets.h"

namespace unknot::clinic {
namespace {

// Each migration is applied once, in order; never edit a shipped one, append a new one.
constexpr std::array<std::string_view, 4> kMigrations = {
    R"sql(
CREATE TABLE clinicians (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE clinician_sessions (
  token_digest text PRIMARY KEY,
  clinician_id bigint NOT NULL REFERENCES clinicians ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX clinician_sessions_by_clinician ON clinician_sessions (clinician_id);
CREATE TABLE login_failures (
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
CREATE TABLE patients (
  id text PRIMARY KEY,
  clinician_id bigint NOT NULL REFERENCES clinicians ON DELETE CASCADE,
  display_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  intake text,
  intake_updated_at timestamptz,
  last_entry_at text,
  linked_at timestamptz
);
CREATE INDEX patients_by_clinician ON patients (clinician_id, created_at);
CREATE TABLE link_codes (
  code_digest text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX link_codes_by_patient ON link_codes (patient_id);
CREATE TABLE devices (
  token_digest text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz
);
CREATE INDEX devices_by_patient ON devices (patient_id);
CREATE TABLE entries (
  id bigserial PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients ON DELETE CASCADE,
  at text NOT NULL,
  line text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (patient_id, line)
);
CREATE INDEX entries_by_patient_time ON entries (patient_id, at);
)sql",
    // 2: prescriptions and custom exercises (clinic part 2): one canonical JSON document per
    // patient, versioned so that two tabs never overwrite each other; the overrides a
    // clinician confirmed against the patient's answers, kept as a record.
    R"sql(
CREATE TABLE prescriptions (
  patient_id text PRIMARY KEY REFERENCES patients ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  body text NOT NULL,
  updated_by bigint REFERENCES clinicians ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE prescription_overrides (
  id bigserial PRIMARY KEY,
  patient_id text NOT NULL REFERENCES patients ON DELETE CASCADE,
  clinician_id bigint REFERENCES clinicians ON DELETE SET NULL,
  clinician_name text NOT NULL,
  technique text NOT NULL,
  rule text NOT NULL,
  confirmed_at text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prescription_overrides_by_patient ON prescription_overrides (patient_id, id);
)sql",
    // 3: the clinician's workspace at scale (clinic/patient_summary.h) and the audit log
    // (clinic/audit.h). `data_version` moves on at every sync that stores something new or a
    // new intake; a summary is fresh while it was judged for that version and for today.
    R"sql(
ALTER TABLE patients ADD COLUMN data_version bigint NOT NULL DEFAULT 1;
CREATE TABLE patient_summaries (
  patient_id text PRIMARY KEY REFERENCES patients ON DELETE CASCADE,
  clinician_id bigint NOT NULL REFERENCES clinicians ON DELETE CASCADE,
  data_version bigint NOT NULL,
  judged_for date NOT NULL,
  need_rank smallint NOT NULL,
  reasons smallint NOT NULL,
  attention text[] NOT NULL,
  warning_sign_on text,
  screen_level text,
  entries bigint NOT NULL,
  days_with_data_30 smallint NOT NULL,
  week_pain real,
  verdict text NOT NULL
);
CREATE INDEX patient_summaries_by_need ON patient_summaries (clinician_id, need_rank, reasons DESC);
-- Backfill: every existing patient gets a summary judged for no version and no day yet
-- (version 0, 1970-01-01), so the first list that meets it judges it with the server's rules.
INSERT INTO patient_summaries (patient_id, clinician_id, data_version, judged_for, need_rank, reasons, attention,
                               entries, days_with_data_30, verdict)
SELECT p.id, p.clinician_id, 0, DATE '1970-01-01', 99, 0, '{}',
       (SELECT count(*) FROM entries e WHERE e.patient_id = p.id), 0, 'not_enough_data'
FROM patients p;
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  clinician_id bigint NOT NULL REFERENCES clinicians ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  patient_id text,
  request text NOT NULL
);
CREATE INDEX audit_log_by_clinician ON audit_log (clinician_id, id DESC);
)sql",
    // 4: the audit log without its foreign key to clinicians. Every clinician read inserts a
    // row, and the key's check locked the clinician's row (FOR KEY SHARE) in each of them, so
    // concurrent reads by one clinician shared that lock through a MultiXact each: at a few
    // thousand reads a second, PostgreSQL's MultiXact buffers became a wait of their own
    // (pg_stat_activity: MultiXactMemberBuffer, SLRURead). The id written is always the one
    // the same statement read from the session, and a record now outlives its clinician
    // (nothing deletes clinicians; if something ever does, the log stays).
    R"sql(
ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_clinician_id_fkey;
)sql",
};

// The advisory lock key that serialises migrations ("unknot" in ASCII, as a number).
constexpr std::string_view kMigrationLock = "117110107110111116";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

Status check_display_name(const std::string& name, const char* what) {
  if (name.empty()) return Error::bad_input(std::string(what) + " is empty");
  if (name.size() > 200) return Error::bad_input(std::string(what) + " is longer than 200 characters");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return Error::bad_input(std::string(what) + " contains a control character");
  }
  return Ok{};
}

Status check_email(const std::string& email) {
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n") != std::string::npos) {
    return Error::bad_input("the email address '" + email + "' is not valid");
  }
  return Ok{};
}

std::string seconds(std::chrono::seconds value) { return std::to_string(value.count()); }

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

Result<int> migrate(PgPool& pool) {
  int version = 0;
  auto done = pool.run([&](PgConnection& db) -> Status {
    return db.transaction([&](PgConnection& tx) -> Status {
      if (auto locked = tx.query("SELECT pg_advisory_xact_lock($1::bigint)", {std::string(kMigrationLock)}); !locked) {
        return locked.error();
      }
      if (auto made = tx.query("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"); !made) {
        return made.error();
      }
      auto current = tx.query("SELECT max(version) AS version FROM schema_version");
      if (!current) return current.error();
      version = current->is_null(0, "version") ? 0 : std::stoi(current->at(0, "version"));
      if (version > latest_schema_version()) {
        return Error::failure("the clinic database has schema version " + std::to_string(version) +
                              ", newer than this unknot (" + std::to_string(latest_schema_version()) +
                              "); upgrade unknot");
      }
      for (int next = version; next < latest_schema_version(); ++next) {
        if (auto applied = tx.run_script(kMigrations[static_cast<std::size_t>(next)]); !applied) {
          return Error::failure("migrating the clinic database to version " + std::to_string(next + 1) + ": " +
                                applied.error().message);
        }
        if (auto noted = tx.query("INSERT INTO schema_version (version) VALUES ($1)", {std::to_string(next + 1)});
            !noted) {
          return noted.error();
        }
      }
      version = latest_schema_version();
      return Ok{};
    });
  });
  if (!done) return done.error();
  return version;
}

Result<long long> ClinicStore::add_clinician(const std::string& email_typed, const std::string& display_name,
                                             const std::string& password) {
  const std::string email = lower(trim(email_typed));
  if (auto valid = check_email(email); !valid) return valid.error();
  if (auto valid = check_display_name(trim(display_name), "the name"); !valid) return valid.error();
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  long long id = 0;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(
        "INSERT INTO clinicians (email, display_name, password_hash) VALUES ($1, $2, $3) RETURNING id",
        {email, trim(display_name), *hash});
    if (!rows) {
      if (is_unique_violation(rows.error())) return Error::bad_input("a clinician with the email " + email + " exists already");
      return rows.error();
    }
    id = std::stoll(rows->at(0, "id"));
    return Ok{};
  });
  if (!done) return done.error();
  return id;
}

Result<bool> ClinicStore::login_throttled(const std::string& email, const std::string& address) {
  bool throttled = false;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(
        "SELECT"
        " count(*) FILTER (WHERE key = $1) AS account,"
        " count(*) FILTER (WHERE key = $2) AS address"
        " FROM login_failures WHERE key IN ($1, $2) AND at > now() - make_interval(secs => $3::int)",
        {"account:" + lower(trim(email)), "address:" + address,
         seconds(std::chrono::duration_cast<std::chrono::seconds>(kLoginWindow))});
    if (!rows) return rows.error();
    throttled = std::stoi(rows->at(0, "account")) >= kMaxFailuresPerAccount ||
                std::stoi(rows->at(0, "address")) >= kMaxFailuresPerAddress;
    return Ok{};
  });
  if (!done) return done.error();
  return throttled;
}

Result<std::optional<NewSession>> ClinicStore::login(const std::string& email_typed, const std::string& password,
                                                     const std::string& address) {
  const std::string email = lower(trim(email_typed));
  std::optional<long long> clinician_id;
  std::string hash;
  auto found = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query("SELECT id, password_hash FROM clinicians WHERE email = $1", {email});
    if (!rows) return rows.error();
    if (!rows->empty()) {
      clinician_id = std::stoll(rows->at(0, "id"));
      hash = rows->at(0, "password_hash");
    }
    return Ok{};
  });
  if (!found) return found.error();
  // An unknown email costs the same hash as a known one, so timing does not tell them apart.
  static const std::string kDummyHash = hash_password("unknot-dummy-password-for-timing").value();
  const bool matches = verify_password(password, clinician_id ? hash : kDummyHash) && clinician_id.has_value();

  std::optional<NewSession> session;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    if (!matches) {
      return db.transaction([&](PgConnection& tx) -> Status {
        for (const std::string& key : {"account:" + email, "address:" + address}) {
          if (auto noted = tx.query("INSERT INTO login_failures (key) VALUES ($1)", {key}); !noted) return noted.error();
        }
        // Old failures are of no use; keep the table small.
        if (auto pruned = tx.query("DELETE FROM login_failures WHERE at < now() - interval '1 day'"); !pruned) {
          return pruned.error();
        }
        return Ok{};
      });
    }
    NewSession fresh{random_token(), random_token()};
    auto made = db.query(
        "INSERT INTO clinician_sessions (token_digest, clinician_id, csrf_token, expires_at)"
        " VALUES ($1, $2, $3, now() + make_interval(secs => $4::int))",
        {token_digest(fresh.token), std::to_string(*clinician_id), fresh.csrf_token,
         seconds(std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime))});
    if (!made) return made.error();
    if (auto cleared = db.query("DELETE FROM login_failures WHERE key = $1", {"account:" + email}); !cleared) {
      return cleared.error();
    }
    session = std::move(fresh);
    return Ok{};
  });
  if (!done) return done.error();
  return session;
}

Result<std::optional<ClinicianSession>> ClinicStore::session(const std::string& token) {
  std::optional<ClinicianSession> found;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(
        "SELECT c.id, c.email, c.display_name, s.csrf_token FROM clinician_sessions s"
        " JOIN clinicians c ON c.id = s.clinician_id"
        " WHERE s.token_digest = $1 AND s.expires_at > now()",
        {token_digest(token)});
    if (!rows) return rows.error();
    if (!rows->empty()) {
      found = ClinicianSession{{std::stoll(rows->at(0, "id")), rows->at(0, "email"), rows->at(0, "display_name")},
                               rows->at(0, "csrf_token")};
    }
    return Ok{};
  });
  if (!done) return done.error();
  return found;
}

Status ClinicStore::logout_everywhere(long long clinician_id) {
  return pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query("DELETE FROM clinician_sessions WHERE clinician_id = $1", {std::to_string(clinician_id)});
    if (!rows) return rows.error();
    return Ok{};
  });
}

namespace {

// Issues a link code for `patient_id` inside `db`, replacing any earlier unused code.
Result<NewPatient> issue_link_code(PgConnection& db, const std::string& patient_id) {
  NewPatient made;
  made.id = patient_id;
  made.link_code = random_link_code();
  if (auto dropped = db.query("DELETE FROM link_codes WHERE patient_id = $1", {patient_id}); !dropped) {
    return dropped.error();
  }
  auto rows = db.query(
      "INSERT INTO link_codes (code_digest, patient_id, expires_at)"
      " VALUES ($1, $2, now() + make_interval(secs => $3::int))"
      " RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS expires_at",
      {token_digest(normalize_link_code(made.link_code)), patient_id,
       seconds(std::chrono::duration_cast<std::chrono::seconds>(kLinkCodeLifetime))});
  if (!rows) return rows.error();
  made.expires_at = rows->at(0, "expires_at");
  return made;
}

PatientSummary summary_from(const PgRows& rows, std::size_t row) {
  PatientSummary summary;
  summary.id = rows.at(row, "id");
  summary.display_name = rows.at(row, "display_name");
  summary.created_at = rows.at(row, "created_at");
  if (!rows.is_null(row, "last_entry_at")) summary.last_entry_at = rows.at(row, "last_entry_at");
  summary.linked = rows.at(row, "linked") == "t";
  summary.entries = std::stoll(rows.at(row, "entries"));
  return summary;
}

constexpr std::string_view kPatientColumns =
    "p.id, p.display_name, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,"
    " p.last_entry_at, EXISTS (SELECT 1 FROM devices d WHERE d.patient_id = p.id) AS linked,"
    " (SELECT count(*) FROM entries e WHERE e.patient_id = p.id) AS entries";

}  // namespace

Result<NewPatient> ClinicStore::add_patient(long long clinician_id, const std::string& display_name) {
  const std::string name = trim(display_name);
  if (auto valid = check_display_name(name, "display_name"); !valid) return valid.error();
  NewPatient made;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    return db.transaction([&](PgConnection& tx) -> Status {
      const std::string id = random_token(8);
      if (auto rows = tx.query("INSERT INTO patients (id, clinician_id, display_name) VALUES ($1, $2, $3)",
                               {id, std::to_string(clinician_id), name});
          !rows) {
        return rows.error();
      }
      auto issued = issue_link_code(tx, id);
      if (!issued) return issued.error();
      made = std::move(*issued);
      return Ok{};
    });
  });
  if (!done) return done.error();
  return made;
}

Result<std::vector<PatientSummary>> ClinicStore::patients(long long clinician_id) {
  std::vector<PatientSummary> list;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(std::string("SELECT ") + std::string(kPatientColumns) +
                             " FROM patients p WHERE p.clinician_id = $1 ORDER BY p.created_at, p.id",
                         {std::to_string(clinician_id)});
    if (!rows) return rows.error();
    for (std::size_t r = 0; r < rows->size(); ++r) list.push_back(summary_from(*rows, r));
    return Ok{};
  });
  if (!done) return done.error();
  return list;
}

Result<std::optional<PatientData>> ClinicStore::patient(long long clinician_id, const std::string& patient_id) {
  std::optional<PatientData> data;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(std::string("SELECT ") + std::string(kPatientColumns) +
                             ", p.intake FROM patients p WHERE p.id = $1 AND p.clinician_id = $2",
                         {patient_id, std::to_string(clinician_id)});
    if (!rows) return rows.error();
    if (rows->empty()) return Ok{};
    PatientData found;
    found.summary = summary_from(*rows, 0);
    if (!rows->is_null(0, "intake")) found.intake_json = rows->at(0, "intake");
    auto lines = db.query("SELECT line FROM entries WHERE patient_id = $1 ORDER BY at, id", {patient_id});
    if (!lines) return lines.error();
    found.entry_lines.reserve(lines->size());
    for (std::size_t r = 0; r < lines->size(); ++r) found.entry_lines.push_back(lines->at(r, "line"));
    data = std::move(found);
    return Ok{};
  });
  if (!done) return done.error();
  return data;
}

Result<std::optional<NewPatient>> ClinicStore::renew_link_code(long long clinician_id, const std::string& patient_id) {
  std::optional<NewPatient> made;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    return db.transaction([&](PgConnection& tx) -> Status {
      auto owned = tx.query("SELECT 1 FROM patients WHERE id = $1 AND clinician_id = $2",
                            {patient_id, std::to_string(clinician_id)});
      if (!owned) return owned.error();
      if (owned->empty()) return Ok{};
      auto issued = issue_link_code(tx, patient_id);
      if (!issued) return issued.error();
      made = std::move(*issued);
      return Ok{};
    });
  });
  if (!done) return done.error();
  return made;
}

Result<std::optional<PrescriptionRecord>> ClinicStore::prescription(long long clinician_id,
                                                                    const std::string& patient_id) {
  std::optional<PrescriptionRecord> record;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(
        "SELECT p.intake, r.version, r.body FROM patients p LEFT JOIN prescriptions r ON r.patient_id = p.id"
        " WHERE p.id = $1 AND p.clinician_id = $2",
        {patient_id, std::to_string(clinician_id)});
    if (!rows) return rows.error();
    if (rows->empty()) return Ok{};
    PrescriptionRecord found;
    if (!rows->is_null(0, "intake")) found.intake_json = rows->at(0, "intake");
    if (!rows->is_null(0, "body")) {
      found.prescription_json = rows->at(0, "body");
      found.version = std::stoi(rows->at(0, "version"));
    }
    record = std::move(found);
    return Ok{};
  });
  if (!done) return done.error();
  return record;
}

Result<bool> ClinicStore::save_prescription(long long clinician_id, const std::string& patient_id, int version,
                                            const std::string& prescription_json,
                                            const std::vector<OverrideRecord>& new_overrides) {
  bool saved = false;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    return db.transaction([&](PgConnection& tx) -> Status {
      saved = false;
      // The patient row is locked, so two saves of one patient's prescription take turns.
      auto owned = tx.query("SELECT 1 FROM patients WHERE id = $1 AND clinician_id = $2 FOR UPDATE",
                            {patient_id, std::to_string(clinician_id)});
      if (!owned) return owned.error();
      if (owned->empty()) return Ok{};
      auto current = tx.query("SELECT version FROM prescriptions WHERE patient_id = $1", {patient_id});
      if (!current) return current.error();
      const int stored = current->empty() ? 0 : std::stoi(current->at(0, "version"));
      if (stored != version - 1) {
        return Error::bad_input("the prescription was changed meanwhile (now version " + std::to_string(stored) +
                                "); reload it and make the change again");
      }
      auto written = tx.query(
          "INSERT INTO prescriptions (patient_id, version, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())"
          " ON CONFLICT (patient_id) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body,"
          " updated_by = EXCLUDED.updated_by, updated_at = now()",
          {patient_id, std::to_string(version), prescription_json, std::to_string(clinician_id)});
      if (!written) return written.error();
      for (const OverrideRecord& record : new_overrides) {
        auto noted = tx.query(
            "INSERT INTO prescription_overrides (patient_id, clinician_id, clinician_name, technique, rule, confirmed_at)"
            " VALUES ($1, $2, $3, $4, $5, $6)",
            {patient_id, std::to_string(clinician_id), record.by, record.technique, record.rule, record.at});
        if (!noted) return noted.error();
      }
      saved = true;
      return Ok{};
    });
  });
  if (!done) return done.error();
  return saved;
}

Result<std::optional<std::vector<OverrideRecord>>> ClinicStore::overrides(long long clinician_id,
                                                                         const std::string& patient_id) {
  std::optional<std::vector<OverrideRecord>> list;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto owned = db.query("SELECT 1 FROM patients WHERE id = $1 AND clinician_id = $2",
                          {patient_id, std::to_string(clinician_id)});
    if (!owned) return owned.error();
    if (owned->empty()) return Ok{};
    auto rows = db.query(
        "SELECT technique, rule, clinician_name, confirmed_at FROM prescription_overrides WHERE patient_id = $1"
        " ORDER BY id",
        {patient_id});
    if (!rows) return rows.error();
    list.emplace();
    for (std::size_t r = 0; r < rows->size(); ++r) {
      list->push_back({rows->at(r, "technique"), rows->at(r, "rule"), rows->at(r, "clinician_name"),
                       rows->at(r, "confirmed_at")});
    }
    return Ok{};
  });
  if (!done) return done.error();
  return list;
}

Result<std::optional<std::string>> ClinicStore::device_prescription(const std::string& patient_id) {
  std::optional<std::string> body;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query("SELECT body FROM prescriptions WHERE patient_id = $1", {patient_id});
    if (!rows) return rows.error();
    if (!rows->empty()) body = rows->at(0, "body");
    return Ok{};
  });
  if (!done) return done.error();
  return body;
}

Result<std::optional<std::string>> ClinicStore::link(const std::string& code) {
  std::optional<std::string> token;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    return db.transaction([&](PgConnection& tx) -> Status {
      // One use: the UPDATE ... WHERE used_at IS NULL succeeds for exactly one caller.
      auto used = tx.query(
          "UPDATE link_codes SET used_at = now()"
          " WHERE code_digest = $1 AND used_at IS NULL AND expires_at > now() RETURNING patient_id",
          {token_digest(normalize_link_code(code))});
      if (!used) return used.error();
      if (used->empty()) return Ok{};
      const std::string patient_id = used->at(0, "patient_id");
      std::string fresh = random_token();
      if (auto added = tx.query("INSERT INTO devices (token_digest, patient_id) VALUES ($1, $2)",
                                {token_digest(fresh), patient_id});
          !added) {
        return added.error();
      }
      if (auto noted = tx.query("UPDATE patients SET linked_at = now() WHERE id = $1", {patient_id}); !noted) {
        return noted.error();
      }
      token = std::move(fresh);
      return Ok{};
    });
  });
  if (!done) return done.error();
  return token;
}

Result<std::optional<std::string>> ClinicStore::device_patient(const std::string& token) {
  std::optional<std::string> patient;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    // `last_seen` to the minute: a device syncing often (or retrying) reads its row and
    // writes it at most once a minute, so its requests neither write nor wait for each other's
    // row lock. The write names the same condition: of two requests racing past the read, the
    // second finds the row fresh and changes nothing.
    const std::string digest = token_digest(token);
    auto rows = db.query(
        "SELECT patient_id, (last_seen IS NULL OR last_seen < now() - interval '1 minute') AS stale"
        " FROM devices WHERE token_digest = $1",
        {digest});
    if (!rows) return rows.error();
    if (rows->empty()) return Ok{};
    patient = rows->at(0, "patient_id");
    if (rows->at(0, "stale") == "t") {
      auto seen = db.query(
          "UPDATE devices SET last_seen = now()"
          " WHERE token_digest = $1 AND (last_seen IS NULL OR last_seen < now() - interval '1 minute')",
          {digest});
      if (!seen) return seen.error();
    }
    return Ok{};
  });
  if (!done) return done.error();
  return patient;
}

Result<SyncOutcome> ClinicStore::sync(const std::string& patient_id,
                                      const std::vector<std::pair<std::string, std::string>>& at_and_lines,
                                      const std::optional<std::string>& intake_json) {
  std::vector<std::string> ats;
  std::vector<std::string> lines;
  ats.reserve(at_and_lines.size());
  lines.reserve(at_and_lines.size());
  for (const auto& [at, line] : at_and_lines) {
    ats.push_back(at);
    lines.push_back(line);
  }
  SyncOutcome outcome;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    // One statement, so one round trip and atomic without BEGIN/COMMIT. Entries already stored
    // are found in entries_patient_id_line_key and skipped without writing anything; only a
    // sync that brings something new (an entry, or an intake that differs) updates the
    // patient's row: a repeated sync, the common case, writes nothing and takes no row lock,
    // and every judged summary stays fresh. `intake_updated_at = now()` after the update says
    // the intake was the change (now() is this statement's own time; an older value was kept).
    auto rows = db.query(
        "WITH new AS (INSERT INTO entries (patient_id, at, line)"
        " SELECT $1, u.at, u.line FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(at, line, n) ORDER BY u.n"
        " ON CONFLICT (patient_id, line) DO NOTHING RETURNING at),"
        " stored AS (SELECT count(*) AS n, max(at) AS newest FROM new),"
        " changed AS (UPDATE patients p SET"
        " last_entry_at = CASE WHEN stored.n > 0 THEN greatest(p.last_entry_at, stored.newest) ELSE p.last_entry_at END,"
        " intake = coalesce($4, p.intake),"
        " intake_updated_at = CASE WHEN p.intake IS DISTINCT FROM coalesce($4, p.intake) THEN now()"
        " ELSE p.intake_updated_at END,"
        " data_version = p.data_version + 1"
        " FROM stored WHERE p.id = $1 AND (stored.n > 0 OR p.intake IS DISTINCT FROM coalesce($4, p.intake))"
        " RETURNING p.intake_updated_at = now() AS intake_changed)"
        " SELECT (SELECT n FROM stored) AS stored, coalesce((SELECT intake_changed FROM changed), false) AS intake_changed",
        {patient_id, pg_text_array(ats), pg_text_array(lines), intake_json});
    if (!rows) return rows.error();
    outcome.stored = std::stoi(rows->at(0, "stored"));
    outcome.duplicates = static_cast<int>(at_and_lines.size()) - outcome.stored;
    outcome.intake_changed = rows->at(0, "intake_changed") == "t";
    return Ok{};
  });
  if (!done) return done.error();
  return outcome;
}

Status ClinicStore::unlink(const std::string& token, bool delete_data) {
  return pool_.run([&](PgConnection& db) -> Status {
    return db.transaction([&](PgConnection& tx) -> Status {
      auto rows = tx.query("DELETE FROM devices WHERE token_digest = $1 RETURNING patient_id", {token_digest(token)});
      if (!rows) return rows.error();
      if (rows->empty()) return Error::bad_input("this device is not linked to the clinic");
      if (!delete_data) return Ok{};
      const std::string patient_id = rows->at(0, "patient_id");
      for (std::string_view sql : {"DELETE FROM entries WHERE patient_id = $1",
                                   "DELETE FROM devices WHERE patient_id = $1",
                                   "UPDATE patients SET intake = NULL, intake_updated_at = NULL,"
                                   " last_entry_at = NULL, linked_at = NULL, data_version = data_version + 1 WHERE id = $1"}) {
        if (auto done = tx.query(sql, {patient_id}); !done) return done.error();
      }
      return Ok{};
    });
  });
}

}  // namespace unknot::clinic
