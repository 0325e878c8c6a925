// Prescriptions on the clinic server against a real PostgreSQL: the JSON API, the override
// rule against the patient's synced answers, the page's forms, the device's answer, and the
// patient's client checking and storing what it pulls.
#include "clinic/prescriptions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "clinic/clinic_client.h"
#include "clinic/clinic_test_support.h"
#include "storage/data_dir.h"
#include "testing/test_util.h"

namespace unknot::clinic {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::World;
using Json = nlohmann::json;

// A custom exercise on all fours, for a patient who may not be able to kneel.
const std::string kKneeling = R"({
  "version": 0, "days_per_week": 2, "note": "Little and often.",
  "custom_exercises": [{"id": "custom-1", "title": "Kneeling arm lifts",
    "steps": ["Kneel on all fours.", "Lift one arm forward and lower it."],
    "dose": {"sets": 2, "reps": 8}, "cautions": ["Keep your back level."], "stop_if": ["Sharp pain."],
    "position": "quadruped", "equipment": [], "picture": "cat-camel"}],
  "items": [{"technique": "custom-1", "note": "Slowly."}]
})";

// An intake that cannot kneel.
const std::string kCannotKneel = R"({"intake": {"schema": "unknot.intake/1", "age": 40, "pain": {"now": 4, "weeks_since_onset": 3,
  "areas": ["between_shoulder_blades"]}, "profile": {"constraints": ["cannot_kneel"]}}})";

web::Response save(World& world, const std::string& body, const testing::Clinician& who, const std::string& patient) {
  return world.app.handle(
      world.as_clinician(world.request("POST", "/api/clinic/patients/" + patient + "/prescription", body), who));
}

web::Response device_get(World& world, const testing::Patient& patient) {
  return world.app.handle(world.as_device(world.request("GET", "/api/clinic/prescription"), patient));
}

TEST(ClinicPrescriptions, SavedPrescriptionReachesOnlyItsPatientsDevice) {
  World world;
  EXPECT_TRUE(Json::parse(device_get(world, world.pa).body)["prescription"].is_null());
  const web::Response saved = save(world, kKneeling, world.a, world.pa.id);
  ASSERT_EQ(saved.status, 200) << saved.body;
  const Json stored = Json::parse(saved.body)["prescription"];
  EXPECT_EQ(stored["version"], 1);
  EXPECT_FALSE(stored["clinician"].get<std::string>().empty());
  EXPECT_EQ(stored["items"][0]["source"], "clinician");

  const Json pulled = Json::parse(device_get(world, world.pa).body)["prescription"];
  EXPECT_EQ(pulled, stored);
  EXPECT_TRUE(Json::parse(device_get(world, world.pb).body)["prescription"].is_null()) << "B's patient got A's";
  // B cannot write A's patient's prescription.
  EXPECT_EQ(save(world, kKneeling, world.b, world.pa.id).status, 404);
}

TEST(ClinicPrescriptions, AStaleVersionIsRefusedSoTwoTabsNeverOverwriteEachOther) {
  World world;
  ASSERT_EQ(save(world, kKneeling, world.a, world.pa.id).status, 200);
  const web::Response stale = save(world, kKneeling, world.a, world.pa.id);  // still based on version 0
  EXPECT_EQ(stale.status, 400);
  EXPECT_THAT(stale.body, HasSubstr("changed meanwhile"));
}

TEST(ClinicPrescriptions, BadInputIs400NamingTheField) {
  World world;
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"items": [{"technique": "dragon-pose"}]})", "items[0].technique"},
           {R"({"items": [{"technique": "cat-camel", "dose": {"reps": "ten"}}]})", "items[0].dose.reps"},
           {R"({"days_per_week": 12})", "days_per_week"},
           {R"({"custom_exercises": [{"id": "custom-1", "title": "X", "steps": [], "dose": {"reps": 5},
               "position": "standing"}]})", "custom_exercises[0].steps"},
           {R"({"custom_exercises": [{"id": "custom-1", "title": "X", "steps": ["a"], "dose": {"reps": 5},
               "position": "upside_down"}]})", "custom_exercises[0].position"},
           {R"([1, 2])", "JSON object"},
       }) {
    const web::Response response = save(world, body, world.a, world.pa.id);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_THAT(response.body, HasSubstr(field)) << body;
  }
}

