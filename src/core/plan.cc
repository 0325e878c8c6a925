#include "core/plan.h"

#include "core/session_script.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string_view>

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

// ---------------------------------------------------------------------------------------
// Wording. Every sentence the plan shows comes from the catalogue (content/plan.yaml); the
// engine only chooses the key and fills the placeholders plan_text_specs() lists.

using Values = std::initializer_list<std::pair<std::string_view, std::string>>;

// The text of `key` with each `{name}` replaced by its value. The loader guarantees every
// key of plan_text_specs(); should a hand-built catalogue lack one, the key itself shows
// (as triage shows a rule code without wording), never an empty string.
std::string say(const Catalogue& catalogue, const std::string& key, Values values = {}) {
  const PlanText* text = catalogue.plan_wording.find(key);
  if (!text) return key;
  const std::string& says = text->says;
  std::string out;
  std::size_t at = 0;
  while (at < says.size()) {
    const std::size_t open = says.find('{', at);
    const std::size_t close = open == std::string::npos ? open : says.find('}', open);
    if (close == std::string::npos) break;
    out.append(says, at, open - at);
    const std::string_view name(says.data() + open + 1, close - open - 1);
    auto value = std::find_if(values.begin(), values.end(),
                              [&](const auto& entry) { return entry.first == name; });
    if (value != values.end()) {
      out += value->second;
    } else {
      out.append(says, open, close - open + 1);
    }
    at = close + 1;
  }
  if (at < says.size()) out.append(says, at);
  return out;
}

// "a", "a and b", "a, b and c".
std::string join_with_and(const std::vector<std::string>& parts) {
  std::string text;
  for (std::size_t index = 0; index < parts.size(); ++index) {
    if (index > 0) text += index + 1 == parts.size() ? " and " : ", ";
    text += parts[index];
  }
  return text;
}

// Conditions a variant may be written for, in the order their reason is preferred
// (variants.because.<name> in content/plan.yaml).
constexpr const char* kVariantConditions[] = {
    "cannot_kneel", "cannot_lie_on_floor", "wrist_pain", "shoulder_pain_overhead",
    "pregnant",     "blood_thinners",      "skin_condition_on_back",
};

