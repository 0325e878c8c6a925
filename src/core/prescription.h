// A physiotherapist's prescription for one person (clinic mode) and how it changes the
// person's own plan. Pure. The clinician adds techniques from the knowledge base or custom
// exercises of their own, with doses, days a week and notes, and may remove techniques the
// plan engine chose. The person's safety screen and constraints still rule: an item their
// answers rule out stays out unless the clinician confirmed an explicit override for that
// rule (recorded: who, when, which rule), and an urgent or emergency screen stops everything.
// The same rules decide on the clinic's side when prescribing (rule_outs) and on the person's
// side when the plan is built (apply_prescription), so the two cannot disagree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/intake.h"
#include "core/plan.h"
#include "core/result.h"

namespace unknot {

// The clinician confirmed that the person may do an item although `rule` rules it out.
struct PrescriptionOverride {
  std::string rule;  // a rule code from rule_outs(): "cannot_kneel", "missing_equipment:resistance_band"
  std::string by;    // the clinician's name
  std::string at;    // UTC, "YYYY-MM-DDTHH:MM:SSZ"

  bool operator==(const PrescriptionOverride&) const = default;
};

// An exercise the clinician wrote: everything a person reads, in the clinician's words.
struct CustomExercise {
  std::string id;  // "custom-" and a number; unique within the prescription
  std::string title;
  std::vector<std::string> steps;
  Dose dose;
  std::vector<std::string> cautions;
  std::vector<std::string> stop_if;
  Position position = Position::kStanding;
  std::vector<std::string> equipment;  // intake equipment names
  std::string picture;                 // a knowledge-base technique whose pose figures it uses; "" none

  bool operator==(const CustomExercise&) const = default;
};

// One item the clinician prescribed: a knowledge-base technique or one of the custom exercises.
struct PrescribedItem {
  std::string technique;    // a catalogue technique id or a CustomExercise::id
  std::optional<Dose> dose;  // absent: the technique's own
  std::string note;
  std::vector<PrescriptionOverride> overrides;

  bool operator==(const PrescribedItem&) const = default;
};

struct Prescription {
  int version = 0;  // grows with every change the clinician saves
  std::string updated_at;
  std::string clinician;  // name, for people
  int days_per_week = 3;
  std::string note;
  std::vector<PrescribedItem> items;
  std::vector<CustomExercise> custom_exercises;
  std::vector<std::string> removed;  // catalogue techniques taken out of the person's own plan

  bool operator==(const Prescription&) const = default;
  const CustomExercise* find_custom(const std::string& id) const;
};

inline constexpr int kMaxPrescribedItems = 12;
inline constexpr int kMaxCustomExercises = 12;
inline constexpr std::string_view kCustomPrefix = "custom-";
// The source tag of a prescribed plan item in JSON.
inline constexpr std::string_view kClinicianSource = "clinician";
// What people read next to a prescribed item.
inline constexpr std::string_view kFromPhysio = "from your physiotherapist";

// Why the person's answers rule something out: a rule code (JSON, overrides) and plain words
// for each reader.
struct RuleOut {
  std::string rule;
  std::string reason;   // for the clinician, about the patient: "the patient cannot kneel, ..."
  std::string for_you;  // the same fact for the person: "you said kneeling is hard, ..."

  bool operator==(const RuleOut&) const = default;
};

// The rules the person's answers break for `technique`: empty when some form of it (the main
// one or a variant) is safe for them, by the plan engine's own rules (safe_form); otherwise
// the reasons its main form is ruled out.
std::vector<RuleOut> rule_outs(const Technique& technique, const Intake& intake);
std::vector<RuleOut> rule_outs(const CustomExercise& exercise, const Intake& intake);

// What rule_outs() leaves after the item's overrides: the rules still unconfirmed.
std::vector<RuleOut> unconfirmed(const std::vector<RuleOut>& rules, const std::vector<PrescriptionOverride>& overrides);

// Checks that the prescription is complete and sound against the knowledge base: every item
// names a technique or custom exercise, doses and days are in range, custom exercises have a
// title and steps, vocabularies are known. kBadInput naming the field ("items[2].technique").
Status check_prescription(const Prescription& prescription, const Catalogue& catalogue);

// The custom exercise as a technique, so the session script, the web pages and the calendar
// treat it like a built-in one. Its pictures are those of `picture` (Technique::picture).
Technique as_technique(const CustomExercise& exercise);

// The catalogue with the prescription's custom exercises added as techniques.
Catalogue with_custom_exercises(Catalogue catalogue, const Prescription& prescription);

// The person's plan after the prescription: removed techniques taken out (with a note saying
// the physiotherapist removed them), prescribed items added as one session "from your
// physiotherapist" in every phase, `days_per_week` days a week, each item tagged with the
// clinician as its source. An item the person's answers rule out is left out with a note,
// unless every rule against it was overridden (then it comes with a caution saying so). A
// plan that refers the person (urgent or emergency screen) stays as it is: nothing is added.
// `catalogue` must hold the custom exercises (with_custom_exercises).
Plan apply_prescription(Plan plan, const Prescription& prescription, const Catalogue& catalogue, const Intake& intake);

// The session id of the prescribed items in every phase.
inline constexpr std::string_view kPrescribedSessionId = "physio";

}  // namespace unknot
