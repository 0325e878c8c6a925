#include "core/safety_status.h"

#include <algorithm>

#include "core/intake_questions.h"

namespace unknot {

std::vector<LoggedSign> warning_signs_logged(const std::vector<DiaryEntry>& diary, int as_of) {
  std::vector<const DiaryEntry*> symptoms;
  for (const DiaryEntry& entry : diary) {
    if (entry.type != EntryType::kSymptom) continue;
    const std::optional<int> day = day_number(entry.at);
    if (!day || *day > as_of || *day <= as_of - kRescreenWindowDays) continue;
    symptoms.push_back(&entry);
  }
  std::stable_sort(symptoms.begin(), symptoms.end(),
                   [](const DiaryEntry* a, const DiaryEntry* b) { return a->at < b->at; });
  std::vector<LoggedSign> logged;
  for (const DiaryEntry* entry : symptoms) {
    const bool seen = std::any_of(logged.begin(), logged.end(),
                                  [&](const LoggedSign& sign) { return sign.symptom == entry->symptom; });
    if (!seen) logged.push_back({entry->symptom, entry->at});
  }
  return logged;
}

std::string logged_signs_text(const std::vector<LoggedSign>& logged) {
  if (logged.empty()) return "";
  std::string text = "Warning signs you logged in the last " + std::to_string(kRescreenWindowDays) +
                     " days, checked together with your answers: ";
  for (std::size_t index = 0; index < logged.size(); ++index) {
    if (index > 0) text += "; ";
    text += symptom_label(logged[index].symptom) + " (" + logged[index].at.substr(0, 10) + ")";
  }
  return text + ".";
}

Intake with_logged_signs(Intake person, const std::vector<LoggedSign>& logged) {
  for (const LoggedSign& sign : logged) person.symptoms.insert(sign.symptom);
  return person;
}

SafetyStatus safety_status(const std::optional<Intake>& saved, const std::vector<DiaryEntry>& diary,
                           int as_of, const SafetyText& text) {
  SafetyStatus status;
  status.logged = warning_signs_logged(diary, as_of);
  status.triage = triage(with_logged_signs(intake_for_screening(saved), status.logged), text);
  return status;
}

}  // namespace unknot
