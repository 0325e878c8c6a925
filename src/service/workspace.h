// One person's unknot: the knowledge base, the saved intake, the diary and the plan that
// follows from them. The adapters that face people (cli/, web/, desk/) all go through this
// so they read and write the same data the same way; it holds no presentation.
//
// The web server's worker threads share one Workspace: its caches (the knowledge base, the
// catalogue with custom exercises, the saved intake, the warnings) are each under a lock, and
// the catalogue is handed out shared, so a newer prescription swapped in by one thread leaves
// the catalogue another thread is drawing a page from alive. Everything else reads files.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <utility>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"
#include "core/plan.h"
#include "core/prescription.h"
#include "core/result.h"
#include "core/review.h"
#include "core/safety_status.h"
#include "report/report.h"

namespace unknot::service {

// The local date-time now, "YYYY-MM-DDTHH:MM:SS" (the contract's dates are local time).
std::string local_now();

// Now in UTC as "YYYYMMDDTHHMMSSZ" (the iCalendar DTSTAMP form).
std::string utc_stamp_now();

// This machine's current offset from UTC, "+01:00", for turning local diary times into exact
// FHIR date-times.
std::string local_utc_offset();

// The offset from UTC this machine's time zone (TZ) had, or will have, at the local
// date-time `local_time` ("2026-10-19T07:30:00"): "-04:00" in New York in October, "-05:00"
// in November. Empty when `local_time` is not a date-time.
std::string utc_offset_at(const std::string& local_time);

// The day number of `date` ("YYYY-MM-DD"; empty: today). kBadInput names `what` (e.g.
// "--as-of") when it is not a date.
Result<int> parse_day(const std::string& date, const std::string& what);

struct WorkspaceOptions {
  std::optional<std::string> data_dir;     // --data-dir; else the contract's defaults
  std::optional<std::string> content_dir;  // --content-dir; else the embedded knowledge base
  // How long a write waits while another process holds the diary's write lock (a long
  // import holds it for seconds). The command line waits long; a server should not.
  int write_wait_ms = 5000;
};

class Workspace {
 public:
  explicit Workspace(WorkspaceOptions options) : options_(std::move(options)) {}

  // The knowledge base, loaded once on first use, with the custom exercises of the
  // clinician's prescription (when a clinic sync brought one) as techniques; a newer
  // prescription file is picked up on the next call. Shared: it stays alive while any caller
  // holds it, whatever a later call swaps in.
  Result<std::shared_ptr<const Catalogue>> catalogue();

  // The knowledge base alone, without the prescription's custom exercises (what a clinic
  // sync checks a new prescription against).
  Result<std::shared_ptr<const Catalogue>> base_catalogue();

  // The clinician's prescription the last clinic sync stored (prescription.json), checked
  // against `catalogue`; nullopt when there is none. A file that no longer reads is named in
  // warnings() and ignored (the sync checked it before storing it).
  std::optional<Prescription> prescription(const Catalogue& catalogue) const;

  // The data directory (resolved, not created).
  Result<std::string> data_dir() const;

  // The intake `unknot start` saved; kBadInput "no intake yet" when there is none.
  Result<Intake> saved_intake() const;
  bool has_saved_intake() const;

  // Saves `person` as the intake durably; returns the file it went to.
  Result<std::string> save_intake(const Intake& person) const;

  // Called after each write that stored something (new diary entries, a saved intake), with
  // the data directory: how the CLI starts a clinic sync in the background when linked.
  void set_after_store(std::function<void(const std::string& data_dir)> hook) { after_store_ = std::move(hook); }
  // How long the next writes wait for another process's write lock (see WorkspaceOptions).
  void set_write_wait_ms(int milliseconds) { options_.write_wait_ms = milliseconds; }

  // Every diary entry, oldest first; empty when there is no diary yet. Opens the diary read
  // only, so a read-only data folder still reads. A stored row that no longer parses is
  // skipped and named in warnings() rather than making the whole diary unreadable.
  Result<std::vector<DiaryEntry>> diary() const;

  // The same diary as the facts the review and insights read (core/diary_facts.h): what
  // `unknot review` and `unknot insights` read, without building whole entries.
  Result<DiaryFacts> diary_facts() const;

  // Stores `entries` durably in one transaction; returns how many were new. Refuses
  // (kBadInput, naming the entry) what new_entry_problem() finds.
  Result<int> store(const std::vector<DiaryEntry>& entries);

  // What is wrong with `entry` as a new entry (core/diary_check.h: unknown session or
  // technique, dated in the future); nullopt when nothing is.
  std::optional<std::string> new_entry_problem(const DiaryEntry& entry);

  // Writes a consistent copy of the diary database to `target` (an output file: "-" is `out`).
  Status backup(const std::string& target, std::ostream& out) const;

  // Replaces the diary with the backup at `backup_path` (checked first; a damaged diary is
  // moved aside as diary.sqlite3.damaged).
  Status restore(const std::string& backup_path) const;

  // Problems met while reading that did not stop the read (skipped damaged rows), once each.
  std::vector<std::string> take_warnings() const {
    std::lock_guard hold(warnings_mutex_);
    return std::exchange(warnings_, {});
  }

  // The progress review as of day `as_of`, with the saved plan's strength days.
  Result<Review> review(int as_of) const;

  // The plan for `person` with today's review applied to strength doses (pain-monitoring
  // model) and the warning signs logged lately screened with the intake (safety_status):
  // the plan this person should follow now.
  // `as_of`: the day number of "today" (default: the real today; the web app has its own clock).
  Plan plan_for(const Intake& person, const Catalogue& catalogue, std::optional<int> as_of = std::nullopt) const;

  // The one safety status (core/safety_status) as of day `as_of`: the saved intake's screen
  // plus the warning signs logged in the re-screen window.
  Result<SafetyStatus> safety_status(int as_of);

  // plan_for() on the saved intake.
  Result<Plan> current_plan();

  // The report for a physiotherapist (report/report.h) as of day `today`, from the saved
  // intake and plan (when there are any), the diary and the review.
  Result<report::Report> report(int today);

 private:
  void stored(const std::string& data_dir) const {
    if (after_store_) after_store_(data_dir);
  }

  WorkspaceOptions options_;
  // The knowledge base alone (the process's embedded one, or one read from --content-dir),
  // and the catalogue handed out (the base, or the base with the prescription's custom
  // exercises), with the prescription file's stamp it was made from. Under catalogue_mutex_.
  std::mutex catalogue_mutex_;
  std::shared_ptr<const Catalogue> base_catalogue_;
  std::shared_ptr<const Catalogue> catalogue_;
  std::vector<long long> prescription_stamp_;
  bool prescription_checked_ = false;
  std::function<void(const std::string&)> after_store_;
  mutable std::mutex warnings_mutex_;
  mutable std::vector<std::string> warnings_;  // under warnings_mutex_
  void warn(std::string warning) const;
  Result<std::shared_ptr<const Catalogue>> base_catalogue_locked();
  // The saved intake as last read, and its file's stamp. Under saved_intake_mutex_: the web
  // app's worker threads share one Workspace and may read the intake at the same time.
  mutable std::mutex saved_intake_mutex_;
  mutable std::optional<Intake> saved_intake_;
  mutable std::vector<long long> saved_intake_stamp_;
  // Adds a warning for each row of the diary at `path` that was skipped as damaged.
  void warn_of_damage(const std::vector<Error>& damaged, const std::string& path) const;
};

}  // namespace unknot::service
