#include "core/plan.h"

#include "core/session_script.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace unknot {
namespace {

// Seconds to get into position and read the card, added to every item's estimate.
constexpr int kSetupSeconds = kPrepareSeconds;
// Heat fills the time the movement items leave, but only when at least this much is left.
constexpr int kMinimumHeatSeconds = 300;
// Irritable pain: 7-10 now, or onset within the last week (clinical.md §6, [D1][D2]).
constexpr int kIrritablePain = 7;
constexpr double kRecentOnsetWeeks = 1;

// ---------------------------------------------------------------------------------------
// Choosing a safe form of a technique for this person.

struct Form {
  const Technique* technique = nullptr;
  const Variant* variant = nullptr;  // nullptr: the main form

  Position position() const { return variant ? variant->position : technique->position; }
  const std::vector<std::string>& equipment() const {
    return variant ? variant->equipment : technique->equipment;
  }
  bool weight_on_hands() const { return variant ? variant->weight_on_hands : technique->weight_on_hands; }
  bool overhead() const { return variant ? variant->overhead : technique->overhead; }
  const std::string& name() const { return variant ? variant->name : technique->name; }
  Dose dose() const { return variant && variant->dose ? *variant->dose : technique->dose; }
};

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool uses_cold(const Technique& technique) {
  return technique.kind == Kind::kCold || has(technique.equipment, "cold_pack");
}

bool uses_heat_or_cold(const Technique& technique) {
  return technique.kind == Kind::kHeat || uses_cold(technique) ||
         has(technique.equipment, "heat_pack");
}

// Whole-technique exclusions. The content lists contraindications; the product rules of
// clinical.md §6 on heat and cold are enforced here as well, so a slip in the content
// cannot put a heat pack on numb skin or cold on Raynaud's.
bool technique_allowed(const Technique& technique, const Intake& intake) {
  for (const ConditionalNote& note : technique.contraindications) {
    if (intake.has_condition(note.when)) return false;
  }
  if (uses_heat_or_cold(technique) &&
      (intake.has_caution("reduced_skin_sensation") || intake.has_caution("poor_circulation"))) {
    return false;
  }
  if (uses_cold(technique) &&
      (intake.has_caution("raynauds") || intake.has_caution("cold_sensitivity"))) {
    return false;
  }
  return true;
}

bool form_allowed(const Form& form, const Intake& intake) {
  for (const std::string& item : form.equipment()) {
    if (!intake.has_equipment(item)) return false;
  }
  Position position = form.position();
  if (intake.has_constraint("cannot_kneel") && needs_kneeling(position)) return false;
  if (intake.has_constraint("cannot_lie_on_floor") && lies_on_floor(position)) return false;
  if (intake.has_constraint("wrist_pain") && form.weight_on_hands()) return false;
  if (intake.has_constraint("shoulder_pain_overhead") && form.overhead()) return false;
  // Pregnancy: no lying face down, and no lying flat on the back (clinical.md §6).
  if (intake.has_history("pregnant") &&
      (position == Position::kProne || position == Position::kSupine)) {
    return false;
  }
  return true;
}

bool selected_by_condition(const VariantSelector& selector, const Intake& intake) {
  auto any = [&](const std::vector<std::string>& names) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& name) { return intake.has_condition(name); });
  };
  return any(selector.constraints) || any(selector.cautions) || any(selector.history);
}

bool selected_by_missing_equipment(const VariantSelector& selector, const Intake& intake) {
  return std::any_of(selector.missing_equipment.begin(), selector.missing_equipment.end(),
                     [&](const std::string& name) { return !intake.has_equipment(name); });
}

// The form to use: a variant made for one of the person's conditions first, then the main
// form, then a variant for equipment they lack, then any other variant they can do.
std::optional<Form> choose_form(const Technique& technique, const Intake& intake) {
  if (!technique_allowed(technique, intake)) return std::nullopt;
  std::vector<Form> candidates;
  for (const Variant& variant : technique.variants) {
    if (selected_by_condition(variant.selected_by, intake)) candidates.push_back({&technique, &variant});
  }
  candidates.push_back({&technique, nullptr});
  for (const Variant& variant : technique.variants) {
    if (selected_by_missing_equipment(variant.selected_by, intake)) {
      candidates.push_back({&technique, &variant});
    }
  }
  for (const Variant& variant : technique.variants) candidates.push_back({&technique, &variant});
  for (const Form& form : candidates) {
    if (form_allowed(form, intake)) return form;
  }
  return std::nullopt;
}

