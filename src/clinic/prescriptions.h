// The clinician's side of prescriptions (clinic part 2): read a patient's prescription, change
// it (the JSON API sends a whole prescription, the page's forms one change at a time) and save
// it after the same safety rules the person's own unknot applies (core/prescription.h): an
// item the patient's synced answers rule out is refused with the reason unless the clinician
// confirms an override of that rule, which is recorded (who, when, which rule). The route
// handlers in clinic_app.cc call these; the page is drawn here with `unknot::Html`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clinic/clinic_store.h"
#include "core/catalogue.h"
#include "core/prescription.h"
#include "core/result.h"
#include "web/http.h"

namespace unknot::clinic {

// An item the patient's answers rule out, and the rule an override would have to confirm.
struct Refusal {
  std::string field;  // "items[2]"
  std::string technique;
  std::string name;
  RuleOut rule;
};

struct LoadedPrescription {
  std::optional<Prescription> prescription;  // nullopt: none yet
  int version = 0;
  std::optional<Intake> intake;  // the patient's synced answers, when known
};

// nullopt: no such patient of this clinician's.
Result<std::optional<LoadedPrescription>> load_prescription(ClinicStore& store, long long clinician_id,
                                                            const std::string& patient_id, const Catalogue& catalogue);

struct SaveOutcome {
  bool no_patient = false;
  std::vector<Refusal> refusals;  // not saved when there are any
  std::optional<Prescription> saved;
};

// Checks `wanted` (check_prescription, then the patient's answers) and saves it as the version
// after `based_on`. Overrides in `wanted` with an empty `by` are confirmed now by `clinician`
// (`now_utc`) and recorded; ones already stored for the same item keep their record.
Result<SaveOutcome> save_checked(ClinicStore& store, const Clinician& clinician, const std::string& patient_id,
                                 int based_on, Prescription wanted, const Catalogue& catalogue,
                                 const std::string& now_utc);

// Refusals as the API's JSON answer: `{"error", "field", "refused": [{"field", "technique",
// "rule", "reason"}]}`.
std::string refusals_json(const std::vector<Refusal>& refusals);

// Now in UTC, "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now();

// One change from the prescription page's forms (`action` and its fields) applied to
// `current`; kBadInput names the form field (used to show the error beside it).
struct FormError {
  std::string field;
  std::string message;
};
Result<Prescription> apply_form_change(const Prescription& current, const std::vector<std::pair<std::string, std::string>>& form,
                                       const Catalogue& catalogue, FormError& error);

struct PrescriptionPageData {
  std::string csrf;
  std::string patient_id;
  std::string patient_name;
  LoadedPrescription loaded;
  std::vector<OverrideRecord> overrides;
  std::optional<FormError> error;
  std::vector<Refusal> refusals;
  std::vector<std::pair<std::string, std::string>> form;  // what was typed, shown again after an error
};

std::string prescription_page(const PrescriptionPageData& data, const Catalogue& catalogue);

}  // namespace unknot::clinic
