// Each patient judged once, not on every request. The clinician's list needs, per patient,
// the reasons for attention and a few numbers (last entry, entries, days with data in the
// last 30, the week's pain); working those out means parsing the whole synced diary and
// building the review, which costs milliseconds a patient. So the judged summary is kept in
// PostgreSQL (`patient_summaries`), written when a sync stores something new, and the list
// is one indexed query. What depends on today's date (the 28-day warning window, "nothing for
// 7 days", the week-4 review) goes stale at midnight: a summary judged for an older day, or
// for older data (`patients.data_version` moves on at every sync that changes something), is
// judged again when a list meets it, for that patient only.
//
// The patient page keeps its judged patient in memory, keyed by (patient, data version, day),
// so opening the same page twice parses the diary once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clinic/audit.h"
#include "clinic/clinic_store.h"
#include "clinic/pg.h"
#include "core/attention.h"
#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"
#include "core/plan.h"
#include "core/review.h"
#include "core/triage.h"

namespace unknot::clinic {

// One patient, read and judged: the parsed diary, the intake's screen, review, attention.
struct PatientView {
  PatientSummary summary;
  long long data_version = 0;
  std::vector<DiaryEntry> entries;  // oldest first
  std::optional<Intake> intake;
  std::optional<Triage> screen;
  Review review;
  std::vector<Attention> attention;
};

// Parses the stored lines and judges them as of `today` (a day number).
PatientView judge(const PatientData& data, long long data_version, const Catalogue& catalogue, int today);

// The patient's plan as their own app makes it on `today` (their intake, the warning signs
// they logged, the review's dose step); nullopt before an intake has been synced.
std::optional<Plan> patient_plan(const PatientView& view, const Catalogue& catalogue, int today);

// What the list shows of one patient, as stored in `patient_summaries`.
struct NeedSummary {
  std::vector<Attention> attention;            // most urgent first
  std::optional<std::string> warning_sign_on;  // the newest warning symptom within the window (date)
  std::optional<Level> screen_level;           // the intake's safety screen, once synced
  int days_with_data_last_30 = 0;              // days with at least one entry, today included
  std::optional<double> week_pain;             // mean morning pain of the last 7 days
  std::string verdict;                         // the review's verdict code
};

NeedSummary summarize(const PatientView& view, int today);

// Days (today and the 29 before) with at least one diary entry: remote monitoring's measure.
int days_with_data(const std::vector<DiaryEntry>& entries, int today, int window_days = 30);

// The newest warning symptom logged within the attention window, as its date.
std::optional<std::string> newest_warning_sign(const std::vector<DiaryEntry>& entries, int today);

std::optional<Level> level_from_code(const std::string& code);

// One row of the clinician's list: the patient and their stored summary.
struct ListedPatient {
  PatientSummary summary;
  NeedSummary need;
};

// The summaries in PostgreSQL, through the store's pool.
class SummaryStore {
 public:
  SummaryStore(PgPool& pool, const Catalogue& catalogue) : pool_(pool), catalogue_(catalogue) {}

  // The clinician's patients, most in need first; with `only` just those with that reason.
  // Summaries that are missing or stale are judged again first (see the header comment).
  Result<std::vector<ListedPatient>> list(long long clinician_id, std::optional<Attention> only, int today);

  // Judges every patient whose summary is missing or stale for `today` (`unknot clinic
  // init`: the backfill after the migration that added summaries, and a way to have the
  // whole clinic judged before the first lists of a day). Returns how many were judged.
  Result<long long> refresh_stale(int today);

  // Judges one patient now and stores the summary (after a sync stored something new).
  // A summary of newer data or a later day already stored is kept.
  Status refresh(const std::string& patient_id, int today);

  // One patient of the clinician, judged; through `cache` when it holds this data version.
  // nullopt for an id that does not exist and for another clinician's patient alike.
  // `summary` is read now (linked, last entry); `judged` may come from the cache.
  class ViewCache;
  struct Read {
    PatientSummary summary;
    std::shared_ptr<const PatientView> judged;
  };
  Result<std::optional<Read>> patient(long long clinician_id, const std::string& patient_id, int today,
                                      ViewCache& cache);

  // list() and patient() for a read not let through yet: the session behind `read`'s cookie
  // found, the read recorded in the audit log, and the read's first statement (which names its
  // clinician through that same session) sent together, one round trip instead of two
  // (session_recording_statement). Nothing is read for a session that is not valid, nothing if
  // the record fails, and nothing comes back before the record is committed. A null `session`:
  // not signed in, nothing recorded or read.
  struct RecordedList {
    std::optional<ClinicianSession> session;
    std::vector<ListedPatient> patients;
  };
  Result<RecordedList> list(const RecordedRead& read, std::optional<Attention> only, int today);
  struct RecordedPatient {
    std::optional<ClinicianSession> session;
    std::optional<Read> read;  // nullopt: no such patient of this clinician
  };
  Result<RecordedPatient> patient(const RecordedRead& read, const std::string& patient_id, int today,
                                  ViewCache& cache);

 private:
  Status refresh_on(PgConnection& db, const std::string& patient_id, int today);
  // The list from the rows of its statement, already run once (`first`); stale summaries
  // judged and the statement run again.
  Status list_on(PgConnection& db, long long clinician_id, std::optional<Attention> only, int today, PgRows first,
                 std::vector<ListedPatient>& list);
  // The patient page's read from its row (`rows`, of the patient statement).
  Status patient_on(PgConnection& db, const PgRows& rows, const std::string& patient_id, int today, ViewCache& cache,
                    std::optional<Read>& found);

  PgPool& pool_;
  const Catalogue& catalogue_;
};

// Judged patients by (patient, data version, day), the most recently used kept, at most
// `capacity` of them. Safe to share between the server's threads.
class SummaryStore::ViewCache {
 public:
  explicit ViewCache(std::size_t capacity = 128) : capacity_(capacity) {}
  std::shared_ptr<const PatientView> find(const std::string& patient_id, long long data_version, int today);
  void put(const std::string& patient_id, int today, std::shared_ptr<const PatientView> view);

 private:
  struct Slot {
    long long data_version;
    int today;
    std::shared_ptr<const PatientView> view;
    std::list<std::string>::iterator recency;
  };
  std::mutex mutex_;
  std::size_t capacity_;
  std::map<std::string, Slot> slots_;
  std::list<std::string> recency_;  // most recent first
};

// Judges patients after their sync has been answered, on one thread of its own, so a sync
// that stores something new costs the patient's device no more than one that does not. A
// patient asked for several times before their turn is judged once. If the server stops
// first, the summary stays stale and the next list judges it: nothing is lost.
class SummaryRefresher {
 public:
  explicit SummaryRefresher(SummaryStore& summaries);
  ~SummaryRefresher();  // finishes the patient being judged, drops the rest
  SummaryRefresher(const SummaryRefresher&) = delete;
  SummaryRefresher& operator=(const SummaryRefresher&) = delete;

  void request(const std::string& patient_id, int today);
  // Returns when nothing is waiting or being judged (tests).
  void wait_idle();

 private:
  void work();

  SummaryStore& summaries_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, int> waiting_;  // patient -> the day to judge for
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace unknot::clinic