// Plain words for why a variant was picked, from the first selector that matched.
std::string variant_reason(const Variant& variant, const Intake& intake) {
  static const std::pair<const char*, const char*> kPhrases[] = {
      {"cannot_kneel", "kneeling is hard for you"},
      {"cannot_lie_on_floor", "lying on the floor is hard for you"},
      {"wrist_pain", "your wrists need sparing"},
      {"shoulder_pain_overhead", "lifting your arms overhead hurts"},
      {"pregnant", "you are pregnant"},
      {"blood_thinners", "you take blood thinners"},
      {"skin_condition_on_back", "the skin on your back needs sparing"},
  };
  for (const auto& [name, phrase] : kPhrases) {
    const VariantSelector& selector = variant.selected_by;
    if ((has(selector.constraints, name) || has(selector.cautions, name) ||
         has(selector.history, name)) &&
        intake.has_condition(name)) {
      return std::string(" Because ") + phrase + ", the plan uses this form: " + variant.name + ".";
    }
  }
  for (const std::string& item : variant.selected_by.missing_equipment) {
    if (!intake.has_equipment(item)) {
      return " You have no " + spaced(item) + ", so the plan uses this form: " + variant.name + ".";
    }
  }
  return " The plan uses this form, which suits your set-up: " + variant.name + ".";
}

// ---------------------------------------------------------------------------------------
// Doses.

int round_up(double value) { return static_cast<int>(std::ceil(value)); }

enum class StrengthScale { kReduced, kFull };

Dose scale_strength(Dose dose, StrengthScale scale) {
  if (scale == StrengthScale::kFull) return dose;
  // Start low: one set of half the reps (clinical.md §6: load added as pain allows).
  if (dose.reps) dose.reps = std::max(5, round_up(*dose.reps / 2.0));
  if (dose.sets) dose.sets = 1;
  return dose;
}

// ---------------------------------------------------------------------------------------
// Session recipes: slots of interchangeable techniques, best first.

struct Choice {
  const char* technique;
  const char* why;
};

using Applies = bool (*)(const Intake&);

struct Slot {
  int display_order;           // where the item sits in the session
  std::vector<Choice> choices;
  bool fills_remaining_time = false;  // heat: takes what the movements leave
  Applies applies = nullptr;          // nullptr: always
};

bool stressed(const Intake& intake) {
  return intake.has_trigger("stress") || intake.has_trigger("poor_sleep");
}

const char kHeatWhy[] =
    "Warmth relaxes the tight muscle and eases pain for a while, so the movements after it "
    "come easier. It goes first.";
const char kColdWhy[] =
    "Heat is not an option for you; a wrapped cold pack can dull the soreness for a while.";
const char kAroundKnotWhy[] =
    "Works the muscles at the side of the back that pull on the knot, rather than only "
    "pressing the knot itself (seed 004).";
const char kBreathingWhy[] =
    "You said stress or poor sleep sets off your knot; slow breathing eases the muscle "
    "guarding that keeps it tight.";

std::vector<Slot> calm_relief_slots() {
  return {
      {2, {{"shoulder-rolls", "Small, easy movement keeps the area from stiffening without loading it while pain is high."}}},
      {3, {{"neck-side-tilt", "Gentle neck tilts ease the muscles that run from the neck into the upper back."}}},
      {4, {{"chair-thoracic-extension", "Easing the stiff middle of the spine backwards over a chair moves it without load."},
           {"cat-camel", "Slowly rounding and arching the back moves the stiff middle of the spine without load."}}},
      {6, {{"deep-breathing", kBreathingWhy}}, false, stressed},
      {5, {{"side-of-back-release", kAroundKnotWhy}}},
      {1, {{"heat-pack", kHeatWhy}, {"cold-pack", kColdWhy}}, true},
  };
}

