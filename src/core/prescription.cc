#include "core/prescription.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/vocabulary.h"

namespace unknot {
namespace {

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// What a form asks of the body and of the room, whatever it is (a catalogue form or a
// custom exercise): the inputs of the plan engine's form rules (core/plan.cc form_allowed).
struct Demands {
  Kind kind = Kind::kMobility;
  Position position = Position::kStanding;
  std::vector<std::string> equipment;
  bool weight_on_hands = false;
  bool overhead = false;
  std::vector<ConditionalNote> contraindications;
};

// The same rules as the plan engine's technique_allowed and form_allowed, with their reasons.
std::vector<RuleOut> rules_against(const Demands& demands, const Intake& intake) {
  std::vector<RuleOut> rules;
  for (const ConditionalNote& note : demands.contraindications) {
    if (intake.has_condition(note.when)) rules.push_back({"contraindication:" + note.when, note.says, note.says});
  }
  const bool cold = demands.kind == Kind::kCold || has(demands.equipment, "cold_pack");
  const bool heat_or_cold = cold || demands.kind == Kind::kHeat || has(demands.equipment, "heat_pack");
  if (heat_or_cold && intake.has_caution("reduced_skin_sensation")) {
    rules.push_back({"reduced_skin_sensation", "heat or cold on skin with reduced feeling can burn it unnoticed",
                     "heat or cold on skin with reduced feeling can burn it unnoticed"});
  }
  if (heat_or_cold && intake.has_caution("poor_circulation")) {
    rules.push_back({"poor_circulation", "heat or cold with poor circulation can harm the skin",
                     "heat or cold with poor circulation can harm the skin"});
  }
  if (cold && intake.has_caution("raynauds")) rules.push_back({"raynauds", "cold can bring on Raynaud's attacks", "cold can bring on Raynaud's attacks"});
  if (cold && intake.has_caution("cold_sensitivity")) rules.push_back({"cold_sensitivity", "the patient is sensitive to cold", "you said cold makes you unwell or hurts"});
  for (const std::string& item : demands.equipment) {
    if (!intake.has_equipment(item)) {
      rules.push_back({"missing_equipment:" + item, "the patient has no " + spaced(item), "you have no " + spaced(item)});
    }
  }
  if (intake.has_constraint("cannot_kneel") && needs_kneeling(demands.position)) {
    const std::string done = "this is done " + std::string(position_words(demands.position));
    rules.push_back({"cannot_kneel", "the patient cannot kneel, and " + done, "you said kneeling is hard, and " + done});
  }
  if (intake.has_constraint("cannot_lie_on_floor") && lies_on_floor(demands.position)) {
    rules.push_back({"cannot_lie_on_floor", "the patient cannot lie on the floor, and this is done lying down",
                     "you said lying on the floor is hard, and this is done lying down"});
  }
  if (intake.has_constraint("wrist_pain") && demands.weight_on_hands) {
    rules.push_back({"wrist_pain", "the patient has wrist pain, and this puts weight on the hands",
                     "you said your wrists hurt, and this puts weight on the hands"});
  }
  if (intake.has_constraint("shoulder_pain_overhead") && demands.overhead) {
    rules.push_back({"shoulder_pain_overhead", "the patient has shoulder pain overhead, and this reaches overhead",
                     "you said your shoulder hurts overhead, and this reaches overhead"});
  }
  if (intake.has_history("pregnant") && (demands.position == Position::kProne || demands.position == Position::kSupine)) {
    rules.push_back({"pregnant", "the patient is pregnant, and this is done lying face down or flat on the back",
                     "you are pregnant, and this is done lying face down or flat on the back"});
  }
  return rules;
}

Demands demands_of(const TechniqueForm& form, const Technique& technique) {
  return {technique.kind, form.position, form.equipment, form.weight_on_hands, form.overhead, technique.contraindications};
}

bool dose_in_range(const Dose& dose, std::string& problem) {
  auto check = [&](const std::optional<int>& value, const char* name, int low, int high) {
    if (value && (*value < low || *value > high)) {
      problem = std::string(name) + " must be between " + std::to_string(low) + " and " + std::to_string(high);
    }
  };
  check(dose.duration_s, "duration_s", 5, 3600);
  check(dose.sets, "sets", 1, 10);
  check(dose.reps, "reps", 1, 100);
  check(dose.hold_s, "hold_s", 1, 300);
  check(dose.holds, "holds", 1, 20);
  check(dose.rest_s, "rest_s", 0, 600);
  if (problem.empty() && !dose.duration_s && !dose.reps && !dose.hold_s) {
    problem = "needs a duration, reps or a hold";
  }
  return problem.empty();
}

// Clinicians' words: not empty where needed, one line, no control characters, no braces (step
// texts are templates, core/step_text.h, and a brace would read as a placeholder).
Status check_text(const std::string& text, const std::string& field, bool required, std::size_t limit) {
  if (required && text.find_first_not_of(" \t") == std::string::npos) return Error::bad_input(field + " is empty");
  if (text.size() > limit) return Error::bad_input(field + " is longer than " + std::to_string(limit) + " characters");
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return Error::bad_input(field + " contains a control character or a line break");
    if (c == '{' || c == '}') return Error::bad_input(field + " may not contain { or }");
  }
  return Ok{};
}

Status check_texts(const std::vector<std::string>& texts, const std::string& field, std::size_t max_count) {
  if (texts.size() > max_count) return Error::bad_input(field + " has more than " + std::to_string(max_count) + " lines");
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (auto valid = check_text(texts[i], field + "[" + std::to_string(i) + "]", true, 500); !valid) return valid;
  }
  return Ok{};
}

