// The clinician's pages (HTML from values): sign-in, the patient list sorted by need, a new
// link code, and one patient's progress. Text is escaped by construction: every value from
// the database or a form goes in through `Html::text`, and only literals through `tag`
// (core/html_builder.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/audit.h"
#include "clinic/clinic_store.h"
#include "clinic/patient_summary.h"
#include "core/html_builder.h"
#include "core/attention.h"
#include "core/diary.h"
#include "core/review.h"
#include "core/triage.h"

namespace unknot::clinic {

struct PatientRow {
  PatientSummary summary;
  NeedSummary need;
};

struct PatientPage {
  PatientSummary summary;
  std::vector<DiaryEntry> entries;
  std::optional<Triage> screen;
  Review review;
  std::vector<Attention> attention;
  std::optional<Level> level_with_logged_signs;  // the plan's screen: the intake plus the signs logged
  int days_with_data_last_30 = 0;
  int today = 0;
};

std::string problem_page(int status, const std::string& message);
// A signed-in page: the common header (navigation, sign out) around `body` under the heading `title`.
std::string page_frame(std::string_view title, const Html& body, const std::string& csrf);
std::string login_page(const std::string& error, const std::string& email);
// `filter`: an attention code to show only those patients ("" for all).
std::string patients_page(const Clinician& clinician, const std::string& csrf, const std::vector<PatientRow>& rows,
                          const std::string& filter);
std::string link_code_page(const std::string& csrf, const std::string& name, const NewPatient& code,
                           const std::string& server_url);
std::string patient_page(const std::string& csrf, const PatientPage& patient);
// The clinician's own audit log, newest first.
std::string audit_page(const Clinician& clinician, const std::string& csrf, const std::vector<AuditEntry>& entries);
// "A warning sign was reported on 2026-03-29 (safety screen: urgent)": a reason in the list's words.
std::string reason_words(Attention reason, const NeedSummary& need);

}  // namespace unknot::clinic