std::vector<Slot> relief_slots() {
  return {
      {2, {{"trigger-point-release", "Short holds of moderate pressure on the knot can ease its tenderness for a while."},
           {"massage-ball-wall", "Leaning on a ball against a wall presses the knot gently and eases its tenderness for a while."},
           {"foam-roll-upper-back", "Rolling the upper back on a foam roller eases tight muscles for a while."}}},
      {3, {{"side-of-back-release", kAroundKnotWhy}}},
      {6, {{"deep-breathing", kBreathingWhy}}, false, stressed},
      {4, {{"chest-opener-doorway", "Opening the chest lengthens the front muscles that pull the shoulder blades forward (derived from seed 004)."}}},
      {5, {{"foam-roller-thoracic-mobilization", "Arching the upper back over a roller moves the stiff middle of the spine."},
           {"chair-thoracic-extension", "Arching the upper back over a chair moves the stiff middle of the spine."},
           {"cat-camel", "Rounding and arching the back moves the stiff middle of the spine."}}},
      {1, {{"heat-pack", kHeatWhy}, {"cold-pack", kColdWhy}}, true},
  };
}

std::vector<Slot> strength_slots() {
  return {
      {2, {{"forearm-roller-slide", "Trains the muscles that hold the shoulder blades steady, so the body need not guard the area (seed 001: 30 slow reps, 3-4 times a week)."}}},
      {3, {{"band-row", "Rows strengthen the muscles between the shoulder blades; strength training is what trials in office workers with neck and shoulder pain support."}}},
      {4, {{"shoulder-blade-squeeze", "Squeezing the shoulder blades together trains the same muscles with no equipment."},
           {"muscle-fatigue-contraction", "Working the knotted muscles on purpose tires them out so they can let go (seed 002)."}}},
      {1, {{"shoulder-rolls", "A minute of easy movement warms the area up before loading it."}}},
      {5, {{"chest-opener-doorway", "Ends by stretching the front of the chest, which balances the pull on the shoulder blades (derived from seed 004)."}}},
  };
}

std::vector<Slot> maintain_strength_slots() {
  std::vector<Slot> slots = strength_slots();
  slots.erase(slots.begin() + 2);  // two strength exercises are enough to keep what was built
  return slots;
}

// ---------------------------------------------------------------------------------------
// Building sessions.

struct SessionRecipe {
  const char* id;
  const char* title;
  int days_per_week;
  std::vector<Slot> slots;
  StrengthScale strength_scale = StrengthScale::kFull;
};

std::vector<std::string> item_cautions(const Technique& technique, const Intake& intake) {
  std::vector<std::string> cautions = technique.cautions;
  for (const ConditionalNote& note : technique.adjustments) {
    if (intake.has_condition(note.when)) cautions.push_back(note.says);
  }
  return cautions;
}

PlanItem make_item(const Form& form, const Choice& choice, const Intake& intake, Dose dose) {
  const Technique& technique = *form.technique;
  PlanItem item;
  item.technique = technique.id;
  item.variant = form.variant ? form.variant->id : "";
  item.name = form.name();
  item.kind = technique.kind;
  item.position = form.position();
  item.equipment = form.equipment();
  item.weight_on_hands = form.weight_on_hands();
  item.overhead = form.overhead();
  item.dose = dose;
  item.estimated_seconds = estimate_seconds(dose, technique.seconds_per_rep);
  item.why = choice.why;
  if (form.variant) item.why += variant_reason(*form.variant, intake);
  item.sources = technique.sources;
  item.cautions = item_cautions(technique, intake);
  return item;
}

std::optional<std::pair<Form, Choice>> pick(const Slot& slot, const Intake& intake,
                                            const Catalogue& catalogue,
                                            const std::vector<std::string>& taken) {
  for (const Choice& choice : slot.choices) {
    const Technique* technique = catalogue.find_technique(choice.technique);
    if (!technique) continue;
    if (has(taken, technique->id)) continue;
    if (auto form = choose_form(*technique, intake)) return std::make_pair(*form, choice);
  }
  return std::nullopt;
}