std::string name_of(const std::string& id, const Catalogue& catalogue) {
  const Technique* technique = catalogue.find_technique(id);
  return technique ? technique->name : id;
}

int estimated_minutes(const std::vector<PlanItem>& items) {
  int seconds = 0;
  for (const PlanItem& item : items) seconds += item.estimated_seconds;
  return static_cast<int>(std::ceil(seconds / 60.0));
}

std::string reasons_text(const std::vector<RuleOut>& rules) {
  std::string text;
  for (const RuleOut& rule : rules) text += (text.empty() ? "" : "; ") + rule.for_you;
  return text;
}

}  // namespace

const CustomExercise* Prescription::find_custom(const std::string& id) const {
  for (const CustomExercise& exercise : custom_exercises) {
    if (exercise.id == id) return &exercise;
  }
  return nullptr;
}

std::vector<RuleOut> rule_outs(const Technique& technique, const Intake& intake) {
  if (safe_form(technique, intake)) return {};
  std::vector<RuleOut> rules = rules_against(demands_of(technique.form(), technique), intake);
  // safe_form refused every form; should the reasons of the main form come out empty (a
  // variant-only refusal), still say why rather than let the item through.
  if (rules.empty()) rules.push_back({"no_safe_form", "no form of it suits the patient's answers", "no form of it suits your answers"});
  return rules;
}

std::vector<RuleOut> rule_outs(const CustomExercise& exercise, const Intake& intake) {
  return rules_against({Kind::kMobility, exercise.position, exercise.equipment, false, false, {}}, intake);
}

std::vector<RuleOut> unconfirmed(const std::vector<RuleOut>& rules, const std::vector<PrescriptionOverride>& overrides) {
  std::vector<RuleOut> left;
  for (const RuleOut& rule : rules) {
    const bool confirmed = std::any_of(overrides.begin(), overrides.end(),
                                       [&](const PrescriptionOverride& o) { return o.rule == rule.rule; });
    if (!confirmed) left.push_back(rule);
  }
  return left;
}

