// One person's unknot: the knowledge base, the saved intake, the diary and the plan that
// follows from them. The adapters that face people (cli/, web/, desk/) all go through this
// so they read and write the same data the same way; it holds no presentation.
//
// Not thread-safe: the web server and the desk service use one from a single thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"
#include "core/plan.h"
#include "core/result.h"
#include "core/review.h"

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
};

class Workspace {
 public:
  explicit Workspace(WorkspaceOptions options) : options_(std::move(options)) {}

  // The knowledge base, loaded once on first use.
  Result<const Catalogue*> catalogue();

  // The data directory (resolved, not created).
  Result<std::string> data_dir() const;

  // The intake `unknot start` saved; kBadInput "no intake yet" when there is none.
  Result<Intake> saved_intake() const;
  bool has_saved_intake() const;

  // Saves `person` as the intake durably; returns the file it went to.
  Result<std::string> save_intake(const Intake& person) const;

  // Every diary entry, oldest first; empty when there is no diary yet.
  Result<std::vector<DiaryEntry>> diary() const;

  // Stores `entries` durably in one transaction; returns how many were new.
  Result<int> store(const std::vector<DiaryEntry>& entries) const;

  // The progress review as of day `as_of`, with the saved plan's strength days.
  Result<Review> review(int as_of) const;

  // The plan for `person` with today's review applied to strength doses (pain-monitoring
  // model): the plan this person should follow now.
  Plan plan_for(const Intake& person, const Catalogue& catalogue) const;

  // plan_for() on the saved intake.
  Result<Plan> current_plan();

 private:
  WorkspaceOptions options_;
  std::optional<Catalogue> catalogue_;
};

}  // namespace unknot::service