PlanSession build_session(const SessionRecipe& recipe, const Intake& intake,
                          const Catalogue& catalogue, int budget_seconds,
                          const PlanOptions& options) {
  std::vector<std::pair<int, PlanItem>> placed;  // (display order, item)
  std::vector<std::string> taken;  // technique ids already in the session
  int used = 0;
  auto add = [&](int order, PlanItem item) {
    used += item.estimated_seconds;
    taken.push_back(item.technique);
    placed.emplace_back(order, std::move(item));
  };

  // Fixed-length items first, in priority order; then heat in whatever time is left.
  // Heat has the best evidence of the relief options ([D12]), so when the person can use
  // it and the day allows, a few minutes are kept back for it.
  int reserved = 0;
  for (const Slot& slot : recipe.slots) {
    if (slot.fills_remaining_time && (!slot.applies || slot.applies(intake)) &&
        pick(slot, intake, catalogue, taken) && budget_seconds >= 2 * (kMinimumHeatSeconds + kSetupSeconds)) {
      reserved = kMinimumHeatSeconds + kSetupSeconds;
    }
  }
  for (bool flexible : {false, true}) {
    if (flexible) reserved = 0;
    for (const Slot& slot : recipe.slots) {
      if (slot.fills_remaining_time != flexible) continue;
      // Keep the fifth place for heat when time was kept back for it.
      const std::size_t limit = kMaxItemsPerSession - (reserved > 0 ? 1 : 0);
      if (placed.size() >= limit) break;
      if (slot.applies && !slot.applies(intake)) continue;
      auto picked = pick(slot, intake, catalogue, taken);
      if (!picked) continue;
      auto& [form, choice] = *picked;
      Dose dose = form.dose();
      if (form.technique->kind == Kind::kStrength) {
        dose = step_dose(scale_strength(dose, recipe.strength_scale), options.strength_step);
      }
      if (flexible && dose.duration_s) {
        int left = budget_seconds - used - kSetupSeconds;
        if (left < kMinimumHeatSeconds) continue;
        dose.duration_s = std::min(*dose.duration_s, left / 60 * 60);
      }
      PlanItem item = make_item(form, choice, intake, dose);
      if (used + item.estimated_seconds > budget_seconds - reserved) continue;
      add(slot.display_order, std::move(item));
    }
  }

  std::stable_sort(placed.begin(), placed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  PlanSession session{recipe.id, recipe.title, recipe.days_per_week, 0, {}};
  for (auto& [order, item] : placed) session.items.push_back(std::move(item));
  session.minutes = round_up(used / 60.0);
  return session;
}

// ---------------------------------------------------------------------------------------
// Phases, habits, notes.

std::vector<PlanPhase> build_phases(const Plan& plan, const Intake& intake,
                                    const Catalogue& catalogue, const PlanOptions& options) {
  const int budget = plan.minutes_per_day * 60;
  const int strength_days = plan.strength_days_per_week;
  const int relief_days = 7 - strength_days;

  auto relief_and_strength = [&](StrengthScale scale, std::vector<Slot> strength) {
    std::vector<PlanSession> sessions;
    if (relief_days > 0) {
      sessions.push_back(build_session(
          {"daily-relief", "Relief and mobility", relief_days, relief_slots()}, intake, catalogue,
          budget, options));
    }
    if (strength_days > 0) {
      sessions.push_back(build_session(
          {"strength", "Strength day", strength_days, std::move(strength), scale}, intake,
          catalogue, budget, options));
    }
    return sessions;
  };

  const char* kMobilizeAdvance =
      "Move on when you have done the strength day on at least 3 days a week for 2 weeks, "
      "pain during it stays at 5/10 or lower, and it has settled by the next morning.";
  const char* kStrengthenAdvance =
      "Move on when your average morning pain over a week is at least 2 points or 30% lower "
      "than in your first week, and you finish the full dose with 1-2 reps to spare.";
  const char* kMaintainAdvance =
      "Keep going for as long as it helps. If the knot comes back for more than a few days, "
      "go back to the relief and mobility routine for 2 weeks, then build up again.";

  std::vector<PlanPhase> phases;
  int week = 1;
  if (plan.irritable) {
    PlanPhase calm{"calm", "Calm it down", 1, 2,
                   "Move on when your morning pain has been 6/10 or lower on most days of a "
                   "week, and the routine does not leave you worse the next morning. Not there "
                   "by the end of week 2? Stay here and check in with a GP or physiotherapist.",
                   {}};
    calm.sessions.push_back(build_session(
        {"daily-relief", "Daily relief", 7, calm_relief_slots()}, intake, catalogue, budget,
        options));
    phases.push_back(std::move(calm));
    PlanPhase mobilize{"mobilize", "Move and start building, gently", 3, 4, kMobilizeAdvance, {}};
    mobilize.sessions = relief_and_strength(StrengthScale::kReduced, strength_slots());
    phases.push_back(std::move(mobilize));
    week = 5;
  } else {
    PlanPhase mobilize{"mobilize", "Move and start building", 1, 2, kMobilizeAdvance, {}};
    mobilize.sessions = relief_and_strength(StrengthScale::kFull, strength_slots());
    phases.push_back(std::move(mobilize));
    week = 3;
  }
  PlanPhase strengthen{"strengthen", "Build strength", week, week + 5, kStrengthenAdvance, {}};
  strengthen.sessions = relief_and_strength(StrengthScale::kFull, strength_slots());
  phases.push_back(std::move(strengthen));

  PlanPhase maintain{"maintain", "Keep it gone", week + 6, std::nullopt, kMaintainAdvance, {}};
  const int maintain_strength_days = std::min(strength_days, 3);
  if (maintain_strength_days > 0) {
    maintain.sessions.push_back(build_session(
        {"strength", "Strength day", maintain_strength_days, maintain_strength_slots()}, intake,
        catalogue, budget, options));
  }
  maintain.sessions.push_back(build_session(
      {"relief-as-needed", "Relief on days the knot is noticeable", 7 - maintain_strength_days,
       relief_slots()},
      intake, catalogue, budget, options));
  phases.push_back(std::move(maintain));

  // A session that ends up empty (everything excluded or too long) helps no one.
  for (PlanPhase& phase : phases) {
    std::erase_if(phase.sessions, [](const PlanSession& session) { return session.items.empty(); });
  }
  return phases;
}

void add_habit(std::vector<Habit>& habits, const Catalogue& catalogue, const Intake& intake,
               const char* technique_id, const char* when, const char* why) {
  bool already = std::any_of(habits.begin(), habits.end(), [&](const Habit& habit) {
    return habit.technique == technique_id;
  });
  const Technique* technique = catalogue.find_technique(technique_id);
  if (already || !technique || !choose_form(*technique, intake)) return;
  habits.push_back({technique_id, technique->kind, when, why});
}

std::vector<Habit> build_habits(const Intake& intake, const Catalogue& catalogue) {
  std::vector<Habit> habits;
  const bool desk = intake.has_trigger("desk_work") ||
                    intake.profile.desk_hours_per_day.value_or(0) >= 2;
  if (desk) {
    add_habit(habits, catalogue, intake, "posture-reset", "every 30-45 minutes of desk time",
              "You spend long spells at a desk; a 30-60 second reset breaks up the static "
              "posture the seeds blame. It is for comfort and variety, not a cure.");
    add_habit(habits, catalogue, intake, "shoulder-blade-squeeze",
              "as a micro-break, a few times a day at the desk",
              "A few squeezes wake up the muscles between the shoulder blades during long sitting.");
    add_habit(habits, catalogue, intake, "desk-setup", "once this week, and whenever your set-up changes",
              "Be a detective: check what your desk makes your shoulders do all day.");
  }
  if (intake.has_trigger("phone_use")) {
    add_habit(habits, catalogue, intake, "posture-reset",
              "whenever you notice your head drifting forward over your phone",
              "Holding the phone higher and resetting your shoulders takes load off the upper back.");
  }
  if (intake.has_trigger("driving") || intake.has_trigger("repetitive_motion")) {
    add_habit(habits, catalogue, intake, "shoulder-rolls",
              "at every stop or pause, about once an hour",
              "Long drives and repeated movements hold the shoulders still; easy rolls change that.");
  }
  if (intake.has_trigger("reaching_forward") || intake.has_trigger("overhead_work")) {
    add_habit(habits, catalogue, intake, "chest-opener-doorway",
              "after long spells of reaching forward",
              "Reaching shortens the front muscles that pull on the shoulder blade (seed 004).");
  }
  if (intake.has_trigger("stress")) {
    add_habit(habits, catalogue, intake, "deep-breathing", "daily, and when you notice tension building",
              "Stress keeps muscles guarded; a few slow breaths let them settle.");
  }
  if (intake.has_trigger("poor_sleep")) {
    add_habit(habits, catalogue, intake, "relaxation", "in bed, before sleep",
              "Poor sleep and a knot feed each other; relaxing the body helps you drop off.");
  }
  if (intake.has_trigger("heavy_bag") || intake.has_trigger("standing_long")) {
    add_habit(habits, catalogue, intake, "posture-reset",
              "when carrying a bag or standing for long: switch sides and reset your shoulders",
              "A heavy bag on one shoulder or long standing loads one side; resetting spreads it.");
  }
  return habits;
}

std::vector<PlanNote> reconciliations(const Plan& plan, const Intake& intake) {
  std::vector<PlanNote> notes;
  notes.push_back(
      {"stretch_vs_strengthen",
       "Seed 001 says a knot that stretching and massage do not fix needs strength, not more "
       "stretching; the other seeds lean on stretching, heat and massage. unknot uses both, for "
       "different jobs: heat, gentle stretches and self-massage for short-term relief, and "
       "strength work as the main long-term treatment, because strength training is what trials "
       "in office workers support (ref:D6, ref:D7), while pressure and massage mostly raise pain "
       "tolerance for a while (ref:D16)."});
  std::string press =
      "Seed 002 holds pressure on the knot for 30 seconds; seed 004 says pressing the knot "
      "alone cannot release it and the muscles around it need the work. unknot does both, "
      "gently: short holds of moderate pressure that should ease during the hold, always "
      "together with work on the muscles around the knot (ref:D16, ref:D21).";
  if (intake.has_history("blood_thinners")) {
    press += " Because you take blood thinners, all pressure stays light.";
  }
  notes.push_back({"press_vs_work_around", press});
  std::string now_or_later =
      "Seed 001 starts strengthening at once; the author of seed 004 says to wait until the "
      "cause has settled. ";
  if (plan.irritable) {
    now_or_later += "Your pain is " + std::to_string(intake.pain.now) + "/10";
    if (intake.pain.weeks_since_onset < kRecentOnsetWeeks) now_or_later += " and began within the last week";
    now_or_later +=
        ", so unknot starts with two weeks of relief and easy movement, then adds strength work "
        "at half the dose in week 3, as long as pain during it stays at 5/10 or lower and "
        "settles by the next morning (the pain-monitoring model, ref:D2).";
  } else {
    now_or_later += "Your pain is " + std::to_string(intake.pain.now) +
                    "/10 and not brand new, so gentle strength work starts this week, guided by "
                    "pain: up to 5/10 during an exercise is fine if it has settled by the next "
                    "morning (ref:D2, ref:D4); more than that, and the next session is lighter.";
  }
  notes.push_back({"strengthen_now_vs_later", now_or_later});
  return notes;
}

std::vector<PlanNote> personal_notes(const Plan& plan, const Intake& intake) {
  std::vector<PlanNote> notes;
  if (plan.triage.level == Level::kSeeProfessional) {
    notes.push_back({"book_a_check",
                     "Book a GP or physiotherapist appointment for the reasons above. Meanwhile "
                     "this gentle plan may go on; take it with you to the appointment."});
  }
  const int asked = intake.profile.strength_days_per_week.value_or(kDefaultStrengthDays);
  if (asked > kMaxStrengthDays) {
    notes.push_back({"strength_days_capped",
                     "You offered " + std::to_string(asked) +
                         " strength days a week; the plan uses 4, because muscles get stronger "
                         "on the rest days between sessions."});
  } else if (asked == 0) {
    notes.push_back({"no_strength_days",
                     "You chose no strength days. Strength work is the part with the best "
                     "evidence for keeping the knot away; three short sessions a week would help."});
  } else if (asked < 3) {
    notes.push_back({"few_strength_days",
                     "You chose " + std::to_string(asked) +
                         " strength day(s) a week; the seed and the trials use 3-4, so expect "
                         "change to take a little longer."});
  }
  if (intake.has_history("pregnant")) {
    notes.push_back({"pregnancy",
                     "Because you are pregnant, nothing in this plan has you lying face down or "
                     "flat on your back, and unknot does not suggest ibuprofen."});
  }
  std::vector<std::string> no_ibuprofen;
  if (intake.has_history("pregnant")) no_ibuprofen.push_back("you are pregnant");
  if (intake.has_history("asthma_or_nsaid_allergy")) {
    no_ibuprofen.push_back("you have asthma or have reacted to anti-inflammatory painkillers");
  }
  std::vector<std::string> ask_first;
  if (intake.has_history("stomach_ulcer_or_bleeding")) ask_first.push_back("stomach ulcers or bleeding");
  if (intake.has_history("blood_thinners")) ask_first.push_back("blood thinners");
  if (intake.has_history("heart_disease")) ask_first.push_back("heart disease");
  if (intake.has_history("kidney_or_liver_disease")) ask_first.push_back("kidney or liver disease");
  if (intake.age > 65) ask_first.push_back("being over 65");
  auto join = [](const std::vector<std::string>& parts) {
    std::string text;
    for (std::size_t index = 0; index < parts.size(); ++index) {
      if (index > 0) text += index + 1 == parts.size() ? " and " : ", ";
      text += parts[index];
    }
    return text;
  };
  if (!no_ibuprofen.empty()) {
    notes.push_back({"pain_relief",
                     "Do not take ibuprofen or similar anti-inflammatory painkillers, because " +
                         join(no_ibuprofen) +
                         ". Ask a pharmacist which pain relief is safe for you."});
  } else if (!ask_first.empty()) {
    notes.push_back({"pain_relief",
                     "Ask a pharmacist or doctor before taking ibuprofen or similar painkillers, "
                     "because of " + join(ask_first) + "."});
  }
  if (intake.has_history("upper_body_surgery_last_3_months")) {
    notes.push_back({"recent_surgery",
                     "You had upper-body surgery in the last 3 months: ask your surgeon or "
                     "physiotherapist before strength work or self-massage; the plan leaves out "
                     "what the knowledge base marks as unsafe so soon."});
  }
  return notes;
}

}  // namespace

