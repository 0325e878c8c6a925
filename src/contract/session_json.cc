#include "contract/session_json.h"

#include "core/dose_words.h"

namespace unknot::contract {

std::string_view to_string(StepKind kind) {
  switch (kind) {
    case StepKind::kPrepare: return "prepare";
    case StepKind::kTimed: return "timed";
    case StepKind::kHold: return "hold";
    case StepKind::kReps: return "reps";
    case StepKind::kRest: return "rest";
    case StepKind::kSwitch: return "switch";
  }
  return "timed";
}

std::string_view to_string(Side side) {
  switch (side) {
    case Side::kLeft: return "left";
    case Side::kRight: return "right";
    case Side::kNone: break;
  }
  return "";
}

OrderedJson session_script_to_json(const SessionScript& script) {
  OrderedJson json;
  json["schema"] = "unknot.session/1";
  json["session"] = script.session;
  json["title"] = script.title;
  json["total_seconds"] = script.total_seconds;
  json["stop_rule"] = kStopRule;
  json["items"] = OrderedJson::array();
  for (const ScriptItem& item : script.items) {
    json["items"].push_back({{"technique", item.technique},
                             {"variant", item.variant},
                             {"name", item.name},
                             {"dose", item.dose},
                             {"summary", item.summary},
                             {"steps", item.steps},
                             {"cues", item.cues},
                             {"stop_if", item.stop_if},
                             {"why", item.why},
                             {"cautions", item.cautions},
                             {"sources", item.sources},
                             {"reps_target", item.reps_target},
                             {"first_step", item.first_step},
                             {"step_count", item.step_count}});
  }
  json["steps"] = OrderedJson::array();
  for (const SessionStep& step : script.steps) {
    OrderedJson out = {{"item", step.item}, {"kind", to_string(step.kind)}, {"label", step.label}};
    out["side"] = step.side == Side::kNone ? OrderedJson(nullptr) : OrderedJson(to_string(step.side));
    out["set"] = step.set;
    out["sets"] = step.sets;
    out["hold"] = step.hold;
    out["holds"] = step.holds;
    out["seconds"] = step.seconds;
    out["reps"] = step.reps;
    out["seconds_per_rep"] = step.seconds_per_rep;
    json["steps"].push_back(std::move(out));
  }
  return json;
}

}  // namespace unknot::contract
