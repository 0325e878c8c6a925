#include "export/fhir.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string_view>

#include "core/vocabulary.h"
#include "core/dose_words.h"

namespace unknot::exporting {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kLoinc = "http://loinc.org";
constexpr const char* kSnomed = "http://snomed.info/sct";
constexpr const char* kUcum = "http://unitsofmeasure.org";
constexpr const char* kObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

Json reference(const std::string& full_url) { return Json{{"reference", full_url}}; }

bool is_exercise_therapy(Kind kind) {
  return kind == Kind::kStrength || kind == Kind::kMobility || kind == Kind::kStretch;
}

// "self_massage" -> "Self massage".
std::string kind_words(Kind kind) {
  std::string text = spaced(to_string(kind));
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string context_words(const std::string& context) {
  if (context == "morning") return "in the morning";
  if (context == "next_morning") return "the morning after a session";
  if (context == "evening") return "in the evening";
  if (context == "during_exercise") return "during exercise";
  if (context == "after_session") return "after a session";
  return spaced(context);
}

Json observation(const DiaryEntry& entry, const std::string& patient_url, const UtcOffsetAt& offset_at) {
  Json notes = Json::array();
  std::string when = entry.at;
  if (entry.at.size() > 10) {  // a date-time
    const std::string utc_offset = offset_at ? offset_at(entry.at) : std::string();
    if (is_utc_offset(utc_offset)) {
      when = entry.at + utc_offset;
    } else {
      when = entry.at.substr(0, 10);
      notes.push_back({{"text", "Recorded at " + entry.at.substr(11, 5) + " local time."}});
    }
  }
  if (!entry.context.empty()) notes.push_back({{"text", "Rated " + context_words(entry.context) + "."}});

  Json json;
  json["resourceType"] = "Observation";
  json["status"] = "final";
  json["category"] = Json::array(
      {{{"coding", Json::array({{{"system", kObservationCategory}, {"code", "survey"}, {"display", "Survey"}}})}}});
  json["code"] = {
      {"coding", Json::array({{{"system", kLoinc},
                               {"code", "72514-3"},
                               {"display", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}}})},
      {"text", "Pain between the shoulder blades (0-10)"}};
  json["subject"] = reference(patient_url);
  json["effectiveDateTime"] = when;
  json["valueQuantity"] = {{"value", *entry.nprs}, {"unit", "score"}, {"system", kUcum}, {"code", "1"}};
  json["bodySite"] = {{"text", "between the shoulder blades"}};
  if (!notes.empty()) json["note"] = notes;
  return json;
}

Json service_request(const PlanItem& item, const PlanSession& session, const PlanPhase& phase,
                     const std::string& patient_url, const std::string& care_plan_url) {
  Json category;
  if (is_exercise_therapy(item.kind)) {
    category = {{"coding", Json::array({{{"system", kSnomed}, {"code", "229065009"}, {"display", "Exercise therapy"}}})},
                {"text", "Exercise therapy"}};
  } else {
    category = {{"text", kind_words(item.kind)}};
  }
  Json repeat = {{"frequency", std::max(session.days_per_week, 1)}, {"period", 1}, {"periodUnit", "wk"}};
  if (phase.last_week) {
    const int weeks = std::max(*phase.last_week - phase.first_week + 1, 1);
    repeat["boundsDuration"] = {{"value", weeks}, {"unit", "weeks"}, {"system", kUcum}, {"code", "wk"}};
  }
  std::string instruction = describe_dose(item.dose) + ".";
  if (!item.why.empty()) instruction += " " + item.why;
  instruction += std::string(" ") + kStopRule;
  const std::string weeks_text = phase.last_week ? "weeks " + std::to_string(phase.first_week) + "-" +
                                                       std::to_string(*phase.last_week)
                                                 : "from week " + std::to_string(phase.first_week);

  Json json;
  json["resourceType"] = "ServiceRequest";
  json["basedOn"] = Json::array({reference(care_plan_url)});
  json["status"] = "active";
  json["intent"] = "plan";
  json["category"] = Json::array({category});
  json["code"] = {{"text", item.name}};
  json["subject"] = reference(patient_url);
  json["occurrenceTiming"] = {{"repeat", repeat}};
  json["performer"] = Json::array({reference(patient_url)});
  json["note"] = Json::array({{{"text", "Part of \"" + phase.title + "\" (" + weeks_text + "), session \"" +
                                            session.title + "\"."}}});
  json["patientInstruction"] = instruction;
  return json;
}

// The CarePlan and one ServiceRequest per distinct item of each session of each phase.
template <typename UrlFor>
void add_plan(const Plan& plan, const UrlFor& url_for, const std::string& patient_url, Json& bundle_entries) {
  const std::string care_plan_url = url_for("CarePlan");
  Json requests = Json::array();
  Json activities = Json::array();
  for (std::size_t p = 0; p < plan.phases.size(); ++p) {
    const PlanPhase& phase = plan.phases[p];
    for (std::size_t s = 0; s < phase.sessions.size(); ++s) {
      const PlanSession& session = phase.sessions[s];
      std::set<std::string> seen;
      for (const PlanItem& item : session.items) {
        const std::string key = item.technique + "/" + item.variant;
        if (!seen.insert(key).second) continue;
        const std::string url = url_for("ServiceRequest/" + std::to_string(p) + "-" + phase.id + "/" +
                                        std::to_string(s) + "-" + session.id + "/" + key);
        requests.push_back({{"fullUrl", url},
                            {"resource", service_request(item, session, phase, patient_url, care_plan_url)}});
        activities.push_back({{"reference", reference(url)}});
      }
    }
  }

  Json care_plan;
  care_plan["resourceType"] = "CarePlan";
  care_plan["status"] = plan.status == PlanStatus::kRefer ? "on-hold" : "active";
  care_plan["intent"] = "plan";
  care_plan["title"] = "unknot self-care plan";
  care_plan["description"] =
      plan.status == PlanStatus::kRefer
          ? "On hold: the safety screen says to see a doctor first."
          : "Self-care for the knot between the shoulder blades, in phases; each phase moves on when its "
            "condition is met. " + std::string(kStopRule);
  care_plan["subject"] = reference(patient_url);
  if (!activities.empty()) care_plan["activity"] = activities;
  bundle_entries.push_back({{"fullUrl", care_plan_url}, {"resource", std::move(care_plan)}});
  for (Json& request : requests) bundle_entries.push_back(std::move(request));
}


}  // namespace

std::string name_uuid(const std::string& name) {
  std::uint64_t high = fnv1a(name, 0xcbf29ce484222325ULL);
  std::uint64_t low = fnv1a(name, fnv1a("unknot", 0xcbf29ce484222325ULL));
  high = (high & ~0xF000ULL) | 0x8000ULL;                               // version 8
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);                  // variant 10
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

bool is_utc_offset(const std::string& text) {
  if (text == "Z") return true;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return false;
  for (std::size_t index : {1u, 2u, 4u, 5u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[index]))) return false;
  }
  const int hours = std::stoi(text.substr(1, 2));
  const int minutes = std::stoi(text.substr(4, 2));
  return minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0));
}