int planned_strength_days(const Intake& intake) {
  return std::min(intake.profile.strength_days_per_week.value_or(kDefaultStrengthDays), kMaxStrengthDays);
}

bool is_irritable(const Intake& intake) {
  return intake.pain.now >= kIrritablePain || intake.pain.weeks_since_onset < kRecentOnsetWeeks;
}

int estimate_seconds(const Dose& dose, int seconds_per_rep) {
  // The same expansion the guided session follows, so the plan's minutes are honest.
  int seconds = 0;
  for (const SessionStep& step : steps_for_dose(dose, seconds_per_rep)) seconds += step.seconds;
  return seconds;
}

Dose step_dose(const Dose& dose, DoseStep step) {
  Dose result = dose;
  if (step == DoseStep::kHold) return result;
  if (result.reps) {
    const int reps = *result.reps;
    // Progress: 10% more reps rounded down, at least one (the ACSM 2-10% step).
    // Regress: about one step back, a third fewer reps, never below 5.
    result.reps = step == DoseStep::kProgress ? reps + std::max(1, reps / 10)
                                              : std::max(5, reps - std::max(1, round_up(reps / 3.0)));
  } else if (result.hold_s) {
    const int hold = *result.hold_s;
    result.hold_s = step == DoseStep::kProgress ? hold + 5 : std::max(5, hold - 5);
  }
  return result;
}