TEST(ClinicPrescriptions, AnItemThePatientsAnswersRuleOutIsRefusedUntilAnOverrideIsConfirmedAndRecorded) {
  World world;
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", kCannotKneel), world.pa)).status,
            200);
  const web::Response refused = save(world, kKneeling, world.a, world.pa.id);
  ASSERT_EQ(refused.status, 400) << refused.body;
  const Json why = Json::parse(refused.body);
  EXPECT_EQ(why["field"], "items[0]");
  EXPECT_EQ(why["refused"][0]["rule"], "cannot_kneel");
  EXPECT_THAT(why["error"].get<std::string>(), HasSubstr("cannot kneel"));
  EXPECT_TRUE(Json::parse(device_get(world, world.pa).body)["prescription"].is_null()) << "a refusal saves nothing";

  Json confirmed = Json::parse(kKneeling);
  confirmed["items"][0]["overrides"] = {"cannot_kneel"};
  const web::Response saved = save(world, confirmed.dump(), world.a, world.pa.id);
  ASSERT_EQ(saved.status, 200) << saved.body;
  const Json record = Json::parse(saved.body)["prescription"]["items"][0]["overrides"][0];
  EXPECT_EQ(record["rule"], "cannot_kneel");
  EXPECT_FALSE(record["by"].get<std::string>().empty());
  EXPECT_EQ(record["at"].get<std::string>().size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ

  // The record stays as it was when the clinician saves again; the log has it once.
  Json again = Json::parse(saved.body)["prescription"];
  again["note"] = "Twice a day.";
  ASSERT_EQ(save(world, again.dump(), world.a, world.pa.id).status, 200);
  const Json read = Json::parse(world.app.handle(world.as_clinician(
      world.request("GET", "/api/clinic/patients/" + world.pa.id + "/prescription"), world.a)).body);
  EXPECT_EQ(read["version"], 2);
  EXPECT_EQ(read["prescription"]["items"][0]["overrides"][0], record);
  ASSERT_EQ(read["overrides"].size(), 1u);
  EXPECT_EQ(read["overrides"][0]["rule"], "cannot_kneel");
  // And the page shows it.
  const web::Response page = world.app.handle(
      world.as_clinician(world.request("GET", "/patients/" + world.pa.id + "/prescription"), world.a));
  EXPECT_THAT(page.body, HasSubstr("cannot kneel"));
  EXPECT_THAT(page.body, HasSubstr("confirmed by"));
  // What people read is in plain words: no rule code, exercise id, position or technique id
  // in the page's text (they stay in attributes, which the forms send back).
  std::string text;
  bool in_tag = false;
  for (char c : page.body) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  for (const char* internal : {"cannot_kneel", "custom-1", "quadruped", "cat-camel", "side_lying"}) {
    EXPECT_THAT(text, Not(HasSubstr(internal))) << internal;
  }
  EXPECT_THAT(page.body, HasSubstr("on hands and knees"));
  EXPECT_THAT(page.body, HasSubstr("Pose figure: Cat-camel on hands and knees"));
  EXPECT_THAT(page.body, HasSubstr(" UTC</li>"));
}

