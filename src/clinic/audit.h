// The audit log: every time a clinician reads or changes patient data, who, what, which
// patient and when, kept in PostgreSQL (`audit_log`) and shown to that clinician (the page
// /audit and GET /api/clinic/audit). The server records an entry before it runs the route, in
// one INSERT, so nothing is read or changed without its record: a record that cannot be
// written stops the request (503).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/clinic_store.h"
#include "clinic/pg.h"
#include "core/result.h"

namespace unknot::clinic {

// What a clinician did with patient data. The codes are the API's `action` values.
enum class AuditAction {
  kListPatients,     // read the patient list (everyone's reasons and last entries)
  kReadPatient,      // read one patient's review, screen and diary summary (page or API)
  kReadDiary,        // read one patient's whole diary (API)
  kDownloadFhir,     // downloaded one patient's FHIR bundle
  kDownloadReport,   // downloaded one patient's report
  kAddPatient,       // added a patient (and made their first link code)
  kNewLinkCode,      // made a new link code for a patient
  kReadPatientData,  // any other read of a patient route
  kChangePatientData,  // any other change of a patient route
};

std::string_view to_string(AuditAction action);
// The plain words for the clinician's page ("Opened a patient's page").
std::string_view describe(AuditAction action);

// The action a clinician route records, or nullopt for routes that touch no patient data
// (signing out, the start page, the audit log itself). Routes that are not named here but
// reach patients ("/patients" or "/api/clinic/patients" in the pattern) count as a read (GET)
// or a change (POST), so a route added later is recorded without being listed here.
std::optional<AuditAction> audit_action(std::string_view method, std::string_view pattern);

struct AuditEntry {
  long long id = 0;
  std::string at;  // UTC, "YYYY-MM-DDTHH:MM:SSZ"
  AuditAction action = AuditAction::kReadPatientData;
  std::optional<std::string> patient_id;
  std::optional<std::string> patient_name;  // while the patient is still the clinician's
  std::string request;                      // "GET /patients/ID"
};

// The most entries one listing returns (newest first); older ones with `before`.
inline constexpr int kAuditPage = 200;

// A read of patient data that has not been let through yet: the session cookie it came with
// and what it will be recorded as.
struct RecordedRead {
  std::string token;  // the session cookie's value
  AuditAction action;
  std::optional<std::string> patient_id;
  std::string request;  // "GET /patients/ID"
};

// For a store that sends its own read in the same pipeline (PgConnection::pipeline) as the
// session's lookup and the read's record, so the three take one round trip: the statement that
// finds the session and records `read` (its $1 is the session token's digest), and the
// session it found in its rows (nullopt: no valid session, nothing recorded). The read sent
// with it names its clinician by kSessionClinicianSql with the same $1 (the statement's first
// parameter), so it reads nothing
// for a session that is not valid; and if the record fails, the read is not run.
PgStatement session_recording_statement(const RecordedRead& read);
Result<std::optional<ClinicianSession>> session_recorded(const PgRows& rows);
// The clinician behind the session whose token digest is $1, NULL when there is no valid one.
inline constexpr std::string_view kSessionClinicianSql =
    "(SELECT c.id FROM clinician_sessions s JOIN clinicians c ON c.id = s.clinician_id"
    " WHERE s.token_digest = $1 AND s.expires_at > now())";

class AuditLog {
 public:
  explicit AuditLog(PgPool& pool) : pool_(pool) {}

  Status record(long long clinician_id, AuditAction action, const std::optional<std::string>& patient_id,
                const std::string& request);
  // For a route that reads and changes nothing (so no CSRF token to check first): the
  // clinician behind the session cookie `token`, and this request recorded, in one statement
  // (one round trip instead of two on every read). The record is written only for a valid,
  // unexpired session, and before the route reads anything, as record() would. nullopt (and
  // nothing recorded) for an unknown or expired session.
  Result<std::optional<ClinicianSession>> session_recording(const std::string& token, AuditAction action,
                                                            const std::optional<std::string>& patient_id,
                                                            const std::string& request);
  // The clinician's own entries, newest first, at most kAuditPage, older than `before` if given.
  Result<std::vector<AuditEntry>> entries(long long clinician_id, std::optional<long long> before);

 private:
  PgPool& pool_;
};

}  // namespace unknot::clinic
