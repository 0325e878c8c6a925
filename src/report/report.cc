#include "report/report.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <set>

#include "core/insights.h"
#include "core/intake_questions.h"
#include "core/triage.h"
#include "core/vocabulary.h"

namespace unknot::report {
namespace {

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// The wording people read for a stored value, from the intake's own option lists; the value
// with spaces when no list has it.
std::string label_for(const std::string& value, std::initializer_list<const std::vector<IntakeOption>*> lists) {
  for (const auto* list : lists) {
    for (const IntakeOption& option : *list) {
      if (option.value != nullptr && value == option.value) return option.label;
    }
  }
  return spaced(value);
}

std::string labels_for(const std::set<std::string>& values,
                       std::initializer_list<const std::vector<IntakeOption>*> lists) {
  if (values.empty()) return "none";
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += "; ";
    out += label_for(value, lists);
  }
  return out;
}

std::vector<Fact> intake_facts(const Intake& person) {
  std::vector<Fact> facts;
  facts.push_back({"Age", std::to_string(person.age)});
  std::string pain = std::to_string(person.pain.now) + " out of 10 now";
  if (person.pain.worst_last_week) pain += ", worst last week " + std::to_string(*person.pain.worst_last_week);
  facts.push_back({"Pain at intake", pain});
  std::string since = one_decimal(person.pain.weeks_since_onset) + " weeks";
  if (person.pain.onset) since += ", " + label_for(*person.pain.onset, {&onset_options()});
  facts.push_back({"Pain for", since});
  facts.push_back({"Where", labels_for(person.pain.areas, {&area_options()})});
  facts.push_back({"Health history", labels_for(person.history, {&history_options()})});
  facts.push_back({"Cautions", labels_for(person.profile.cautions, {&caution_options()})});
  facts.push_back({"Cannot do", labels_for(person.profile.constraints, {&constraint_options()})});
  facts.push_back({"Equipment", labels_for(person.profile.equipment, {&equipment_options()})});
  facts.push_back({"Known triggers", labels_for(person.profile.triggers, {&trigger_options()})});
  std::string time;
  if (person.profile.minutes_per_day) time = std::to_string(*person.profile.minutes_per_day) + " minutes a day";
  if (person.profile.strength_days_per_week) {
    time += (time.empty() ? "" : ", ") + std::to_string(*person.profile.strength_days_per_week) +
            " strength days a week";
  }
  if (person.profile.desk_hours_per_day) {
    time += (time.empty() ? "" : ", ") + one_decimal(*person.profile.desk_hours_per_day) + " desk hours a day";
  }
  if (!time.empty()) facts.push_back({"Time", time});
  return facts;
}

std::string safety_words(const Triage& triage) {
  switch (triage.level) {
    case Level::kSelfCare: return "Safe to look after at home. " + triage.advice;
    case Level::kSeeProfessional: return "Self-care with a professional's check. " + triage.advice;
    case Level::kUrgent: return "See a doctor soon. " + triage.advice;
    case Level::kEmergency: return "Emergency help was advised. " + triage.advice;
  }
  return triage.advice;
}

std::vector<Fact> plan_facts(const Plan& plan) {
  std::vector<Fact> facts;
  for (const PlanPhase& phase : plan.phases) {
    std::string weeks = phase.last_week ? "Weeks " + std::to_string(phase.first_week) + " to " +
                                              std::to_string(*phase.last_week)
                                        : "From week " + std::to_string(phase.first_week);
    std::string sessions;
    for (const PlanSession& session : phase.sessions) {
      if (!sessions.empty()) sessions += "; ";
      sessions += session.title + " (" + std::to_string(session.days_per_week) + " days a week, about " +
                  std::to_string(session.minutes) + " min: ";
      for (size_t i = 0; i < session.items.size(); ++i) {
        sessions += (i == 0 ? "" : ", ") + session.items[i].name;
      }
      sessions += ")";
    }
    facts.push_back({weeks, phase.title + (sessions.empty() ? "" : ". " + sessions)});
  }
  return facts;
}

std::string symptom_words(const std::string& symptom) {
  return capitalised(label_for(symptom, {&emergency_sign_options(), &urgent_sign_options()}));
}

DiaryRow diary_row(const DiaryEntry& entry) {
  DiaryRow row{entry.at.substr(0, 10), "", ""};
  switch (entry.type) {
    case EntryType::kPain:
      row.what = is_morning_pain(entry) ? "Morning pain" : "Pain";
      row.detail = (entry.nprs ? std::to_string(*entry.nprs) + " out of 10" : std::string("?"));
      if (!is_morning_pain(entry) && !entry.context.empty()) row.detail += " (" + spaced(entry.context) + ")";
      break;
    case EntryType::kSession:
      row.what = "Session";
      row.detail = capitalised(spaced(entry.session));
      if (entry.completed) row.detail += *entry.completed ? ", done" : ", not finished";
      if (entry.pain_during) row.detail += ", worst pain " + std::to_string(*entry.pain_during);
      break;
    case EntryType::kTrigger:
      row.what = "Trigger";
      row.detail = capitalised(label_for(entry.trigger, {&trigger_options()}));
      if (entry.hours) row.detail += ", " + one_decimal(*entry.hours) + " h";
      break;
    case EntryType::kSymptom:
      row.what = "Warning sign";
      row.detail = symptom_words(entry.symptom);
      break;
    case EntryType::kNote:
      row.what = "Note";
      row.detail = entry.text;
      break;
    case EntryType::kBreak:
      row.what = "Desk break";
      row.detail = spaced(entry.outcome);
      break;
  }
  return row;
}

}  // namespace

