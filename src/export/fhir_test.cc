#include "export/fhir.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/plan.h"
#include "testing/test_util.h"

namespace unknot::exporting {
namespace {

using Json = nlohmann::ordered_json;

Plan export_plan() {
  Intake intake = test_util::clean_intake();  // 35, pain 4/10 for 3 weeks
  intake.profile.equipment = {"foam_roller", "resistance_band"};
  return build_plan(intake, test_util::embedded_catalogue());
}

DiaryEntry pain(const std::string& at, int nprs, const std::string& context = "") {
  DiaryEntry entry;
  entry.at = at;
  entry.type = EntryType::kPain;
  entry.nprs = nprs;
  entry.context = context;
  return entry;
}

std::vector<DiaryEntry> sample_diary() {
  DiaryEntry session;
  session.at = "2026-03-02T18:00:00";
  session.type = EntryType::kSession;
  session.session = "strength";
  session.completed = true;
  session.pain_during = 3;
  DiaryEntry note;
  note.at = "2026-03-03";
  note.type = EntryType::kNote;
  note.text = "long drive";
  return {pain("2026-03-02T07:30:00", 5, "morning"), session, pain("2026-03-03", 4), note,
          pain("2026-03-04T21:00:00", 3, "evening")};
}

// fullUrl -> resource.
std::map<std::string, Json> by_url(const Json& bundle) {
  std::map<std::string, Json> out;
  for (const Json& entry : bundle["entry"]) out[entry["fullUrl"].get<std::string>()] = entry["resource"];
  return out;
}

TEST(Fhir, BundleShapeAndReferences) {
  const Plan plan = export_plan();
  const std::vector<DiaryEntry> diary = sample_diary();
  const Json bundle = to_fhir_bundle(plan, diary, "unknot-user");
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  ASSERT_TRUE(bundle["entry"].is_array());

  const std::regex uuid_urn("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  const std::map<std::string, Json> resources = by_url(bundle);
  EXPECT_EQ(resources.size(), bundle["entry"].size()) << "fullUrls must be unique";

  std::map<std::string, int> counts;
  std::string patient_url;
  for (const Json& entry : bundle["entry"]) {
    const std::string url = entry["fullUrl"];
    EXPECT_TRUE(std::regex_match(url, uuid_urn)) << url;
    const std::string type = entry["resource"]["resourceType"];
    ++counts[type];
    if (type == "Patient") patient_url = url;
  }
  const std::set<std::string> known{"Patient", "Observation", "CarePlan", "ServiceRequest"};
  for (const auto& [type, count] : counts) EXPECT_TRUE(known.count(type)) << type;
  EXPECT_EQ(counts["Patient"], 1);
  EXPECT_EQ(counts["CarePlan"], 1);
  ASSERT_FALSE(patient_url.empty());
  EXPECT_EQ(resources.at(patient_url)["id"], "unknot-user");
  EXPECT_EQ(resources.at(patient_url).size(), 2u) << "no personal data on the Patient";

  // One ServiceRequest per distinct item per session per phase.
  std::size_t expected_requests = 0;
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      std::set<std::string> distinct;
      for (const PlanItem& item : session.items) distinct.insert(item.technique + "/" + item.variant);
      expected_requests += distinct.size();
    }
  }
  ASSERT_GT(expected_requests, 0u);
  EXPECT_EQ(counts["ServiceRequest"], static_cast<int>(expected_requests));