Status check_prescription(const Prescription& prescription, const Catalogue& catalogue) {
  if (prescription.days_per_week < 1 || prescription.days_per_week > 7) {
    return Error::bad_input("days_per_week must be between 1 and 7");
  }
  if (auto valid = check_text(prescription.note, "note", false, 2000); !valid) return valid;
  if (prescription.items.size() > static_cast<std::size_t>(kMaxPrescribedItems)) {
    return Error::bad_input("items has more than " + std::to_string(kMaxPrescribedItems) + " items");
  }
  if (prescription.custom_exercises.size() > static_cast<std::size_t>(kMaxCustomExercises)) {
    return Error::bad_input("custom_exercises has more than " + std::to_string(kMaxCustomExercises) + " exercises");
  }
  std::set<std::string> custom_ids;
  for (std::size_t i = 0; i < prescription.custom_exercises.size(); ++i) {
    const CustomExercise& exercise = prescription.custom_exercises[i];
    const std::string at = "custom_exercises[" + std::to_string(i) + "]";
    if (exercise.id.rfind(kCustomPrefix, 0) != 0 || exercise.id.size() == kCustomPrefix.size() ||
        exercise.id.size() > 40 || !custom_ids.insert(exercise.id).second) {
      return Error::bad_input(at + ".id must be a unique \"custom-...\" id");
    }
    if (auto valid = check_text(exercise.title, at + ".title", true, 120); !valid) return valid;
    if (exercise.steps.empty()) return Error::bad_input(at + ".steps needs at least one step");
    if (auto valid = check_texts(exercise.steps, at + ".steps", 12); !valid) return valid;
    if (auto valid = check_texts(exercise.cautions, at + ".cautions", 8); !valid) return valid;
    if (auto valid = check_texts(exercise.stop_if, at + ".stop_if", 8); !valid) return valid;
    std::string problem;
    if (!dose_in_range(exercise.dose, problem)) return Error::bad_input(at + ".dose " + problem);
    for (std::size_t e = 0; e < exercise.equipment.size(); ++e) {
      if (!contains(equipment_names(), exercise.equipment[e])) {
        return Error::bad_input(at + ".equipment[" + std::to_string(e) + "] '" + exercise.equipment[e] +
                                "' is not equipment unknot knows");
      }
    }
    if (!exercise.picture.empty() && !catalogue.find_technique(exercise.picture)) {
      return Error::bad_input(at + ".picture '" + exercise.picture + "' is not a technique of the knowledge base");
    }
  }
  std::set<std::string> prescribed;
  for (std::size_t i = 0; i < prescription.items.size(); ++i) {
    const PrescribedItem& item = prescription.items[i];
    const std::string at = "items[" + std::to_string(i) + "]";
    if (!catalogue.find_technique(item.technique) && !custom_ids.count(item.technique)) {
      return Error::bad_input(at + ".technique '" + item.technique +
                              "' is neither a technique of the knowledge base nor one of the custom exercises");
    }
    if (!prescribed.insert(item.technique).second) return Error::bad_input(at + ".technique is prescribed twice");
    if (item.dose) {
      std::string problem;
      if (!dose_in_range(*item.dose, problem)) return Error::bad_input(at + ".dose " + problem);
    }
    if (auto valid = check_text(item.note, at + ".note", false, 1000); !valid) return valid;
    for (std::size_t o = 0; o < item.overrides.size(); ++o) {
      if (item.overrides[o].rule.empty()) return Error::bad_input(at + ".overrides[" + std::to_string(o) + "].rule is empty");
    }
  }
  for (std::size_t i = 0; i < prescription.removed.size(); ++i) {
    if (!catalogue.find_technique(prescription.removed[i])) {
      return Error::bad_input("removed[" + std::to_string(i) + "] '" + prescription.removed[i] +
                              "' is not a technique of the knowledge base");
    }
    if (prescribed.count(prescription.removed[i])) {
      return Error::bad_input("removed[" + std::to_string(i) + "] is also prescribed");
    }
  }
  return Ok{};
}

