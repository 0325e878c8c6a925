#include "clinic/audit.h"

#include "clinic/secrets.h"

#include <array>
#include <utility>

namespace unknot::clinic {

std::string_view to_string(AuditAction action) {
  switch (action) {
    case AuditAction::kListPatients: return "list_patients";
    case AuditAction::kReadPatient: return "read_patient";
    case AuditAction::kReadDiary: return "read_diary";
    case AuditAction::kDownloadFhir: return "download_fhir";
    case AuditAction::kDownloadReport: return "download_report";
    case AuditAction::kAddPatient: return "add_patient";
    case AuditAction::kNewLinkCode: return "new_link_code";
    case AuditAction::kReadPatientData: return "read_patient_data";
    case AuditAction::kChangePatientData: return "change_patient_data";
  }
  return "unknown";
}

std::string_view describe(AuditAction action) {
  switch (action) {
    case AuditAction::kListPatients: return "Looked at the patient list";
    case AuditAction::kReadPatient: return "Opened a patient's page";
    case AuditAction::kReadDiary: return "Read a patient's whole diary";
    case AuditAction::kDownloadFhir: return "Downloaded a patient's FHIR bundle";
    case AuditAction::kDownloadReport: return "Downloaded a patient's report";
    case AuditAction::kAddPatient: return "Added a patient";
    case AuditAction::kNewLinkCode: return "Made a new link code";
    case AuditAction::kReadPatientData: return "Read a patient's data";
    case AuditAction::kChangePatientData: return "Changed a patient's data";
  }
  return "";
}

namespace {

std::optional<AuditAction> action_from_code(const std::string& code) {
  for (AuditAction action : {AuditAction::kListPatients, AuditAction::kReadPatient, AuditAction::kReadDiary,
                             AuditAction::kDownloadFhir, AuditAction::kDownloadReport, AuditAction::kAddPatient,
                             AuditAction::kNewLinkCode, AuditAction::kReadPatientData,
                             AuditAction::kChangePatientData}) {
    if (to_string(action) == code) return action;
  }
  return std::nullopt;
}

}  // namespace

std::optional<AuditAction> audit_action(std::string_view method, std::string_view pattern) {
  struct Named {
    std::string_view method;
    std::string_view pattern;
    AuditAction action;
  };
  static constexpr std::array kNamed = {
      Named{"GET", "/api/clinic/patients", AuditAction::kListPatients},
      Named{"GET", "/patients", AuditAction::kListPatients},
      Named{"GET", "/api/clinic/patients/{id}", AuditAction::kReadPatient},
      Named{"GET", "/patients/{id}", AuditAction::kReadPatient},
      Named{"GET", "/api/clinic/patients/{id}/diary", AuditAction::kReadDiary},
      Named{"GET", "/patients/{id}/fhir.json", AuditAction::kDownloadFhir},
      Named{"GET", "/patients/{id}/report.html", AuditAction::kDownloadReport},
      Named{"POST", "/api/clinic/patients", AuditAction::kAddPatient},
      Named{"POST", "/patients", AuditAction::kAddPatient},
      Named{"POST", "/api/clinic/patients/{id}/link-code", AuditAction::kNewLinkCode},
      Named{"POST", "/patients/{id}/link-code", AuditAction::kNewLinkCode},
  };
  for (const Named& named : kNamed) {
    if (named.method == method && named.pattern == pattern) return named.action;
  }
  if (pattern.find("/patients") != std::string_view::npos) {
    return method == "GET" ? AuditAction::kReadPatientData : AuditAction::kChangePatientData;
  }
  return std::nullopt;
}

Status AuditLog::record(long long clinician_id, AuditAction action, const std::optional<std::string>& patient_id,
                        const std::string& request) {
  return pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query("INSERT INTO audit_log (clinician_id, action, patient_id, request) VALUES ($1, $2, $3, $4)",
                         {std::to_string(clinician_id), std::string(to_string(action)), patient_id, request});
    if (!rows) return rows.error();
    return Ok{};
  });
}

PgStatement session_recording_statement(const RecordedRead& read) {
  // ClinicStore::session's query and record()'s INSERT as one statement: a data-modifying
  // CTE runs exactly once, whether or not the outer query reads it, and only for the session
  // found (none: no row to insert). `recorded` makes sure it was written.
  return {"WITH session AS (SELECT c.id, c.email, c.display_name, s.csrf_token FROM clinician_sessions s"
          " JOIN clinicians c ON c.id = s.clinician_id WHERE s.token_digest = $1 AND s.expires_at > now()),"
          " recorded AS (INSERT INTO audit_log (clinician_id, action, patient_id, request)"
          " SELECT id, $2, $3, $4 FROM session RETURNING id)"
          " SELECT id, email, display_name, csrf_token, (SELECT count(*) FROM recorded) AS recorded FROM session",
          {token_digest(read.token), std::string(to_string(read.action)), read.patient_id, read.request}};
}

Result<std::optional<ClinicianSession>> session_recorded(const PgRows& rows) {
  if (rows.empty()) return std::optional<ClinicianSession>{};
  if (rows.at(0, "recorded") != "1") return Error::failure("clinic database: the audit record was not written");
  return std::optional<ClinicianSession>(ClinicianSession{
      {std::stoll(rows.at(0, "id")), rows.at(0, "email"), rows.at(0, "display_name")}, rows.at(0, "csrf_token")});
}

Result<std::optional<ClinicianSession>> AuditLog::session_recording(const std::string& token, AuditAction action,
                                                                    const std::optional<std::string>& patient_id,
                                                                    const std::string& request) {
  std::optional<ClinicianSession> found;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    const PgStatement statement = session_recording_statement({token, action, patient_id, request});
    auto rows = db.query(statement.sql, statement.params);
    if (!rows) return rows.error();
    auto session = session_recorded(*rows);
    if (!session) return session.error();
    found = std::move(*session);
    return Ok{};
  });
  if (!done) return done.error();
  return found;
}

Result<std::vector<AuditEntry>> AuditLog::entries(long long clinician_id, std::optional<long long> before) {
  std::vector<AuditEntry> found;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    // Newest first through audit_log_by_clinician; a patient's name only while they are still
    // this clinician's (the id stays in the log either way).
    auto rows = db.query(
        "SELECT a.id, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, a.action,"
        " a.patient_id, p.display_name, a.request"
        " FROM audit_log a LEFT JOIN patients p ON p.id = a.patient_id AND p.clinician_id = a.clinician_id"
        " WHERE a.clinician_id = $1 AND ($2::bigint IS NULL OR a.id < $2::bigint)"
        " ORDER BY a.id DESC LIMIT $3",
        {std::to_string(clinician_id), before ? PgParam(std::to_string(*before)) : PgParam{},
         std::to_string(kAuditPage)});
    if (!rows) return rows.error();
    for (std::size_t r = 0; r < rows->size(); ++r) {
      AuditEntry entry;
      entry.id = std::stoll(rows->at(r, "id"));
      entry.at = rows->at(r, "at");
      entry.action = action_from_code(rows->at(r, "action")).value_or(AuditAction::kReadPatientData);
      if (!rows->is_null(r, "patient_id")) entry.patient_id = rows->at(r, "patient_id");
      if (!rows->is_null(r, "display_name")) entry.patient_name = rows->at(r, "display_name");
      entry.request = rows->at(r, "request");
      found.push_back(std::move(entry));
    }
    return Ok{};
  });
  if (!done) return done.error();
  return found;
}

}  // namespace unknot::clinic