  for (const auto& [url, resource] : resources) {
    if (resource["resourceType"] == "Patient") continue;
    ASSERT_TRUE(resource.contains("subject")) << url;
    EXPECT_EQ(resource["subject"]["reference"], patient_url) << url;
    if (resource["resourceType"] == "CarePlan") {
      EXPECT_EQ(resource["status"], "active");
      EXPECT_EQ(resource["intent"], "plan");
      EXPECT_EQ(resource["title"], "unknot self-care plan");
      ASSERT_EQ(resource["activity"].size(), expected_requests);
      std::set<std::string> referenced;
      for (const Json& activity : resource["activity"]) {
        const std::string target = activity["reference"]["reference"];
        ASSERT_TRUE(resources.count(target)) << target;
        EXPECT_EQ(resources.at(target)["resourceType"], "ServiceRequest");
        referenced.insert(target);
      }
      EXPECT_EQ(referenced.size(), expected_requests);
    }
    if (resource["resourceType"] == "ServiceRequest") {
      EXPECT_EQ(resource["status"], "active");
      EXPECT_EQ(resource["intent"], "plan");
      EXPECT_FALSE(resource["code"]["text"].get<std::string>().empty());
      EXPECT_EQ(resource["occurrenceTiming"]["repeat"]["periodUnit"], "wk");
      EXPECT_GE(resource["occurrenceTiming"]["repeat"]["frequency"].get<int>(), 1);
      EXPECT_FALSE(resource["patientInstruction"].get<std::string>().empty());
      const std::string care_plan = resource["basedOn"][0]["reference"];
      EXPECT_EQ(resources.at(care_plan)["resourceType"], "CarePlan");
    }
  }
}

TEST(Fhir, OneObservationPerPainEntry) {
  const std::vector<DiaryEntry> diary = sample_diary();
  const Json bundle = to_fhir_bundle(export_plan(), diary, "unknot-user");
  std::vector<int> expected;
  for (const DiaryEntry& entry : diary) {
    if (entry.type == EntryType::kPain) expected.push_back(*entry.nprs);
  }
  std::vector<Json> observations;
  for (const Json& entry : bundle["entry"]) {
    if (entry["resource"]["resourceType"] == "Observation") observations.push_back(entry["resource"]);
  }
  ASSERT_EQ(observations.size(), expected.size());
  for (std::size_t index = 0; index < observations.size(); ++index) {
    const Json& observation = observations[index];
    EXPECT_EQ(observation["status"], "final");
    EXPECT_EQ(observation["category"][0]["coding"][0]["system"],
              "http://terminology.hl7.org/CodeSystem/observation-category");
    EXPECT_EQ(observation["category"][0]["coding"][0]["code"], "survey");
    EXPECT_EQ(observation["code"]["coding"][0]["system"], "http://loinc.org");
    EXPECT_EQ(observation["code"]["coding"][0]["code"], "72514-3");
    EXPECT_EQ(observation["valueQuantity"]["value"], expected[index]);
    EXPECT_EQ(observation["valueQuantity"]["system"], "http://unitsofmeasure.org");
    EXPECT_EQ(observation["valueQuantity"]["code"], "1");
    EXPECT_EQ(observation["bodySite"]["text"], "between the shoulder blades");
  }
  // Without an offset a timed entry keeps its date; its local time goes into the note.
  EXPECT_EQ(observations[0]["effectiveDateTime"], "2026-03-02");
  EXPECT_NE(observations[0]["note"].dump().find("07:30"), std::string::npos);
  EXPECT_NE(observations[0]["note"].dump().find("morning"), std::string::npos);
  EXPECT_EQ(observations[1]["effectiveDateTime"], "2026-03-03");
  EXPECT_FALSE(observations[1].contains("note"));

  const Json with_offset = to_fhir_bundle(export_plan(), diary, "unknot-user", "+01:00");
  for (const Json& entry : with_offset["entry"]) {
    if (entry["resource"]["resourceType"] != "Observation") continue;
    EXPECT_EQ(entry["resource"]["effectiveDateTime"], "2026-03-02T07:30:00+01:00");
    break;
  }
}

TEST(Fhir, ExerciseItemsCarryTheSnomedCode) {
  const Json bundle = to_fhir_bundle(export_plan(), {}, "unknot-user");
  int exercise = 0;
  for (const Json& entry : bundle["entry"]) {
    const Json& resource = entry["resource"];
    if (resource["resourceType"] != "ServiceRequest") continue;
    const Json& category = resource["category"][0];
    if (category.contains("coding")) {
      ++exercise;
      EXPECT_EQ(category["coding"][0]["system"], "http://snomed.info/sct");
      EXPECT_EQ(category["coding"][0]["code"], "229065009");
      EXPECT_EQ(category["text"], "Exercise therapy");
    }
  }
  EXPECT_GT(exercise, 0);
}

TEST(Fhir, DeterministicAndPatientScoped) {
  const Plan plan = export_plan();
  const std::vector<DiaryEntry> diary = sample_diary();
  EXPECT_EQ(to_fhir_bundle(plan, diary, "unknot-user").dump(), to_fhir_bundle(plan, diary, "unknot-user").dump());
  EXPECT_NE(to_fhir_bundle(plan, diary, "unknot-user")["entry"][0]["fullUrl"],
            to_fhir_bundle(plan, diary, "someone-else")["entry"][0]["fullUrl"]);
  EXPECT_NE(name_uuid("a"), name_uuid("b"));
  EXPECT_EQ(name_uuid("a")[14], '8');  // version 8
}

TEST(Fhir, ReferredPlanIsOnHoldWithNoActivities) {
  Plan refer;
  refer.status = PlanStatus::kRefer;
  const Json bundle = to_fhir_bundle(refer, {pain("2026-03-02", 6)}, "unknot-user");
  int observations = 0;
  for (const Json& entry : bundle["entry"]) {
    const Json& resource = entry["resource"];
    if (resource["resourceType"] == "CarePlan") {
      EXPECT_EQ(resource["status"], "on-hold");
      EXPECT_FALSE(resource.contains("activity")) << "FHIR JSON has no empty arrays";
    }
    if (resource["resourceType"] == "Observation") ++observations;
  }
  EXPECT_EQ(observations, 1);
}

TEST(Fhir, EachReadingGetsTheOffsetInForceAtItsTime) {
  // A stand-in for the time zone: daylight saving until 1 November.
  auto new_york = [](const std::string& at) { return at < "2026-11-01T02:00" ? std::string("-04:00") : "-05:00"; };
  const Json bundle = to_fhir_bundle(nullptr, {pain("2026-10-19T07:30:00", 5), pain("2026-11-09T07:30:00", 4)},
                                     "unknot-user", new_york);
  std::vector<std::string> times;
  for (const Json& entry : bundle["entry"]) {
    const Json& resource = entry["resource"];
    EXPECT_NE(resource["resourceType"], "CarePlan") << "no plan, no CarePlan";
    EXPECT_NE(resource["resourceType"], "ServiceRequest");
    if (resource["resourceType"] == "Observation") times.push_back(resource["effectiveDateTime"]);
  }
  EXPECT_EQ(times, (std::vector<std::string>{"2026-10-19T07:30:00-04:00", "2026-11-09T07:30:00-05:00"}));
}

TEST(Fhir, UtcOffsets) {
  for (const char* good : {"Z", "+01:00", "-05:30", "+14:00", "-00:00"}) EXPECT_TRUE(is_utc_offset(good)) << good;
  for (const char* bad : {"", "+1:00", "+0100", "+14:30", "+15:00", "01:00", "+01:60"}) {
    EXPECT_FALSE(is_utc_offset(bad)) << bad;
  }
}

}  // namespace
}  // namespace unknot::exporting