TEST(ClinicPrescriptions, ThePagesFormsAddACustomExerciseAndShowMistakesBesideTheirField) {
  World world;
  auto post = [&](const std::string& form) {
    return world.app.handle(world.as_clinician(
        world.request("POST", "/patients/" + world.pa.id + "/prescription", form, "application/x-www-form-urlencoded"),
        world.a));
  };
  const web::Response missing = post("action=add_custom&version=0&title=&steps=Stand+tall&reps=8&position=standing");
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(missing.body, HasSubstr("add_custom-title-error"));
  EXPECT_THAT(missing.body, HasSubstr("Give the exercise a title."));
  const web::Response bad_number = post("action=add_custom&version=0&title=Wall+press&steps=Stand&reps=lots&position=standing");
  EXPECT_EQ(bad_number.status, 400);
  EXPECT_THAT(bad_number.body, HasSubstr("add_custom-reps-error"));
  EXPECT_THAT(bad_number.body, HasSubstr("value=\"Wall press\"")) << "what was typed is kept";

  const web::Response made = post(
      "action=add_custom&version=0&title=Wall+press+%3Cb%3E&steps=Stand+facing+a+wall%0D%0APress+and+release&sets=2&reps=8"
      "&position=standing&picture=cat-camel&stop_if=Sharp+pain&note=Slowly");
  ASSERT_EQ(made.status, 303) << made.body;
  const web::Response page = world.app.handle(
      world.as_clinician(world.request("GET", "/patients/" + world.pa.id + "/prescription"), world.a));
  EXPECT_THAT(page.body, HasSubstr("Wall press &lt;b&gt;"));
  EXPECT_THAT(page.body, Not(HasSubstr("Wall press <b>")));
  EXPECT_THAT(page.body, HasSubstr("Press and release"));
  const Json pulled = Json::parse(device_get(world, world.pa).body)["prescription"];
  EXPECT_EQ(pulled["custom_exercises"][0]["steps"].size(), 2u);
  EXPECT_EQ(pulled["custom_exercises"][0]["dose"]["reps"], 8);

  ASSERT_EQ(post("action=remove_technique&version=1&technique=forearm-roller-slide").status, 303);
  ASSERT_EQ(post("action=remove_item&version=2&technique=custom-1").status, 303);
  const Json after = Json::parse(device_get(world, world.pa).body)["prescription"];
  EXPECT_TRUE(after["items"].empty());
  EXPECT_TRUE(after["custom_exercises"].empty());
  EXPECT_EQ(after["removed"][0], "forearm-roller-slide");
}

TEST(ClinicPrescriptions, TheFormOffersTheOverrideAndRecordsItWhenTicked) {
  World world;
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", kCannotKneel), world.pa)).status,
            200);
  auto post = [&](const std::string& form) {
    return world.app.handle(world.as_clinician(
        world.request("POST", "/patients/" + world.pa.id + "/prescription", form, "application/x-www-form-urlencoded"),
        world.a));
  };
  const std::string form = "action=add_custom&version=0&title=Kneeling+lifts&steps=Kneel&reps=8&position=quadruped";
  const web::Response refused = post(form);
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("name=\"override\""));
  EXPECT_THAT(refused.body, HasSubstr("value=\"cannot_kneel\""));
  ASSERT_EQ(post(form + "&override=cannot_kneel").status, 303);
  const Json pulled = Json::parse(device_get(world, world.pa).body)["prescription"];
  EXPECT_EQ(pulled["items"][0]["overrides"][0]["rule"], "cannot_kneel");
}

TEST(ClinicPrescriptions, TextThatLooksLikeSqlIsStoredAsTextAndEscapedOnThePage) {
  World world;
  Json body = Json::parse(kKneeling);
  body["custom_exercises"][0]["title"] = "Lifts'); DROP TABLE prescriptions; -- <script>";
  ASSERT_EQ(save(world, body.dump(), world.a, world.pa.id).status, 200);
  const Json pulled = Json::parse(device_get(world, world.pa).body)["prescription"];
  EXPECT_EQ(pulled["custom_exercises"][0]["title"], "Lifts'); DROP TABLE prescriptions; -- <script>");
  const web::Response page = world.app.handle(
      world.as_clinician(world.request("GET", "/patients/" + world.pa.id + "/prescription"), world.a));
  EXPECT_THAT(page.body, HasSubstr("DROP TABLE prescriptions; -- &lt;script&gt;"));
  EXPECT_THAT(page.body, Not(HasSubstr("<script>")));
}

TEST(ClinicPrescriptions, ThePageSaysWhenTheSafetyScreenPutsEverythingOnHold) {
  World world;
  const std::string urgent = R"({"intake": {"schema": "unknot.intake/1", "age": 40, "pain": {"now": 4,
    "weeks_since_onset": 3, "areas": ["between_shoulder_blades"]}, "symptoms": ["chest_pain_or_pressure"]}})";
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", urgent), world.pa)).status, 200);
  const web::Response page = world.app.handle(
      world.as_clinician(world.request("GET", "/patients/" + world.pa.id + "/prescription"), world.a));
  EXPECT_THAT(page.body, HasSubstr("on hold"));
}

class PrescriptionClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("unknot-prescription-" + world_.address);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The real app, or an answer of our own for the prescription call.
  Transport transport() {
    return [this](const HttpCall& call, const HttpOptions&) -> Result<HttpReply> {
      if (forged_ && call.url.find("prescription") != std::string::npos) return HttpReply{200, *forged_};
      web::Request request = world_.request(call.method, call.url.substr(call.url.find('/', 8)), call.body);
      for (const auto& [name, value] : call.headers) {
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers[lower] = value;
      }
      const web::Response response = world_.app.handle(request);
      return HttpReply{response.status, response.body};
    };
  }

  ClinicClient linked_client() {
    ClinicClient client(dir_.string(), transport());
    client.check_prescriptions_against(test_util::embedded_catalogue());
    auto made = world_.store.add_patient(world_.a.id, "Prescribed").value();
    patient_id_ = made.id;
    EXPECT_TRUE(client.link("http://clinic.test/", made.link_code, std::nullopt, "2026-03-30T09:00:00").ok());
    return client;
  }

  std::string stored() {
    std::string text;
    test_util::read_text_file(storage::prescription_path(dir_.string()), text);
    return text;
  }

  World world_;
  std::filesystem::path dir_;
  std::string patient_id_;
  std::optional<std::string> forged_;
};

TEST_F(PrescriptionClientTest, SyncPullsChecksAndStoresThePrescriptionOnlyWhenItChanged) {
  ClinicClient client = linked_client();
  auto none = client.sync({}, std::nullopt, "2026-03-30T09:01:00");
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(none->prescription_updated);
  EXPECT_EQ(stored(), "");
  ASSERT_EQ(save(world_, kKneeling, world_.a, patient_id_).status, 200);
  auto pulled = client.sync({}, std::nullopt, "2026-03-30T09:02:00");
  ASSERT_TRUE(pulled.ok()) << pulled.error().message;
  EXPECT_TRUE(pulled->prescription_updated);
  EXPECT_THAT(stored(), HasSubstr("Kneeling arm lifts"));
  auto same = client.sync({}, std::nullopt, "2026-03-30T09:03:00");
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->prescription_updated);
}

TEST_F(PrescriptionClientTest, ABadPrescriptionFromTheClinicChangesNothingAndSaysWhy) {
  ClinicClient client = linked_client();
  ASSERT_EQ(save(world_, kKneeling, world_.a, patient_id_).status, 200);
  ASSERT_TRUE(client.sync({}, std::nullopt, "2026-03-30T09:01:00").ok());
  const std::string before = stored();
  for (const std::string& forged : {std::string("not json"), std::string(R"({"prescriptions": []})"),
                                    std::string(R"({"prescription": {"items": [{"technique": "dragon-pose"}]}})"),
                                    std::string(R"({"prescription": {"items": [{"technique": 7}]}})")}) {
    forged_ = forged;
    auto refused = client.sync({}, std::nullopt, "2026-03-30T09:02:00");
    ASSERT_FALSE(refused.ok()) << forged;
    EXPECT_THAT(refused.error().message, HasSubstr("prescription")) << forged;
    EXPECT_THAT(refused.error().message, HasSubstr("unchanged")) << forged;
    EXPECT_EQ(stored(), before) << forged;
  }
  EXPECT_FALSE(client.state().value()->last_sync_ok);
}

TEST_F(PrescriptionClientTest, AWithdrawnPrescriptionIsForgotten) {
  ClinicClient client = linked_client();
  ASSERT_EQ(save(world_, kKneeling, world_.a, patient_id_).status, 200);
  ASSERT_TRUE(client.sync({}, std::nullopt, "2026-03-30T09:01:00").ok());
  ASSERT_NE(stored(), "");
  forged_ = R"({"prescription": null})";
  auto withdrawn = client.sync({}, std::nullopt, "2026-03-30T09:02:00");
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_TRUE(withdrawn->prescription_updated);
  EXPECT_EQ(stored(), "");
}

}  // namespace
}  // namespace unknot::clinic
