// The report for a physiotherapist (`unknot report`, the web app's /report): one or two
// printed pages summing up a date range. Built ONCE here as plain values, in the words a
// person reads, from the intake, the plan, the diary and the review; the HTML page
// (report_html.h) and the PDF (report_pdf.h) only draw these values, so they cannot disagree.
// Pure: no I/O, no clock (the caller passes the day).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/intake.h"
#include "core/plan.h"
#include "core/review.h"

namespace unknot::report {

// One labelled line: "Pain now" / "6 out of 10".
struct Fact {
  std::string label;
  std::string value;
};

struct Week {
  int monday = 0;                  // day number
  std::string label;               // "2026-03-02"
  std::optional<double> mean_pain;  // mean of the week's morning readings
  int pain_readings = 0;
  int sessions = 0;           // sessions logged as completed
  int strength_sessions = 0;  // of those, strength sessions
};

struct DiaryRow {
  std::string date;  // "2026-03-02"
  std::string what;  // "Morning pain", "Session", "Trigger", "Warning sign", "Note", "Desk break"
  std::string detail;
};

struct Report {
  int from = 0;  // day numbers, inclusive
  int to = 0;
  std::string period;  // "2026-02-02 to 2026-03-01 (4 weeks)"
  std::vector<Fact> intake;           // empty without an intake
  std::string safety_now;             // the plan's safety screen, in plain words
  std::vector<DiaryRow> safety_history;  // warning signs reported in the diary, oldest first
  std::vector<Fact> plan;             // one line per phase
  int target_strength_per_week = 0;
  std::vector<Week> weeks;            // every ISO week of the range, oldest first
  std::string verdict;                // "Slight improvement"
  std::string next_step;              // "Hold the dose"
  std::vector<Fact> numbers;          // baseline, current, change
  std::vector<std::string> reasons;   // why the verdict
  std::vector<DiaryRow> diary;        // the range's entries, oldest first, at most kDiaryRows
  int diary_rows_left_out = 0;        // older entries not shown
};

// At most this many diary rows (the last two weeks or so), so the report stays within two
// printed pages; the weeks' table already sums up the morning pain of the whole range.
constexpr int kDiaryRows = 14;
// A range longer than this is cut to its last kMaxWeeks weeks.
constexpr int kMaxWeeks = 12;

struct Inputs {
  const Intake* intake = nullptr;  // nullptr: no intake saved
  const Plan* plan = nullptr;      // nullptr: no plan
  const std::vector<DiaryEntry>* diary = nullptr;
  const Review* review = nullptr;
  int today = 0;  // day number; the range ends here
};

// The range runs from the week of the first diary entry (at most kMaxWeeks weeks back) to today.
Report build_report(const Inputs& inputs);

// One diary entry in the words a person (or a physiotherapist) reads: the date, what it is and
// its detail, options in their wording rather than their stored keys ("A fever (feeling hot
// and shivery...)", not "fever"). The report's rows and the clinic's pages both use it.
DiaryRow describe_entry(const DiaryEntry& entry);

}  // namespace unknot::report
