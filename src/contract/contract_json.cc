#include "contract/contract_json.h"

#include "core/step_text.h"

namespace unknot::contract {
namespace {

OrderedJson notes_to_json(const std::vector<PlanNote>& notes) {
  OrderedJson list = OrderedJson::array();
  for (const PlanNote& note : notes) list.push_back({{"code", note.code}, {"says", note.says}});
  return list;
}

OrderedJson conditional_notes_to_json(const std::vector<ConditionalNote>& notes) {
  OrderedJson list = OrderedJson::array();
  for (const ConditionalNote& note : notes) list.push_back({{"when", note.when}, {"says", note.says}});
  return list;
}

OrderedJson item_to_json(const PlanItem& item) {
  OrderedJson json;
  json["technique"] = item.technique;
  if (!item.variant.empty()) json["variant"] = item.variant;
  json["name"] = item.name;
  json["kind"] = to_string(item.kind);
  json["position"] = to_string(item.position);
  json["equipment"] = item.equipment;
  json["dose"] = dose_to_json(item.dose);
  json["estimated_s"] = item.estimated_seconds;
  json["why"] = item.why;
  json["sources"] = item.sources;
  json["cautions"] = item.cautions;
  if (!item.source.empty()) json["source"] = item.source;
  return json;
}

}  // namespace

OrderedJson dose_to_json(const Dose& dose) {
  OrderedJson json = OrderedJson::object();
  if (dose.duration_s) json["duration_s"] = *dose.duration_s;
  if (dose.sets) json["sets"] = *dose.sets;
  if (dose.reps) json["reps"] = *dose.reps;
  if (dose.hold_s) json["hold_s"] = *dose.hold_s;
  if (dose.holds) json["holds"] = *dose.holds;
  if (dose.per_side) json["per_side"] = *dose.per_side;
  if (dose.rest_s) json["rest_s"] = *dose.rest_s;
  return json;
}

OrderedJson triage_to_json(const Triage& triage) {
  OrderedJson json;
  json["schema"] = "unknot.triage/1";
  json["level"] = to_string(triage.level);
  json["program_allowed"] = triage.program_allowed;
  json["reasons"] = OrderedJson::array();
  for (const TriageReason& reason : triage.reasons) {
    json["reasons"].push_back({{"code", reason.code}, {"says", reason.says}});
  }
  json["advice"] = triage.advice;
  return json;
}

OrderedJson safety_status_to_json(const Triage& triage, const std::vector<LoggedSign>& logged) {
  OrderedJson json = triage_to_json(triage);  // the triage object's fields, without its schema
  json.erase("schema");
  json["window_days"] = kRescreenWindowDays;
  json["logged_signs"] = OrderedJson::array();
  for (const LoggedSign& sign : logged) json["logged_signs"].push_back({{"symptom", sign.symptom}, {"at", sign.at}});
  return json;
}

OrderedJson plan_to_json(const Plan& plan) {
  OrderedJson json;
  json["schema"] = "unknot.plan/1";
  json["status"] = plan.status == PlanStatus::kOk ? "ok" : "refer";
  json["triage"] = triage_to_json(plan.triage);
  json["safety_status"] = safety_status_to_json(plan.triage, plan.logged_signs);
  json["phases"] = OrderedJson::array();
  for (const PlanPhase& phase : plan.phases) {
    OrderedJson phase_json;
    phase_json["id"] = phase.id;
    phase_json["title"] = phase.title;
    phase_json["weeks"] = {phase.first_week,
                           phase.last_week ? OrderedJson(*phase.last_week) : OrderedJson(nullptr)};
    phase_json["advance_when"] = phase.advance_when;
    phase_json["sessions"] = OrderedJson::array();
    for (const PlanSession& session : phase.sessions) {
      OrderedJson session_json;
      session_json["id"] = session.id;
      session_json["title"] = session.title;
      session_json["days_per_week"] = session.days_per_week;
      session_json["minutes"] = session.minutes;
      session_json["items"] = OrderedJson::array();
      for (const PlanItem& item : session.items) session_json["items"].push_back(item_to_json(item));
      phase_json["sessions"].push_back(std::move(session_json));
    }
    phase_json["week"] = OrderedJson::array();
    for (const PlanDay& day : phase.week) {
      phase_json["week"].push_back({{"weekday", day.weekday}, {"sessions", day.sessions}, {"minutes", day.minutes}});
    }
    json["phases"].push_back(std::move(phase_json));
  }
  json["habits"] = OrderedJson::array();
  for (const Habit& habit : plan.habits) {
    json["habits"].push_back({{"technique", habit.technique},
                              {"kind", to_string(habit.kind)},
                              {"when", habit.when},
                              {"why", habit.why}});
  }
  json["review"] = {{"first_week", plan.review.first_week}, {"rule", plan.review.rule}};
  json["irritable"] = plan.irritable;
  json["minutes_per_day"] = plan.minutes_per_day;
  json["strength_days_per_week"] = plan.strength_days_per_week;
  json["reconciliations"] = notes_to_json(plan.reconciliations);
  json["notes"] = notes_to_json(plan.notes);
  json["learn"] = plan.learn;
  return json;
}

OrderedJson technique_to_json(const Technique& technique) {
  OrderedJson json;
  json["id"] = technique.id;
  json["name"] = technique.name;
  json["kind"] = to_string(technique.kind);
  json["position"] = to_string(technique.position);
  json["summary"] = technique.summary;
  json["steps"] = render_steps(technique.steps, technique.dose);
  json["dose"] = dose_to_json(technique.dose);
  json["frequency"] = {{"min_per_week", technique.frequency.min_per_week},
                       {"max_per_week", technique.frequency.max_per_week}};
  if (!technique.frequency.note.empty()) json["frequency"]["note"] = technique.frequency.note;
  json["equipment"] = technique.equipment;
  json["weight_on_hands"] = technique.weight_on_hands;
  json["overhead"] = technique.overhead;
  json["variants"] = OrderedJson::array();
  for (const Variant& variant : technique.variants) {
    OrderedJson variant_json;
    variant_json["id"] = variant.id;
    variant_json["name"] = variant.name;
    variant_json["selected_by"] = OrderedJson::object();
    auto selector = [&](const char* key, const std::vector<std::string>& names) {
      if (!names.empty()) variant_json["selected_by"][key] = names;
    };
    selector("constraints", variant.selected_by.constraints);
    selector("missing_equipment", variant.selected_by.missing_equipment);
    selector("cautions", variant.selected_by.cautions);
    selector("history", variant.selected_by.history);
    variant_json["position"] = to_string(variant.position);
    variant_json["equipment"] = variant.equipment;
    // Every variant in full (the loader resolved what it inherits), with its own flags.
    const TechniqueForm form = technique.form(variant.id);
    variant_json["weight_on_hands"] = form.weight_on_hands;
    variant_json["overhead"] = form.overhead;
    variant_json["summary"] = form.summary;
    variant_json["steps"] = render_steps(form.steps, form.dose);
    variant_json["dose"] = dose_to_json(form.dose);
    variant_json["cues"] = form.cues;
    variant_json["stop_if"] = form.stop_if;
    variant_json["cautions"] = form.cautions;
    json["variants"].push_back(std::move(variant_json));
  }
  json["cues"] = technique.cues;
  json["stop_if"] = technique.stop_if;
  json["cautions"] = technique.cautions;
  json["contraindications"] = conditional_notes_to_json(technique.contraindications);
  json["adjustments"] = conditional_notes_to_json(technique.adjustments);
  json["evidence"] = {{"level", technique.evidence.level}, {"note", technique.evidence.note}};
  if (!technique.derived_from_reasoning.empty()) json["derived_from_reasoning"] = technique.derived_from_reasoning;
  json["sources"] = technique.sources;
  return json;
}

OrderedJson techniques_to_json(const std::vector<Technique>& techniques) {
  OrderedJson list = OrderedJson::array();
  for (const Technique& technique : techniques) list.push_back(technique_to_json(technique));
  return list;
}

OrderedJson topic_to_json(const Topic& topic) {
  return {{"id", topic.id}, {"title", topic.title}, {"summary", topic.summary},
          {"body", topic.body}, {"sources", topic.sources}};
}

}  // namespace unknot::contract
