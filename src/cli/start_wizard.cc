#include "cli/start_wizard.h"

#include <fmt/format.h>

#include <cmath>
#include <istream>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/render.h"
#include "contract/intake_json.h"
#include "core/diary.h"
#include "core/triage.h"

namespace unknot::cli {
namespace {

using Json = nlohmann::json;

// Where an answer goes in the intake document: a JSON pointer, and for lists the value.
struct Option {
  const char* label;
  const char* pointer;  // "/symptoms", "/pain/tearing_or_ripping", "/pain/started_after"
  const char* value;    // list entry or enum value; nullptr for a boolean true
};

struct OutOfAnswers {};

class Asker {
 public:
  Asker(std::istream& in, std::ostream& out, const TerminalStyle& style) : in_(in), out_(out), style_(style) {}

  std::string line() {
    std::string answer;
    if (!std::getline(in_, answer)) throw OutOfAnswers{};
    auto start = answer.find_first_not_of(" \t\r");
    auto end = answer.find_last_not_of(" \t\r");
    return start == std::string::npos ? "" : answer.substr(start, end - start + 1);
  }

  void say(const std::string& text) { out_ << wrap(text, style_.width); }

  void question(const std::string& text) {
    out_ << "\n" << style_.bold(wrap(text, style_.width));
  }

  // A number in [minimum, maximum]; empty answer gives `fallback` when there is one.
  std::optional<double> number(const std::string& text, double minimum, double maximum, bool whole,
                               std::optional<double> fallback, bool optional) {
    question(text);
    while (true) {
      out_ << "> " << std::flush;
      std::string answer = line();
      if (answer.empty()) {
        if (fallback) return fallback;
        if (optional) return std::nullopt;
      }
      std::istringstream parse(answer);
      double value = 0;
      std::string rest;
      if (parse >> value && !(parse >> rest) && value >= minimum && value <= maximum &&
          (!whole || value == std::floor(value))) {
        return value;
      }
      out_ << wrap(fmt::format("Please type {} from {} to {}{}.", whole ? "a whole number" : "a number",
                               minimum, maximum, optional || fallback ? ", or press Enter to skip" : ""),
                   style_.width);
    }
  }

  // Several options by number; empty answer is none.
  std::vector<const Option*> checklist(const std::string& text, const std::vector<Option>& options) {
    question(text);
    for (std::size_t index = 0; index < options.size(); ++index) {
      out_ << fmt::format("  {:>2}. {}\n", index + 1, options[index].label);
    }
    out_ << style_.dim("Type the numbers that apply, separated by spaces, or press Enter for none.") << "\n";
    while (true) {
      out_ << "> " << std::flush;
      std::string answer = line();
      for (char& c : answer) {
        if (c == ',') c = ' ';
      }
      std::istringstream parse(answer);
      std::vector<const Option*> chosen;
      std::string token;
      bool valid = true;
      while (parse >> token) {
        char* end = nullptr;
        long number = std::strtol(token.c_str(), &end, 10);
        if (*end != '\0' || number < 1 || number > static_cast<long>(options.size())) {
          valid = false;
          break;
        }
        const Option* option = &options[static_cast<std::size_t>(number - 1)];
        if (std::find(chosen.begin(), chosen.end(), option) == chosen.end()) chosen.push_back(option);
      }
      if (valid) return chosen;
      out_ << wrap(fmt::format("Please type numbers from 1 to {}, or press Enter for none.", options.size()),
                   style_.width);
    }
  }

  // Exactly one option by number; empty answer gives nullptr when `optional`.
  const Option* choose(const std::string& text, const std::vector<Option>& options, bool optional) {
    question(text);
    for (std::size_t index = 0; index < options.size(); ++index) {
      out_ << fmt::format("  {:>2}. {}\n", index + 1, options[index].label);
    }
    while (true) {
      out_ << "> " << std::flush;
      std::string answer = line();
      if (answer.empty() && optional) return nullptr;
      char* end = nullptr;
      long number = std::strtol(answer.c_str(), &end, 10);
      if (!answer.empty() && *end == '\0' && number >= 1 && number <= static_cast<long>(options.size())) {
        return &options[static_cast<std::size_t>(number - 1)];
      }
      out_ << wrap(fmt::format("Please type one number from 1 to {}{}.", options.size(),
                               optional ? ", or press Enter to skip" : ""),
                   style_.width);
    }
  }