// Why a variant was picked, from the first selector that matched.
std::string variant_reason(const Variant& variant, const Intake& intake, const Catalogue& catalogue) {
  const VariantSelector& selector = variant.selected_by;
  for (const char* name : kVariantConditions) {
    if ((has(selector.constraints, name) || has(selector.cautions, name) || has(selector.history, name)) &&
        intake.has_condition(name)) {
      return say(catalogue, std::string("variants.because.") + name, {{"form", variant.name}});
    }
  }
  for (const std::string& item : selector.missing_equipment) {
    if (!intake.has_equipment(item)) {
      return say(catalogue, "variants.missing_equipment", {{"form", variant.name}, {"equipment", spaced(item)}});
    }
  }
  return say(catalogue, "variants.suits_setup", {{"form", variant.name}});
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

using Applies = bool (*)(const Intake&);

struct Slot {
  const char* id;              // the slot's job; items.<id>.<technique> holds each item's "why"
  int display_order;           // where the item sits in the session
  std::vector<const char*> techniques;  // best first
  bool fills_remaining_time = false;    // heat: takes what the movements leave
  Applies applies = nullptr;            // nullptr: always
};

bool stressed(const Intake& intake) {
  return intake.has_trigger("stress") || intake.has_trigger("poor_sleep");
}

const Slot kWarmth{"warmth", 1, {"heat-pack", "cold-pack"}, true};
const Slot kAroundTheKnot{"around-the-knot", 0, {"side-of-back-release"}};
const Slot kBreathing{"breathing", 6, {"deep-breathing"}, false, stressed};

Slot placed_at(Slot slot, int display_order) {
  slot.display_order = display_order;
  return slot;
}

std::vector<Slot> calm_relief_slots() {
  return {
      {"calm-movement", 2, {"shoulder-rolls"}},
      {"calm-neck", 3, {"neck-side-tilt"}},
      {"calm-spine", 4, {"chair-thoracic-extension", "cat-camel"}},
      kBreathing,
      placed_at(kAroundTheKnot, 5),
      kWarmth,
  };
}

std::vector<Slot> relief_slots() {
  return {
      {"press-the-knot", 2, {"trigger-point-release", "massage-ball-wall", "foam-roll-upper-back"}},
      placed_at(kAroundTheKnot, 3),
      kBreathing,
      {"open-the-chest", 4, {"chest-opener-doorway"}},
      {"move-the-spine", 5, {"foam-roller-thoracic-mobilization", "chair-thoracic-extension", "cat-camel"}},
      kWarmth,
  };
}

std::vector<Slot> strength_slots() {
  return {
      {"shoulder-blade-control", 2, {"forearm-roller-slide"}},
      {"mid-back-strength", 3, {"band-row"}},
      {"mid-back-squeeze", 4, {"shoulder-blade-squeeze", "muscle-fatigue-contraction"}},
      {"warm-up", 1, {"shoulder-rolls"}},
      {"stretch-the-chest", 5, {"chest-opener-doorway"}},
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
  const char* title_key;  // sessions.<name> in content/plan.yaml
  int days_per_week;
  std::vector<Slot> slots;
  StrengthScale strength_scale = StrengthScale::kFull;
};

// The form's own cautions (a doorway row has none about bands), then the technique's
// adjustments for this person's conditions, which apply to every form.
std::vector<std::string> item_cautions(const Form& form, const Intake& intake) {
  const Technique& technique = *form.technique;
  std::vector<std::string> cautions = form.variant && form.variant->cautions ? *form.variant->cautions : technique.cautions;
  for (const ConditionalNote& note : technique.adjustments) {
    if (intake.has_condition(note.when)) cautions.push_back(note.says);
  }
  return cautions;
}

// The item for `form` at `dose`, without its "why" (the caller words it).
PlanItem make_item(const Form& form, const Intake& intake, Dose dose) {
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
  item.sources = technique.sources;
  item.cautions = item_cautions(form, intake);
  return item;
}

// Why this item is in the session: the slot's reason for the technique, then why the
// variant (if any) was chosen.
std::string item_why(const Slot& slot, const Form& form, const Intake& intake, const Catalogue& catalogue) {
  std::string why = say(catalogue, std::string("items.") + slot.id + "." + form.technique->id);
  if (form.variant) why += " " + variant_reason(*form.variant, intake, catalogue);
  return why;
}

std::optional<Form> pick(const Slot& slot, const Intake& intake, const Catalogue& catalogue,
                         const std::vector<std::string>& taken) {
  for (const char* id : slot.techniques) {
    const Technique* technique = catalogue.find_technique(id);
    if (!technique) continue;
    if (has(taken, technique->id)) continue;
    if (auto form = choose_form(*technique, intake)) return form;
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
      const std::optional<Form> picked = pick(slot, intake, catalogue, taken);
      if (!picked) continue;
      const Form& form = *picked;
      Dose dose = form.dose();
      if (form.technique->kind == Kind::kStrength) {
        dose = step_dose(scale_strength(dose, recipe.strength_scale), options.strength_step);
      }
      if (flexible && dose.duration_s) {
        int left = budget_seconds - used - kSetupSeconds;
        if (left < kMinimumHeatSeconds) continue;
        dose.duration_s = std::min(*dose.duration_s, left / 60 * 60);
      }
      PlanItem item = make_item(form, intake, dose);
      if (used + item.estimated_seconds > budget_seconds - reserved) continue;
      item.why = item_why(slot, form, intake, catalogue);
      add(slot.display_order, std::move(item));
    }
  }

  std::stable_sort(placed.begin(), placed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  PlanSession session{recipe.id, say(catalogue, recipe.title_key), recipe.days_per_week, 0, {}};
  for (auto& [order, item] : placed) session.items.push_back(std::move(item));
  session.minutes = round_up(used / 60.0);
  return session;
}

// ---------------------------------------------------------------------------------------
// Phases, habits, notes.

PlanPhase make_phase(const Catalogue& catalogue, const std::string& id, const char* title,
                     int first_week, std::optional<int> last_week) {
  const std::string key = "phases." + id + ".";
  return {id, say(catalogue, key + title), first_week, last_week, say(catalogue, key + "advance_when"), {}, {}};
}

std::vector<PlanPhase> build_phases(const Plan& plan, const Intake& intake,
                                    const Catalogue& catalogue, const PlanOptions& options) {
  const int budget = plan.minutes_per_day * 60;
  const int strength_days = plan.strength_days_per_week;
  const int relief_days = 7 - strength_days;

  auto relief_and_strength = [&](StrengthScale scale, std::vector<Slot> strength) {
    std::vector<PlanSession> sessions;
    if (relief_days > 0) {
      sessions.push_back(build_session(
          {"daily-relief", "sessions.daily-relief", relief_days, relief_slots()}, intake, catalogue,
          budget, options));
    }
    if (strength_days > 0) {
      sessions.push_back(build_session(
          {"strength", "sessions.strength", strength_days, std::move(strength), scale}, intake,
          catalogue, budget, options));
    }
    return sessions;
  };

  std::vector<PlanPhase> phases;
  int week = 1;
  if (plan.irritable) {
    PlanPhase calm = make_phase(catalogue, "calm", "title", 1, 2);
    calm.sessions.push_back(build_session(
        {"daily-relief", "sessions.calm-relief", 7, calm_relief_slots()}, intake, catalogue, budget,
        options));
    phases.push_back(std::move(calm));
    PlanPhase mobilize = make_phase(catalogue, "mobilize", "title_gently", 3, 4);
    mobilize.sessions = relief_and_strength(StrengthScale::kReduced, strength_slots());
    phases.push_back(std::move(mobilize));
    week = 5;
  } else {
    PlanPhase mobilize = make_phase(catalogue, "mobilize", "title", 1, 2);
    mobilize.sessions = relief_and_strength(StrengthScale::kFull, strength_slots());
    phases.push_back(std::move(mobilize));
    week = 3;
  }
  PlanPhase strengthen = make_phase(catalogue, "strengthen", "title", week, week + 5);
  strengthen.sessions = relief_and_strength(StrengthScale::kFull, strength_slots());
  phases.push_back(std::move(strengthen));

  PlanPhase maintain = make_phase(catalogue, "maintain", "title", week + 6, std::nullopt);
  const int maintain_strength_days = std::min(strength_days, 3);
  if (maintain_strength_days > 0) {
    maintain.sessions.push_back(build_session(
        {"strength", "sessions.strength", maintain_strength_days, maintain_strength_slots()}, intake,
        catalogue, budget, options));
  }
  maintain.sessions.push_back(build_session(
      {"relief-as-needed", "sessions.relief-as-needed", 7 - maintain_strength_days, relief_slots()},
      intake, catalogue, budget, options));
  phases.push_back(std::move(maintain));

  // A session that ends up empty (everything excluded or too long) helps no one.
  for (PlanPhase& phase : phases) {
    std::erase_if(phase.sessions, [](const PlanSession& session) { return session.items.empty(); });
    phase.week = schedule_week(phase.sessions);
  }
  return phases;
}

// A habit: the technique to do when `applies` (a trigger); its "when" and "why" are
// habits.<trigger>.<technique>.when/.why in content/plan.yaml.
struct HabitRule {
  const char* trigger;
  const char* technique;
  Applies applies;
};

const std::vector<HabitRule>& habit_rules() {
  static const std::vector<HabitRule> rules = [] {
    auto desk = [](const Intake& intake) {
      return intake.has_trigger("desk_work") || intake.profile.desk_hours_per_day.value_or(0) >= 2;
    };
    auto phone = [](const Intake& intake) { return intake.has_trigger("phone_use"); };
    auto driving = [](const Intake& intake) {
      return intake.has_trigger("driving") || intake.has_trigger("repetitive_motion");
    };
    auto reaching = [](const Intake& intake) {
      return intake.has_trigger("reaching_forward") || intake.has_trigger("overhead_work");
    };
    auto stress = [](const Intake& intake) { return intake.has_trigger("stress"); };
    auto sleep = [](const Intake& intake) { return intake.has_trigger("poor_sleep"); };
    auto carrying = [](const Intake& intake) {
      return intake.has_trigger("heavy_bag") || intake.has_trigger("standing_long");
    };
    return std::vector<HabitRule>{
        {"desk_work", "posture-reset", desk},
        {"desk_work", "shoulder-blade-squeeze", desk},
        {"desk_work", "desk-setup", desk},
        {"phone_use", "posture-reset", phone},
        {"driving_or_repetitive_motion", "shoulder-rolls", driving},
        {"reaching_or_overhead_work", "chest-opener-doorway", reaching},
        {"stress", "deep-breathing", stress},
        {"poor_sleep", "relaxation", sleep},
        {"heavy_bag_or_standing_long", "posture-reset", carrying},
    };
  }();
  return rules;
}

std::string habit_key(const HabitRule& rule, const char* field) {
  return std::string("habits.") + rule.trigger + "." + rule.technique + "." + field;
}

// One habit per technique: the first rule that applies and that the person can do safely.
std::vector<Habit> build_habits(const Intake& intake, const Catalogue& catalogue) {
  std::vector<Habit> habits;
  for (const HabitRule& rule : habit_rules()) {
    if (!rule.applies(intake)) continue;
    const bool already = std::any_of(habits.begin(), habits.end(), [&](const Habit& habit) {
      return habit.technique == rule.technique;
    });
    const Technique* technique = catalogue.find_technique(rule.technique);
    if (already || !technique || !choose_form(*technique, intake)) continue;
    habits.push_back({rule.technique, technique->kind, say(catalogue, habit_key(rule, "when")),
                      say(catalogue, habit_key(rule, "why"))});
  }
  return habits;
}

std::vector<PlanNote> reconciliations(const Plan& plan, const Intake& intake, const Catalogue& catalogue) {
  std::vector<PlanNote> notes;
  notes.push_back({"stretch_vs_strengthen", say(catalogue, "reconciliations.stretch_vs_strengthen")});
  std::string press = say(catalogue, "reconciliations.press_vs_work_around.says");
  if (intake.has_history("blood_thinners")) {
    press += " " + say(catalogue, "reconciliations.press_vs_work_around.blood_thinners");
  }
  notes.push_back({"press_vs_work_around", press});
  const char* which = !plan.irritable                                      ? "start_now"
                      : intake.pain.weeks_since_onset < kRecentOnsetWeeks ? "calm_first_new_pain"
                                                                           : "calm_first";
  notes.push_back({"strengthen_now_vs_later",
                   say(catalogue, "reconciliations.strengthen_now_vs_later.intro") + " " +
                       say(catalogue, std::string("reconciliations.strengthen_now_vs_later.") + which,
                           {{"pain_now", std::to_string(intake.pain.now)}})});
  return notes;
}

// Reasons not to take ibuprofen at all, and reasons to ask first: history items in the
// order they are listed (notes.pain_relief.avoid_because.<name> / ask_first_because.<name>),
// and being over 65.
constexpr const char* kAvoidIbuprofen[] = {"pregnant", "asthma_or_nsaid_allergy"};
constexpr const char* kAskBeforeIbuprofen[] = {"stomach_ulcer_or_bleeding", "blood_thinners",
                                               "heart_disease", "kidney_or_liver_disease"};
constexpr const char* kOver65 = "over_65";

std::vector<PlanNote> personal_notes(const Plan& plan, const Intake& intake, const Catalogue& catalogue) {
  std::vector<PlanNote> notes;
  auto note = [&](const char* code, Values values = {}) {
    notes.push_back({code, say(catalogue, std::string("notes.") + code, values)});
  };
  if (plan.triage.level == Level::kSeeProfessional) note("book_a_check");
  const int asked = intake.profile.strength_days_per_week.value_or(kDefaultStrengthDays);
  if (asked > kMaxStrengthDays) {
    note("strength_days_capped",
         {{"asked", std::to_string(asked)}, {"strength_days", std::to_string(plan.strength_days_per_week)}});
  } else if (asked == 0) {
    note("no_strength_days");
  } else if (asked < 3) {
    note("few_strength_days", {{"asked", std::to_string(asked)}});
  }
  if (intake.has_history("pregnant")) note("pregnancy");
  std::vector<std::string> avoid;
  for (const char* name : kAvoidIbuprofen) {
    if (intake.has_history(name)) avoid.push_back(say(catalogue, std::string("notes.pain_relief.avoid_because.") + name));
  }
  std::vector<std::string> ask_first;
  for (const char* name : kAskBeforeIbuprofen) {
    if (intake.has_history(name)) {
      ask_first.push_back(say(catalogue, std::string("notes.pain_relief.ask_first_because.") + name));
    }
  }
  if (intake.age > 65) ask_first.push_back(say(catalogue, std::string("notes.pain_relief.ask_first_because.") + kOver65));
  if (!avoid.empty()) {
    notes.push_back({"pain_relief", say(catalogue, "notes.pain_relief.avoid", {{"reasons", join_with_and(avoid)}})});
  } else if (!ask_first.empty()) {
    notes.push_back(
        {"pain_relief", say(catalogue, "notes.pain_relief.ask_first", {{"reasons", join_with_and(ask_first)}})});
  }
  if (intake.has_history("upper_body_surgery_last_3_months")) note("recent_surgery");
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

std::vector<PlanDay> schedule_week(const std::vector<PlanSession>& sessions) {
  std::vector<PlanDay> week(7);
  for (int day = 0; day < 7; ++day) week[static_cast<std::size_t>(day)].weekday = day;
  std::vector<const PlanSession*> order;
  for (const PlanSession& session : sessions) order.push_back(&session);
  std::stable_sort(order.begin(), order.end(), [](const PlanSession* a, const PlanSession* b) {
    return a->days_per_week < b->days_per_week;
  });
  for (const PlanSession* session : order) {
    int placed = 0;
    // Its own spread-out days first, then any day still free, Monday first.
    std::vector<int> wanted = session_weekdays(session->days_per_week);
    for (int day = 0; day < 7; ++day) {
      if (std::find(wanted.begin(), wanted.end(), day) == wanted.end()) wanted.push_back(day);
    }
    for (int day : wanted) {
      if (placed >= session->days_per_week) break;
      PlanDay& slot = week[static_cast<std::size_t>(day)];
      if (!slot.sessions.empty()) continue;  // one session a day keeps each day within the minutes
      slot.sessions.push_back(session->id);
      slot.minutes = session->minutes;
      ++placed;
    }
  }
  return week;
}

const char* weekday_name(int weekday) {
  static const char* const kNames[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
  return kNames[((weekday % 7) + 7) % 7];
}

std::optional<PlanItem> safe_form(const Technique& technique, const Intake& intake) {
  const std::optional<Form> form = choose_form(technique, intake);
  if (!form) return std::nullopt;
  return make_item(*form, intake, form->dose());
}

Plan build_plan(const Intake& intake, const Catalogue& catalogue, const PlanOptions& options) {
  Plan plan;
  plan.triage = triage(intake, catalogue.safety);
  plan.review = {4, say(catalogue, "review")};
  plan.learn = {"what-is-a-knot", "causes-be-a-detective", "why-the-advice-disagrees", "consistency",
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
  plan.reconciliations = reconciliations(plan, intake, catalogue);
  plan.notes = personal_notes(plan, intake, catalogue);
  return plan;
}

std::vector<PlanTextSpec> plan_text_specs() {
  std::vector<PlanTextSpec> specs;
  auto add = [&](const std::string& key, std::vector<std::string> placeholders = {}) {
    const bool known = std::any_of(specs.begin(), specs.end(), [&](const PlanTextSpec& spec) { return spec.key == key; });
    if (!known) specs.push_back({key, std::move(placeholders)});
  };
  for (const auto& slots : {calm_relief_slots(), relief_slots(), strength_slots()}) {
    for (const Slot& slot : slots) {
      for (const char* technique : slot.techniques) add(std::string("items.") + slot.id + "." + technique);
    }
  }
  for (const char* name : kVariantConditions) add(std::string("variants.because.") + name, {"form"});
  add("variants.missing_equipment", {"form", "equipment"});
  add("variants.suits_setup", {"form"});
  for (const char* phase : {"calm", "mobilize", "strengthen", "maintain"}) {
    add(std::string("phases.") + phase + ".title");
    if (std::string_view(phase) == "mobilize") add("phases.mobilize.title_gently");
    add(std::string("phases.") + phase + ".advance_when");
  }
  for (const char* session : {"calm-relief", "daily-relief", "strength", "relief-as-needed"}) {
    add(std::string("sessions.") + session);
  }
  add("review");
  for (const HabitRule& rule : habit_rules()) {
    add(habit_key(rule, "when"));
    add(habit_key(rule, "why"));
  }
  add("reconciliations.stretch_vs_strengthen");
  add("reconciliations.press_vs_work_around.says");
  add("reconciliations.press_vs_work_around.blood_thinners");
  add("reconciliations.strengthen_now_vs_later.intro");
  for (const char* which : {"calm_first", "calm_first_new_pain", "start_now"}) {
    add(std::string("reconciliations.strengthen_now_vs_later.") + which, {"pain_now"});
  }
  add("notes.book_a_check");
  add("notes.strength_days_capped", {"asked", "strength_days"});
  add("notes.no_strength_days");
  add("notes.few_strength_days", {"asked"});
  add("notes.pregnancy");
  add("notes.pain_relief.avoid", {"reasons"});
  add("notes.pain_relief.ask_first", {"reasons"});
  for (const char* name : kAvoidIbuprofen) add(std::string("notes.pain_relief.avoid_because.") + name);
  for (const char* name : kAskBeforeIbuprofen) add(std::string("notes.pain_relief.ask_first_because.") + name);
  add(std::string("notes.pain_relief.ask_first_because.") + kOver65);
  add("notes.recent_surgery");
  return specs;
}

}  // namespace unknot