nlohmann::ordered_json to_fhir_bundle(const Plan& plan, const std::vector<DiaryEntry>& entries,
                                      const std::string& patient_id, const std::string& utc_offset) {
  return to_fhir_bundle(&plan, entries, patient_id, [&](const std::string&) { return utc_offset; });
}

nlohmann::ordered_json to_fhir_bundle(const Plan* plan, const std::vector<DiaryEntry>& entries,
                                      const std::string& patient_id, const UtcOffsetAt& offset_at) {
  const std::string base = "unknot/" + patient_id + "/";
  auto url_for = [&](const std::string& name) { return "urn:uuid:" + name_uuid(base + name); };
  Json bundle_entries = Json::array();
  auto add = [&](const std::string& full_url, Json resource) {
    bundle_entries.push_back({{"fullUrl", full_url}, {"resource", std::move(resource)}});
  };

  const std::string patient_url = url_for("Patient");
  add(patient_url, {{"resourceType", "Patient"}, {"id", patient_id}});

  if (plan) add_plan(*plan, url_for, patient_url, bundle_entries);

  std::size_t index = 0;
  for (const DiaryEntry& entry : entries) {
    ++index;
    if (entry.type != EntryType::kPain || !entry.nprs) continue;
    add(url_for("Observation/" + std::to_string(index) + "/" + entry.at), observation(entry, patient_url, offset_at));
  }

  return Json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", bundle_entries}};
}

}  // namespace unknot::exporting