 private:
  std::istream& in_;
  std::ostream& out_;
  const TerminalStyle& style_;
};

void apply(Json& document, const Option& option) {
  Json::json_pointer pointer(option.pointer);
  if (!option.value) {
    document[pointer] = true;
  } else if (std::string(option.pointer) == "/pain/started_after" || std::string(option.pointer) == "/pain/onset" ||
             std::string(option.pointer) == "/self_care/change") {
    document[pointer] = option.value;
  } else {
    if (!document.contains(pointer)) document[pointer] = Json::array();
    document[pointer].push_back(option.value);
  }
}

const std::vector<Option> kEmergencySigns = {
    {"Chest pain, pressure, squeezing or tightness", "/symptoms", "chest_pain_or_pressure"},
    {"Short of breath", "/symptoms", "shortness_of_breath"},
    {"A cold sweat, or feeling sick", "/symptoms", "cold_sweat_or_nausea"},
    {"Light-headed, or you have fainted", "/symptoms", "lightheaded_or_fainting"},
    {"Pain spreading into your arm or jaw", "/symptoms", "pain_spreads_to_arm_or_jaw"},
    {"Sudden, severe pain that feels like tearing or ripping", "/pain/tearing_or_ripping", nullptr},
    {"Coughing up blood", "/symptoms", "coughing_blood"},
    {"Numbness, tingling or weakness in both legs", "/symptoms", "both_legs_numb_weak_or_tingling"},
    {"A change in controlling your bladder or bowels", "/symptoms", "bladder_or_bowel_change"},
    {"Numbness around your genitals or buttocks", "/symptoms", "saddle_numbness"},
    {"Face drooping, slurred speech, or one arm weak", "/symptoms", "stroke_signs"},
    {"Double vision", "/symptoms", "double_vision"},
    {"Black, tarry stools, or vomiting blood", "/symptoms", "black_stools_or_vomiting_blood"},
    {"The pain began after a serious accident (car crash, fall from a height)", "/pain/started_after",
     "major_accident"},
};

const std::vector<Option> kUrgentSigns = {
    {"A fever (feeling hot and shivery, 38 °C / 100.4 °F or more)", "/symptoms", "fever"},
    {"Losing weight without trying", "/symptoms", "unexplained_weight_loss"},
    {"A lump on your back, or your back has changed shape", "/symptoms", "lump_or_back_shape_change"},
    {"Feeling generally unwell", "/symptoms", "feeling_generally_unwell"},
    {"Weakness or clumsiness in an arm or hand", "/symptoms", "arm_or_hand_weakness_or_clumsiness"},
    {"Numbness, pins and needles or tingling in an arm or hand", "/symptoms", "arm_or_hand_numbness_or_tingling"},
    {"Unsteady when you walk", "/symptoms", "unsteady_walking"},
    {"An electric-shock feeling down your back when you bend your neck", "/symptoms", "electric_shock_on_neck_bend"},
    {"Dizzy spells, drop attacks or blackouts", "/symptoms", "dizziness_or_drop_attacks"},
    {"A new, severe headache", "/symptoms", "new_severe_headache"},
    {"Pain like a tight band around your chest or belly", "/symptoms", "band_like_trunk_pain"},
    {"Trouble swallowing", "/symptoms", "difficulty_swallowing"},
    {"A painful or swollen calf", "/symptoms", "calf_pain_or_swelling"},
    {"Stiffness in the morning that lasts more than 30 minutes", "/symptoms", "morning_stiffness_over_30_min"},
};

const std::vector<Option> kAreas = {
    {"Between the shoulder blades", "/pain/areas", "between_shoulder_blades"},
    {"Upper back", "/pain/areas", "upper_back"},
    {"Neck", "/pain/areas", "neck"},
    {"Shoulder", "/pain/areas", "shoulder"},
    {"Arm", "/pain/areas", "arm"},
    {"Hand", "/pain/areas", "hand"},
    {"Chest", "/pain/areas", "chest"},
    {"Jaw", "/pain/areas", "jaw"},
    {"Lower back", "/pain/areas", "lower_back"},
    {"Legs", "/pain/areas", "legs"},
};

const std::vector<Option> kPainFeatures = {
    {"Worse when you breathe in", "/pain/worse_breathing_in", nullptr},
    {"Worse when you cough or sneeze", "/pain/worse_cough_sneeze", nullptr},
    {"Constant, and no position or rest eases it", "/pain/constant_unrelieved_by_rest_or_position", nullptr},
    {"Worse at night", "/pain/worse_at_night", nullptr},
};

const std::vector<Option> kHistory = {
    {"Cancer, now or in the past", "/history", "cancer"},
    {"Osteoporosis (thin bones)", "/history", "osteoporosis"},
    {"A broken bone in the spine before", "/history", "previous_vertebral_fracture"},
    {"Steroid tablets for 3 months or more", "/history", "long_term_steroids"},
    {"A weakened immune system", "/history", "immunosuppressed"},
    {"Injecting drugs", "/history", "iv_drug_use"},
    {"A recent infection, or a recent medical procedure", "/history", "recent_infection_or_invasive_procedure"},
    {"Heart disease", "/history", "heart_disease"},
    {"A problem with the aorta, or a connective-tissue disorder", "/history",
     "aortic_disease_or_connective_tissue_disorder"},
    {"Inflammatory arthritis", "/history", "inflammatory_arthritis"},
    {"Diabetes", "/history", "diabetes"},
    {"Blood thinners", "/history", "blood_thinners"},
    {"Pregnant", "/history", "pregnant"},
    {"Surgery on the upper body in the last 3 months", "/history", "upper_body_surgery_last_3_months"},
    {"A stomach ulcer or bleeding", "/history", "stomach_ulcer_or_bleeding"},
    {"Kidney or liver disease", "/history", "kidney_or_liver_disease"},
    {"Asthma, or a reaction to aspirin or ibuprofen", "/history", "asthma_or_nsaid_allergy"},
};

const std::vector<Option> kEquipment = {
    {"Foam roller", "/profile/equipment", "foam_roller"},
    {"Massage ball or tennis ball", "/profile/equipment", "massage_ball"},
    {"Theracane (hooked massage stick)", "/profile/equipment", "theracane"},
    {"Heat pack, heating pad or hot-water bottle", "/profile/equipment", "heat_pack"},
    {"Cold pack", "/profile/equipment", "cold_pack"},
    {"Resistance band", "/profile/equipment", "resistance_band"},
    {"Dumbbells", "/profile/equipment", "dumbbells"},
};

const std::vector<Option> kConstraints = {
    {"Kneeling is hard or painful", "/profile/constraints", "cannot_kneel"},
    {"Lying on the floor is hard", "/profile/constraints", "cannot_lie_on_floor"},
    {"Wrist pain (leaning on your hands hurts)", "/profile/constraints", "wrist_pain"},
    {"Lifting your arms overhead hurts your shoulder", "/profile/constraints", "shoulder_pain_overhead"},
};

const std::vector<Option> kCautions = {
    {"Skin on your back that does not feel heat, cold or touch well", "/profile/cautions", "reduced_skin_sensation"},
    {"Poor circulation", "/profile/cautions", "poor_circulation"},
    {"Raynaud's (fingers go white or blue in the cold)", "/profile/cautions", "raynauds"},
    {"A skin problem on your back", "/profile/cautions", "skin_condition_on_back"},
    {"Cold makes you feel unwell or hurts", "/profile/cautions", "cold_sensitivity"},
};

const std::vector<Option> kTriggers = {
    {"Desk or computer work", "/profile/triggers", "desk_work"},
    {"Using your phone", "/profile/triggers", "phone_use"},
    {"Driving", "/profile/triggers", "driving"},
    {"Carrying a heavy bag", "/profile/triggers", "heavy_bag"},
    {"Reaching forward", "/profile/triggers", "reaching_forward"},
    {"Working with arms overhead", "/profile/triggers", "overhead_work"},
    {"Repeating the same movement", "/profile/triggers", "repetitive_motion"},
    {"Stress", "/profile/triggers", "stress"},
    {"Poor sleep", "/profile/triggers", "poor_sleep"},
    {"Sport", "/profile/triggers", "sport"},
    {"Standing for a long time", "/profile/triggers", "standing_long"},
};

WizardResult ask_everything(Asker& ask, std::ostream& out, const Catalogue& catalogue, const TerminalStyle& style) {
  Json document = {{"schema", "unknot.intake/1"}};
  ask.say("A few questions, one at a time. Safety first: some back pain needs a doctor, not exercises.");

  for (const Option* option : ask.checklist("Do you have any of these right now?", kEmergencySigns)) {
    apply(document, *option);
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
  for (const Option* option : ask.checklist("Do you have any of these?", kUrgentSigns)) apply(document, *option);

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
  static const std::vector<Option> kOnset = {{"Gradually", "/pain/onset", "gradual"},
                                             {"Suddenly", "/pain/onset", "sudden"}};
  if (const Option* onset = ask.choose("Did it come on gradually or suddenly? (Enter to skip)", kOnset, true)) {
    apply(document, *onset);
  }
  if (!document["pain"].contains("started_after")) {
    static const std::vector<Option> kStart = {
        {"Nothing in particular", "/pain/started_after", "nothing"},
        {"A minor strain, like lifting or an awkward movement", "/pain/started_after", "minor_strain"},
        {"A minor fall or bump", "/pain/started_after", "minor_fall_or_bump"}};
    if (const Option* start = ask.choose("Did it start after any of these? (Enter to skip)", kStart, true)) {
      apply(document, *start);
    }
  }
  for (const Option* option : ask.checklist("Where do you feel it?", kAreas)) apply(document, *option);
  for (const Option* option : ask.checklist("Is the pain any of these?", kPainFeatures)) apply(document, *option);
  for (const Option* option : ask.checklist("Do any of these apply to you?", kHistory)) apply(document, *option);

  if (auto weeks = ask.number("How many weeks have you already tried looking after it yourself? (Enter to skip)", 0,
                              520, false, std::nullopt, true)) {
    document["self_care"]["weeks_tried"] = std::min(*weeks, document["pain"]["weeks_since_onset"].get<double>());
    static const std::vector<Option> kChange = {{"Better", "/self_care/change", "better"},
                                                {"About the same", "/self_care/change", "same"},
                                                {"Worse", "/self_care/change", "worse"}};
    if (const Option* change = ask.choose("Since then, is it better, the same or worse?", kChange, true)) {
      apply(document, *change);
    }
  }
  document["profile"] = Json::object();
  for (const Option* option : ask.checklist("What do you have at home? (A wall, a sturdy chair, a doorway and a "
                                            "mat or rug are assumed.)",
                                            kEquipment)) {
    apply(document, *option);
  }
  for (const Option* option : ask.checklist("Is any of this hard for you?", kConstraints)) apply(document, *option);
  for (const Option* option : ask.checklist("Any of these?", kCautions)) apply(document, *option);
  document["profile"]["minutes_per_day"] = static_cast<int>(
      *ask.number("How many minutes a day can you give it? (Enter for 15)", 5, 120, true, 15.0, false));
  document["profile"]["strength_days_per_week"] = static_cast<int>(*ask.number(
      "On how many days a week could you do a short strength session? (Enter for 3)", 0, 7, true, 3.0, false));
  if (auto hours = ask.number("How many hours a day do you sit at a desk or computer? (Enter to skip)", 0, 24,
                              false, std::nullopt, true)) {
    document["profile"]["desk_hours_per_day"] = *hours;
  }
  for (const Option* option : ask.checklist("Be a detective: what tends to set the knot off?", kTriggers)) {
    apply(document, *option);
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
  Intake screened = person.value_or(Intake{});
  if (!person) {
    screened.age = 35;
    screened.pain.weeks_since_onset = 1;
  }
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