std::optional<PlanItem> safe_form(const Technique& technique, const Intake& intake) {
  const std::optional<Form> form = choose_form(technique, intake);
  if (!form) return std::nullopt;
  return make_item(*form, Choice{"", ""}, intake, form->dose());
}

Plan build_plan(const Intake& intake, const Catalogue& catalogue, const PlanOptions& options) {
  Plan plan;
  plan.triage = triage(intake, catalogue.safety);
  plan.review = {4,
                 "At week 4, unknot compares your average morning pain over the last 7 days with "
                 "your first week. Down by 2 points or 30% or more: real progress, keep building. "
                 "Down by 1 point or 15%: a start, keep going and look again at week 6. No change "
                 "or worse after 4 weeks of doing the plan at least 3 times a week: see a GP or "
                 "physiotherapist."};
  plan.learn = {"what-is-a-knot", "causes-be-a-detective", "why-the-seeds-disagree", "consistency",
                "when-to-see-a-professional", "otc-pain-relief"};
  if (!plan.triage.program_allowed) {
    plan.status = PlanStatus::kRefer;
    plan.learn = {"when-to-see-a-professional"};
    return plan;
  }
  plan.irritable = is_irritable(intake);
  plan.minutes_per_day = intake.profile.minutes_per_day.value_or(kDefaultMinutesPerDay);
  plan.strength_days_per_week = planned_strength_days(intake);
  plan.phases = build_phases(plan, intake, catalogue, options);
  plan.habits = build_habits(intake, catalogue);
  plan.reconciliations = reconciliations(plan, intake);
  plan.notes = personal_notes(plan, intake);
  return plan;
}

}  // namespace unknot
