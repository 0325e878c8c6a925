// The clinic's data in PostgreSQL: clinicians and their sessions, patients, one-use link
// codes, device tokens, and the diary entries and intake that patients sync. Every rule about
// who owns what is enforced here, in the queries (a clinician's id is part of every patient
// query), so the HTTP layer cannot forget it. Secrets are stored only as digests.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "clinic/pg.h"
#include "core/result.h"

namespace unknot::clinic {

// Versioned migrations, applied in one transaction under an advisory lock, so concurrent
// `clinic init` or server starts are safe. Returns the schema version now in force.
Result<int> migrate(PgPool& pool);
int latest_schema_version();

struct Clinician {
  long long id = 0;
  std::string email;
  std::string display_name;
};

struct ClinicianSession {
  Clinician clinician;
  std::string csrf_token;
};

struct NewSession {
  std::string token;  // the cookie value; only its digest is stored
  std::string csrf_token;
};

struct PatientSummary {
  std::string id;
  std::string display_name;
  std::string created_at;
  std::optional<std::string> last_entry_at;  // the newest entry's "at"
  bool linked = false;
  long long entries = 0;
};

struct NewPatient {
  std::string id;
  std::string link_code;  // shown once
  std::string expires_at;
};

struct SyncOutcome {
  int stored = 0;
  int duplicates = 0;
  bool intake_changed = false;  // an intake was sent that differs from the stored one
};

// Lines that are not yet parsed: the store keeps canonical JSON lines, the app parses them.
struct PatientData {
  PatientSummary summary;
  std::optional<std::string> intake_json;
  std::vector<std::string> entry_lines;  // oldest first
};

// A patient's prescription as stored (canonical JSON, contract/prescription_json.h), with
// what the app needs to check it: the synced intake and the clinician's name.
struct PrescriptionRecord {
  std::optional<std::string> prescription_json;  // nullopt: none yet
  int version = 0;                               // 0: none yet
  std::optional<std::string> intake_json;
};

// One override a clinician confirmed (who, when, which rule), for the record.
struct OverrideRecord {
  std::string technique;
  std::string rule;
  std::string by;
  std::string at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

// Login throttling: failures counted in this window, per account and per client address.
inline constexpr std::chrono::minutes kLoginWindow{15};
inline constexpr int kMaxFailuresPerAccount = 5;
inline constexpr int kMaxFailuresPerAddress = 20;
inline constexpr std::chrono::hours kSessionLifetime{12};
inline constexpr std::chrono::hours kLinkCodeLifetime{72};

class ClinicStore {
 public:
  explicit ClinicStore(PgPool& pool) : pool_(pool) {}
  // For the stores beside this one (patient summaries, the audit log) on the same database.
  PgPool& pool() { return pool_; }

  // Accounts. kBadInput when the email is taken or the password is refused.
  Result<long long> add_clinician(const std::string& email, const std::string& display_name,
                                  const std::string& password);

  // Whether `key` ("account:EMAIL" / "address:IP") has too many recent failures.
  Result<bool> login_throttled(const std::string& email, const std::string& address);
  // Checks the password; on success a new session, on failure nullopt (and the failure is
  // counted against the account and the address). The same answer for an unknown email and a
  // wrong password: an unknown email still costs one password hash.
  Result<std::optional<NewSession>> login(const std::string& email, const std::string& password,
                                          const std::string& address);
  // The clinician behind a session cookie, if the session exists and has not expired.
  Result<std::optional<ClinicianSession>> session(const std::string& token);
  // Ends every session of the clinician (logout everywhere).
  Status logout_everywhere(long long clinician_id);

  // Patients, always within one clinician's list.
  Result<NewPatient> add_patient(long long clinician_id, const std::string& display_name);
  Result<std::vector<PatientSummary>> patients(long long clinician_id);
  // nullopt for an id that does not exist and for another clinician's patient alike.
  Result<std::optional<PatientData>> patient(long long clinician_id, const std::string& patient_id);
  // A fresh link code for an existing patient (the old ones stop working).
  Result<std::optional<NewPatient>> renew_link_code(long long clinician_id, const std::string& patient_id);

  // Prescriptions (clinic part 2). nullopt for an id that does not exist or is another
  // clinician's patient.
  Result<std::optional<PrescriptionRecord>> prescription(long long clinician_id, const std::string& patient_id);
  // Saves the prescription as version `version` if the stored one is still `version - 1`
  // (kBadInput "changed meanwhile" otherwise: two clinicians' tabs never overwrite each
  // other), and records `new_overrides`. false when the patient is not this clinician's.
  Result<bool> save_prescription(long long clinician_id, const std::string& patient_id, int version,
                                 const std::string& prescription_json, const std::vector<OverrideRecord>& new_overrides);
  // Every override confirmed for the patient, oldest first (nullopt: not this clinician's patient).
  Result<std::optional<std::vector<OverrideRecord>>> overrides(long long clinician_id, const std::string& patient_id);
  // The prescription a device's patient gets; nullopt when there is none.
  Result<std::optional<std::string>> device_prescription(const std::string& patient_id);

  // Devices. `link` consumes a code (one use, unexpired) and returns a device token.
  Result<std::optional<std::string>> link(const std::string& code);
  // The patient a device token belongs to; notes the device as seen (`last_seen`, to the minute).
  Result<std::optional<std::string>> device_patient(const std::string& token);
  // Stores canonical entry lines (idempotent) and the intake, all or nothing.
  Result<SyncOutcome> sync(const std::string& patient_id, const std::vector<std::pair<std::string, std::string>>& at_and_lines,
                           const std::optional<std::string>& intake_json);
  // Forgets the device; with `delete_data`, deletes the patient's entries and intake too.
  Status unlink(const std::string& token, bool delete_data);

 private:
  PgPool& pool_;
};

}  // namespace unknot::clinic