Technique as_technique(const CustomExercise& exercise) {
  Technique technique;
  technique.id = exercise.id;
  technique.name = exercise.title;
  technique.kind = Kind::kMobility;
  technique.position = exercise.position;
  technique.summary = "An exercise from your physiotherapist, written for you.";
  technique.steps = exercise.steps;
  technique.dose = exercise.dose;
  technique.equipment = exercise.equipment;
  technique.stop_if = exercise.stop_if;
  technique.cautions = exercise.cautions;
  technique.picture = exercise.picture;
  technique.frequency = {1, 7, "As your physiotherapist prescribed"};
  technique.evidence = {"expert_practice", "Written by your physiotherapist for you."};
  return technique;
}

Catalogue with_custom_exercises(Catalogue catalogue, const Prescription& prescription) {
  for (const CustomExercise& exercise : prescription.custom_exercises) {
    if (!catalogue.find_technique(exercise.id)) catalogue.techniques.push_back(as_technique(exercise));
  }
  return catalogue;
}

namespace {

// Puts the physiotherapist's session into the phase's week beside the person's own sessions,
// which keep their days: on its own spread-out weekdays (as schedule_week would choose them) and
// first on days where it fits within the person's minutes a day, then on any other day, so it
// gets every day the physiotherapist asked for. A day can then hold two sessions; its minutes
// are the sum, and when that is more than the person said they have, the plan says so.
void place_prescribed(PlanPhase& phase, PlanSession prescribed, int minutes_per_day, std::vector<PlanNote>& notes) {
  phase.week = schedule_week(phase.sessions);
  std::vector<int> wanted;
  for (const PlanDay& day : schedule_week({prescribed})) {
    if (!day.sessions.empty()) wanted.push_back(day.weekday);
  }
  for (int day = 0; day < 7; ++day) {
    if (std::find(wanted.begin(), wanted.end(), day) == wanted.end()) wanted.push_back(day);
  }
  std::vector<bool> used(7, false);
  int placed = 0;
  for (const bool within_minutes : {true, false}) {
    for (int day : wanted) {
      if (placed >= prescribed.days_per_week) break;
      PlanDay& slot = phase.week[static_cast<std::size_t>(day)];
      if (used[static_cast<std::size_t>(day)]) continue;
      if (within_minutes && !slot.sessions.empty() && slot.minutes + prescribed.minutes > minutes_per_day) continue;
      slot.sessions.push_back(prescribed.id);
      slot.minutes += prescribed.minutes;
      used[static_cast<std::size_t>(day)] = true;
      ++placed;
    }
  }
  const bool over = std::any_of(phase.week.begin(), phase.week.end(),
                                [&](const PlanDay& day) { return day.minutes > minutes_per_day; });
  phase.sessions.insert(phase.sessions.begin(), std::move(prescribed));
  if (!over) return;
  const std::string says = "With your physiotherapist's exercises some days take more than the " +
                           std::to_string(minutes_per_day) +
                           " minutes a day you said you have. If that is too much, tell your physiotherapist.";
  if (std::none_of(notes.begin(), notes.end(), [&](const PlanNote& note) { return note.says == says; })) {
    notes.push_back({"clinician_over_minutes", says});
  }
}

}  // namespace

