#include "contract/insights_json.h"

#include <cmath>

namespace unknot::contract {
namespace {

using Json = nlohmann::ordered_json;

Json number(const std::optional<double>& value) {
  if (!value) return Json(nullptr);
  double rounded = std::round(*value * 100) / 100;
  if (rounded == 0) rounded = 0;  // no -0
  return Json(rounded);
}

Json interval(const std::optional<double>& low, const std::optional<double>& high) {
  if (!low || !high) return Json(nullptr);
  return Json{{"low", number(low)}, {"high", number(high)}};
}

}  // namespace

nlohmann::ordered_json insights_to_json(const Insights& insights) {
  Json json;
  json["schema"] = "unknot.insights/1";
  json["as_of"] = iso_date(insights.as_of);
  json["morning_pain"] = Json::array();
  for (const DailyPain& day : insights.morning_pain) {
    json["morning_pain"].push_back({{"date", iso_date(day.day)}, {"nprs", number(day.morning_nprs)}});
  }
  json["weeks"] = Json::array();
  for (const WeekAdherence& week : insights.weeks) {
    json["weeks"].push_back({{"week", week.iso_week},
                             {"from", iso_date(week.monday)},
                             {"completed_sessions", week.completed_sessions},
                             {"strength_sessions", week.strength_sessions},
                             {"pain_days", week.pain_days},
                             {"breaks_done", week.breaks_done},
                             {"breaks_snoozed", week.breaks_snoozed},
                             {"breaks_skipped", week.breaks_skipped}});
  }
  json["triggers"] = Json::array();
  for (const TriggerEffect& effect : insights.triggers) {
    json["triggers"].push_back({{"trigger", effect.trigger},
                                {"enough_data", effect.enough_data},
                                {"n_with", effect.n_with},
                                {"n_without", effect.n_without},
                                {"mean_with", number(effect.mean_with)},
                                {"mean_without", number(effect.mean_without)},
                                {"effect", number(effect.effect)},
                                {"ci95", interval(effect.ci_low, effect.ci_high)},
                                {"says", effect.says}});
  }
  json["techniques"] = Json::array();
  for (const TechniqueRelief& relief : insights.techniques) {
    json["techniques"].push_back({{"technique", relief.technique},
                                  {"enough_data", relief.enough_data},
                                  {"n", relief.n},
                                  {"mean_change", number(relief.mean_change)},
                                  {"ci95", interval(relief.ci_low, relief.ci_high)},
                                  {"says", relief.says}});
  }
  json["relief_note"] = insights.relief_note.empty() ? Json(nullptr) : Json(insights.relief_note);
  return json;
}

}  // namespace unknot::contract