DiaryRow describe_entry(const DiaryEntry& entry) { return diary_row(entry); }

Report build_report(const Inputs& in) {
  Report report;
  const std::vector<DiaryEntry> none;
  const std::vector<DiaryEntry>& diary = in.diary ? *in.diary : none;
  report.to = in.today;
  int first = in.today;
  for (const DiaryEntry& entry : diary) {
    if (auto day = day_number(entry.at); day && *day <= in.today) first = std::min(first, *day);
  }
  report.from = std::max(iso_monday(first), iso_monday(in.today) - 7 * (kMaxWeeks - 1));
  const int weeks = (iso_monday(in.today) - report.from) / 7 + 1;
  report.period = iso_date(report.from) + " to " + iso_date(report.to) + " (" + std::to_string(weeks) +
                  (weeks == 1 ? " week)" : " weeks)");

  if (in.intake) report.intake = intake_facts(*in.intake);
  if (in.plan) {
    report.safety_now = safety_words(in.plan->triage);
    report.plan = plan_facts(*in.plan);
    report.target_strength_per_week = in.plan->strength_days_per_week;
  } else {
    report.safety_now = "No safety screen yet: the intake has not been answered.";
  }

  // The range's entries, oldest first (stable: the diary's order within a day).
  std::vector<const DiaryEntry*> in_range;
  for (const DiaryEntry& entry : diary) {
    auto day = day_number(entry.at);
    if (day && *day >= report.from && *day <= report.to) in_range.push_back(&entry);
  }
  std::stable_sort(in_range.begin(), in_range.end(),
                   [](const DiaryEntry* a, const DiaryEntry* b) { return a->at < b->at; });

  std::map<int, Week> by_monday;
  for (int monday = report.from; monday <= iso_monday(report.to); monday += 7) {
    by_monday[monday] = Week{monday, iso_date(monday), std::nullopt, 0, 0, 0};
  }
  std::map<int, double> pain_sum;
  for (const DiaryEntry* entry : in_range) {
    Week& week = by_monday[iso_monday(*day_number(entry->at))];
    if (is_morning_pain(*entry) && entry->nprs) {
      ++week.pain_readings;
      pain_sum[week.monday] += *entry->nprs;
    }
    if (entry->type == EntryType::kSession && entry->completed.value_or(false)) {
      ++week.sessions;
      if (entry->session == "strength") ++week.strength_sessions;
    }
    if (entry->type == EntryType::kSymptom) report.safety_history.push_back(diary_row(*entry));
  }
  for (auto& [monday, week] : by_monday) {
    if (week.pain_readings > 0) week.mean_pain = pain_sum[monday] / week.pain_readings;
    report.weeks.push_back(week);
  }

  if (in.review) {
    const Review& review = *in.review;
    report.verdict = capitalised(spaced(review.verdict));
    report.next_step = capitalised(spaced(review.next_step));
    if (review.baseline.mean_nprs) {
      report.numbers.push_back({"First week", one_decimal(*review.baseline.mean_nprs) + " out of 10 (" +
                                                  iso_date(review.baseline.from) + " to " +
                                                  iso_date(review.baseline.to) + ")"});
    }
    if (review.current.mean_nprs) {
      report.numbers.push_back({"Last 7 days", one_decimal(*review.current.mean_nprs) + " out of 10"});
    }
    if (review.change_points) {
      std::string change = one_decimal(*review.change_points) + " points";
      if (review.change_percent) change += " (" + one_decimal(*review.change_percent) + "%)";
      report.numbers.push_back({"Change", change});
    }
    report.numbers.push_back({"Strength sessions", one_decimal(review.strength_sessions_per_week) +
                                                       " a week (plan: " + std::to_string(review.target_per_week) +
                                                       ")"});
    for (const ReviewReason& reason : review.reasons) report.reasons.push_back(reason.says);
  }

  const int total = static_cast<int>(in_range.size());
  const int shown = std::min(total, kDiaryRows);
  report.diary_rows_left_out = total - shown;
  for (int i = total - shown; i < total; ++i) report.diary.push_back(diary_row(*in_range[i]));
  return report;
}

}  // namespace unknot::report
