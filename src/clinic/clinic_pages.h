// The clinician's pages (HTML from values): sign-in, the patient list sorted by need, a new
// link code, and one patient's progress. Text is escaped by construction: every value from
// the database or a form goes in through `Html::text`, and only literals through `tag`
// (core/html_builder.h).
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
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
// The same page in two steps. The content (charts, review, diary: tens of kB built from every
// entry) is the same for every session of every clinician, with no CSRF token in it, so the
// server renders it once per judged patient and day (PatientPageCache); the page around it
// (the header, the forms with this session's token) is built on every request.
std::string patient_page_body(const PatientPage& patient);
std::string patient_page(const std::string& csrf, const PatientSummary& summary, const std::string& body);

// Rendered patient page contents by patient, each valid for the data version and day it was
// judged for and the row it was shown with; the most recently used `capacity` kept. Safe to
// share between the server's threads.
class PatientPageCache {
 public:
  struct Key {
    long long data_version = 0;
    int today = 0;
    std::optional<std::string> last_entry_at;
    long long entries = 0;
    bool operator==(const Key&) const = default;
  };
  explicit PatientPageCache(std::size_t capacity = 128);
  std::shared_ptr<const std::string> find(const std::string& patient_id, const Key& key);
  void put(const std::string& patient_id, const Key& key, std::shared_ptr<const std::string> body);

 private:
  struct Slot {
    Key key;
    std::shared_ptr<const std::string> body;
    std::list<std::string>::iterator recency;
  };
  std::mutex mutex_;
  std::size_t capacity_;
  std::map<std::string, Slot> slots_;
  std::list<std::string> recency_;  // most recent first
};
// The clinician's own audit log, newest first.
std::string audit_page(const Clinician& clinician, const std::string& csrf, const std::vector<AuditEntry>& entries);
// "A warning sign was reported on 2026-03-29 (safety screen: urgent)": a reason in the list's words.
std::string reason_words(Attention reason, const NeedSummary& need);

}  // namespace unknot::clinic