Plan apply_prescription(Plan plan, const Prescription& prescription, const Catalogue& catalogue, const Intake& intake) {
  if (plan.status == PlanStatus::kRefer || !plan.triage.program_allowed) {
    plan.notes.push_back({"clinician_on_hold",
                          "Your physiotherapist's exercises are on hold: the safety check says to get checked first."});
    return plan;
  }
  // Removed techniques leave every session; a session left empty goes too.
  for (const std::string& removed : prescription.removed) {
    bool was_there = false;
    for (PlanPhase& phase : plan.phases) {
      for (PlanSession& session : phase.sessions) {
        const auto before = session.items.size();
        std::erase_if(session.items, [&](const PlanItem& item) { return item.technique == removed; });
        if (session.items.size() != before) {
          was_there = true;
          session.minutes = estimated_minutes(session.items);
        }
      }
      std::erase_if(phase.sessions, [](const PlanSession& session) { return session.items.empty(); });
    }
    const auto habits_before = plan.habits.size();
    std::erase_if(plan.habits, [&](const Habit& habit) { return habit.technique == removed; });
    was_there = was_there || plan.habits.size() != habits_before;
    if (was_there) {
      plan.notes.push_back({"clinician_removed",
                            "Your physiotherapist removed " + name_of(removed, catalogue) + " from your plan."});
    }
  }
  // The prescribed items, each in the form the person's answers allow.
  std::vector<PlanItem> items;
  for (const PrescribedItem& prescribed : prescription.items) {
    const Technique* technique = catalogue.find_technique(prescribed.technique);
    if (!technique) continue;  // check_prescription refuses this at every boundary
    const CustomExercise* custom = prescription.find_custom(prescribed.technique);
    const std::vector<RuleOut> rules = custom ? rule_outs(*custom, intake) : rule_outs(*technique, intake);
    const std::vector<RuleOut> left = unconfirmed(rules, prescribed.overrides);
    if (!left.empty()) {
      plan.notes.push_back({"clinician_item_ruled_out", "Your physiotherapist prescribed " + technique->name +
                                                           ", but your answers rule it out (" + reasons_text(left) +
                                                           "), so it is not in your plan. Ask them about it."});
      continue;
    }
    PlanItem item;
    if (auto safe = custom ? std::nullopt : safe_form(*technique, intake); safe) {
      item = std::move(*safe);
    } else {
      // A custom exercise, or a technique the clinician confirmed despite the person's answers.
      const TechniqueForm form = technique->form();
      item.technique = technique->id;
      item.kind = technique->kind;
      item.position = form.position;
      item.equipment = form.equipment;
      item.weight_on_hands = form.weight_on_hands;
      item.overhead = form.overhead;
      item.dose = form.dose;
      item.sources = technique->sources;
      item.cautions = form.cautions;
    }
    for (const RuleOut& rule : rules) {
      for (const PrescriptionOverride& confirmed : prescribed.overrides) {
        if (confirmed.rule != rule.rule) continue;
        item.cautions.push_back("Your physiotherapist (" + confirmed.by + ") chose this for you on " +
                                confirmed.at.substr(0, 10) + " although " + rule.for_you + ".");
      }
    }
    if (prescribed.dose) item.dose = *prescribed.dose;
    item.estimated_seconds = estimate_seconds(item.dose, technique->seconds_per_rep);
    item.name = item.name.empty() ? technique->name : item.name;
    item.name += " (" + std::string(kFromPhysio) + ")";
    item.source = std::string(kClinicianSource);
    item.why = "Prescribed by your physiotherapist" +
               (prescription.clinician.empty() ? std::string() : ", " + prescription.clinician) + "." +
               (prescribed.note.empty() ? std::string() : " " + prescribed.note);
    items.push_back(std::move(item));
  }
  if (!prescription.note.empty()) plan.notes.push_back({"clinician_note", "Your physiotherapist says: " + prescription.note});
  if (items.empty()) {
    for (PlanPhase& phase : plan.phases) phase.week = schedule_week(phase.sessions);
    return plan;
  }
  PlanSession session;
  session.id = std::string(kPrescribedSessionId);
  session.title = "From your physiotherapist";
  session.days_per_week = prescription.days_per_week;
  session.minutes = estimated_minutes(items);
  session.items = std::move(items);
  for (PlanPhase& phase : plan.phases) {
    place_prescribed(phase, session, plan.minutes_per_day, plan.notes);
  }
  return plan;
}

}  // namespace unknot
