#include "cli/start_wizard.h"

#include <fmt/format.h>

#include <cmath>
#include <istream>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/asker.h"
#include "cli/render.h"
#include "contract/intake_json.h"
#include "core/diary.h"
#include "core/intake_questions.h"
#include "core/triage.h"

namespace unknot::cli {
namespace {

using Json = nlohmann::json;

using Option = IntakeOption;

const std::vector<Option>& kEmergencySigns = emergency_sign_options();
const std::vector<Option>& kUrgentSigns = urgent_sign_options();
const std::vector<Option>& kAreas = area_options();
const std::vector<Option>& kPainFeatures = pain_feature_options();
const std::vector<Option>& kHistory = history_options();
const std::vector<Option>& kEquipment = equipment_options();
const std::vector<Option>& kConstraints = constraint_options();
const std::vector<Option>& kCautions = caution_options();
const std::vector<Option>& kTriggers = trigger_options();

WizardResult ask_everything(Asker& ask, std::ostream& out, const Catalogue& catalogue, const TerminalStyle& style) {
  Json document = {{"schema", "unknot.intake/1"}};
  ask.say("A few questions, one at a time. Safety first: some back pain needs a doctor, not exercises.");

  for (const Option* option : ask.checklist("Do you have any of these right now?", kEmergencySigns)) {
    contract::apply_intake_answer(document, *option);
  }
  if (document.contains("symptoms") || document.contains("pain")) {
    // Check the emergency signs on their own, before anything else is asked.
    Json probe = document;
    probe["age"] = 40;
    probe["pain"]["now"] = 0;
    probe["pain"]["weeks_since_onset"] = 0;
    auto intake = contract::parse_intake(probe.dump(), "answers");
    if (intake) {
      Triage result = triage(*intake, catalogue.safety);
      if (result.level == Level::kEmergency) {
        out << "\n" << render_triage(result, catalogue, style);
        out << "\n" << wrap("unknot has stopped here and saved nothing. Please get help now.", style.width);
        return {WizardEnd::kEmergency, std::nullopt};
      }
    }
  }
  for (const Option* option : ask.checklist("Do you have any of these?", kUrgentSigns)) contract::apply_intake_answer(document, *option);

  document["age"] = static_cast<int>(*ask.number("How old are you?", 12, 120, true, std::nullopt, false));
  document["pain"]["now"] =
      static_cast<int>(*ask.number("How bad is the pain right now, from 0 (none) to 10 (worst imaginable)?", 0, 10,
                                   true, std::nullopt, false));
  if (auto worst = ask.number("And at its worst in the last week, 0 to 10? (Enter to skip)", 0, 10, true,
                              std::nullopt, true)) {
    document["pain"]["worst_last_week"] = static_cast<int>(std::max<double>(*worst, document["pain"]["now"].get<int>()));
  }
  document["pain"]["weeks_since_onset"] =
      *ask.number("How many weeks ago did it start? (0.5 for a few days)", 0, 2600, false, std::nullopt, false);
  const std::vector<Option>& kOnset = onset_options();
  if (const Option* onset = ask.choose("Did it come on gradually or suddenly? (Enter to skip)", kOnset, true)) {
    contract::apply_intake_answer(document, *onset);
  }
  if (!document["pain"].contains("started_after")) {
    const std::vector<Option>& kStart = started_after_options();
    if (const Option* start = ask.choose("Did it start after any of these? (Enter to skip)", kStart, true)) {
      contract::apply_intake_answer(document, *start);
    }
  }
  for (const Option* option : ask.checklist("Where do you feel it?", kAreas)) contract::apply_intake_answer(document, *option);
  for (const Option* option : ask.checklist("Is the pain any of these?", kPainFeatures)) contract::apply_intake_answer(document, *option);
  for (const Option* option : ask.checklist("Do any of these apply to you?", kHistory)) contract::apply_intake_answer(document, *option);
  // Follow-ups only when they matter: clot risk with pain on breathing in, pregnancy signs
  // only when pregnant. In order, so an answer can open the next follow-up.
  for (const FollowUpQuestion& follow_up : follow_up_questions()) {
    if (!contract::holds_intake_answer(document, follow_up.asked_when)) continue;
    for (const Option* option : ask.checklist(follow_up.question, follow_up.options())) {
      contract::apply_intake_answer(document, *option);
    }
  }

  if (auto weeks = ask.number("How many weeks have you already tried looking after it yourself? (Enter to skip)", 0,
                              520, false, std::nullopt, true)) {
    document["self_care"]["weeks_tried"] = std::min(*weeks, document["pain"]["weeks_since_onset"].get<double>());
    const std::vector<Option>& kChange = self_care_change_options();
    if (const Option* change = ask.choose("Since then, is it better, the same or worse?", kChange, true)) {
      contract::apply_intake_answer(document, *change);
    }
  }
  document["profile"] = Json::object();
  for (const Option* option : ask.checklist("What do you have at home? (A wall, a sturdy chair, a doorway and a "
                                            "mat or rug are assumed.)",
                                            kEquipment)) {
    contract::apply_intake_answer(document, *option);
  }
  for (const Option* option : ask.checklist("Is any of this hard for you?", kConstraints)) contract::apply_intake_answer(document, *option);
  for (const Option* option : ask.checklist("Any of these?", kCautions)) contract::apply_intake_answer(document, *option);
  document["profile"]["minutes_per_day"] = static_cast<int>(
      *ask.number("How many minutes a day can you give it? (Enter for 15)", 5, 120, true, 15.0, false));
  document["profile"]["strength_days_per_week"] = static_cast<int>(*ask.number(
      "On how many days a week could you do a short strength session? (Enter for 3)", 0, 7, true, 3.0, false));
  if (auto hours = ask.number("How many hours a day do you sit at a desk or computer? (Enter to skip)", 0, 24,
                              false, std::nullopt, true)) {
    document["profile"]["desk_hours_per_day"] = *hours;
  }
  for (const Option* option : ask.checklist("Be a detective: what tends to set the knot off?", kTriggers)) {
    contract::apply_intake_answer(document, *option);
  }
  auto intake = contract::parse_intake(document.dump(), "answers");
  // The questions only produce valid answers; a failure here is a bug worth seeing.
  if (!intake) throw std::logic_error(intake.error().message);
  return {WizardEnd::kFinished, std::move(*intake)};
}

}  // namespace

Result<CheckinResult> run_checkin(std::istream& in, std::ostream& out, const Catalogue& catalogue,
                                  const TerminalStyle& style, const std::optional<Intake>& person,
                                  const std::string& now, bool session_yesterday) {
  Asker ask(in, out, style);
  CheckinResult result;
  Intake screened = intake_for_screening(person);
  auto record = [&](const Option& option) {
    const std::string pointer = option.pointer;
    if (pointer == "/symptoms") {
      screened.symptoms.insert(option.value);
      DiaryEntry entry;
      entry.at = now;
      entry.type = EntryType::kSymptom;
      entry.symptom = option.value;
      result.entries.push_back(entry);
    } else if (pointer == "/pain/tearing_or_ripping") {
      screened.pain.tearing_or_ripping = true;
    } else if (pointer == "/pain/started_after") {
      screened.pain.started_after = option.value;
    }
  };
  try {
    ask.say("Daily check-in. First, the safety questions again: they matter more than anything else here.");
    for (const Option* option : ask.checklist("Do you have any of these right now?", kEmergencySigns)) record(*option);
    Triage emergency = triage(screened, catalogue.safety);
    if (emergency.level == Level::kEmergency) {
      out << "\n" << render_triage(emergency, catalogue, style);
      out << "\n" << wrap("The check-in has stopped here. Please get help now.", style.width);
      result.end = WizardEnd::kEmergency;
      return result;
    }
    for (const Option* option : ask.checklist("Any of these since your last check-in?", kUrgentSigns)) record(*option);
    if (screened.has_history("pregnant_20_weeks_or_more")) {
      for (const Option* option : ask.checklist(kPregnancySignsCheckinQuestion, pregnancy_sign_options())) {
        record(*option);
      }
    }
    const int pain = static_cast<int>(*ask.number(
        session_yesterday ? "You did a session yesterday. How is the pain this morning, 0 to 10?"
                          : "How is the pain this morning, 0 (none) to 10 (worst)?",
        0, 10, true, std::nullopt, false));
    DiaryEntry reading;
    reading.at = now;
    reading.type = EntryType::kPain;
    reading.nprs = pain;
    reading.context = session_yesterday ? "next_morning" : "morning";
    result.entries.push_back(reading);
    const std::string yesterday = iso_date(*day_number(now) - 1);
    for (const Option* option : ask.checklist("Be a detective: what did you do a lot of yesterday?", kTriggers)) {
      DiaryEntry trigger;
      trigger.at = yesterday;
      trigger.type = EntryType::kTrigger;
      trigger.trigger = option->value;
      result.entries.push_back(trigger);
    }
    ask.question("Anything else worth noting? (Enter to skip)");
    out << "> " << std::flush;
    if (std::string note = ask.line(); !note.empty()) {
      DiaryEntry entry;
      entry.at = now;
      entry.type = EntryType::kNote;
      entry.text = note;
      result.entries.push_back(entry);
    }
    // A warning sign reported today is screened at once, together with the saved intake.
    const bool reported_symptom = std::any_of(result.entries.begin(), result.entries.end(),
                                              [](const DiaryEntry& entry) { return entry.type == EntryType::kSymptom; });
    if (reported_symptom) out << "\n" << render_triage(triage(screened, catalogue.safety), catalogue, style);
  } catch (const OutOfAnswers&) {
    return Error::bad_input("unknot checkin: the answers ended before the questions did; nothing was saved");
  }
  return result;
}

Result<WizardResult> run_start_wizard(std::istream& in, std::ostream& out, const Catalogue& catalogue,
                                      const TerminalStyle& style) {
  Asker ask(in, out, style);
  try {
    return ask_everything(ask, out, catalogue, style);
  } catch (const OutOfAnswers&) {
    return Error::bad_input("unknot start: the answers ended before the questions did; nothing was saved");
  }
}

}  // namespace unknot::cli
