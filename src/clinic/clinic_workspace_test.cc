// The clinician's workspace at scale (issue 18) against a real PostgreSQL: judged summaries kept in
// the database and judged again only when stale, the list's filter by reason, the patient's
// downloads, the audit log (every read recorded, nothing for a caller without a session), and a
// sync that writes only what is new.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>
#include <nlohmann/json.hpp>

#include "clinic/audit.h"
#include "clinic/clinic_app.h"
#include "clinic/clinic_test_support.h"
#include "clinic/patient_summary.h"
#include "testing/test_util.h"

namespace unknot::clinic {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::World;
using Json = nlohmann::json;

const std::string kSymptomAndPain =
    R"({"entries":[{"at":"2026-03-27","type":"symptom","symptom":"fever"},)"
    R"({"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"}]})";

web::Response get(World& world, const std::string& target, const testing::Clinician& who) {
  return world.app.handle(world.as_clinician(world.request("GET", target), who));
}

web::Response sync(World& world, const std::string& body) {
  return world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", body), world.pa));
}

// One value of the patient's row in `table`, as text ("" when there is no row).
std::string column(const std::string& sql, const std::string& patient_id) {
  std::string value;
  EXPECT_TRUE(testing::test_pool().run([&](PgConnection& db) -> Status {
    auto rows = db.query(sql, {patient_id});
    if (!rows) return rows.error();
    if (!rows->empty()) value = rows->rows[0][0].value_or("");
    return Ok{};
  }));
  return value;
}

TEST(ClinicSummaries, ASyncThatStoresSomethingJudgesThePatientAndStoresIt) {
  World world;
  const std::string version_sql = "SELECT data_version FROM patients WHERE id = $1";
  const std::string before = column(version_sql, world.pa.id);
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  const std::string after = column(version_sql, world.pa.id);
  EXPECT_NE(before, after);
  EXPECT_EQ(column("SELECT data_version FROM patient_summaries WHERE patient_id = $1", world.pa.id), after);
  EXPECT_EQ(column("SELECT judged_for::text FROM patient_summaries WHERE patient_id = $1", world.pa.id), "2026-03-30");
  EXPECT_EQ(column("SELECT warning_sign_on FROM patient_summaries WHERE patient_id = $1", world.pa.id), "2026-03-27");
  // The same entries again store nothing, so nothing is judged again.
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  EXPECT_EQ(column(version_sql, world.pa.id), after);
}

std::string desk_worker_intake() {
  std::ifstream file(std::string(UNKNOT_SOURCE_DIR) + "/tests/data/desk_worker.json");
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

TEST(ClinicSync, ARepeatedSyncWritesNothingAndAnswersTheSame) {
  World world;
  const std::string row_sql = "SELECT xmin::text || ' ' || data_version || ' ' || coalesce(last_entry_at, '-')"
                              " FROM patients WHERE id = $1";
  const std::string count_sql = "SELECT count(*) FROM entries WHERE patient_id = $1";
  const std::string day =
      R"({"entries":[{"at":"2026-03-27","type":"trigger","trigger":"stress"},)"
      R"({"at":"2026-03-27T07:30:00","type":"pain","nprs":4,"context":"morning"},)"
      R"({"at":"2026-03-27T18:00:00","type":"session","session":"strength","completed":true,"pain_during":2,)"
      R"("items":[{"technique":"band-row","reps":24}]}]})";
  auto first = sync(world, day);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Json::parse(first.body), (Json{{"stored", 3}, {"duplicates", 0}}));
  const std::string row = column(row_sql, world.pa.id);
  EXPECT_THAT(row, ::testing::EndsWith(" 2026-03-27T18:00:00"));
  for (int again = 0; again < 3; ++again) {
    auto repeated = sync(world, day);
    ASSERT_EQ(repeated.status, 200) << repeated.body;
    EXPECT_EQ(Json::parse(repeated.body), (Json{{"stored", 0}, {"duplicates", 3}}));
    // Not a byte written to the patient's row (the same row version), no entry added.
    EXPECT_EQ(column(row_sql, world.pa.id), row);
    EXPECT_EQ(column(count_sql, world.pa.id), "3");
  }
  // An older entry is stored and moves the data version on, but the last entry stays the newest.
  auto older = sync(world, R"({"entries":[{"at":"2026-03-20","type":"note","text":"a week before"}]})");
  EXPECT_EQ(Json::parse(older.body), (Json{{"stored", 1}, {"duplicates", 0}}));
  const std::string after_older = column(row_sql, world.pa.id);
  EXPECT_NE(after_older, row);
  EXPECT_THAT(after_older, ::testing::EndsWith(" 2026-03-27T18:00:00"));
  // An intake changes the row once; the same intake again changes nothing.
  const std::string with_intake = Json{{"intake", Json::parse(desk_worker_intake())}}.dump();
  ASSERT_EQ(sync(world, with_intake).status, 200);
  const std::string after_intake = column(row_sql, world.pa.id);
  EXPECT_NE(after_intake, after_older);
  EXPECT_NE(column("SELECT intake_updated_at FROM patients WHERE id = $1", world.pa.id), "");
  auto same_intake = sync(world, with_intake);
  EXPECT_EQ(Json::parse(same_intake.body), (Json{{"stored", 0}, {"duplicates", 0}}));
  EXPECT_EQ(column(row_sql, world.pa.id), after_intake);
}

TEST(ClinicSync, EntriesWithQuotesBackslashesAndBracesComeBackExactly) {
  World world;
  const std::vector<std::string> texts = {"a \"quoted\" word", "back\\slash", "{braces}, commas", "NULL",
                                          "x'); DELETE FROM entries; --"};
  Json entries = Json::array();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    entries.push_back({{"at", "2026-03-2" + std::to_string(i + 1)}, {"type", "note"}, {"text", texts[i]}});
  }
  auto stored = sync(world, Json{{"entries", entries}}.dump());
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(Json::parse(stored.body)["stored"], texts.size());
  const Json diary = Json::parse(get(world, "/api/clinic/patients/" + world.pa.id + "/diary", world.a).body)["entries"];
  ASSERT_EQ(diary.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(diary[i]["text"], texts[i]) << i;
}

TEST(ClinicSummaries, TheListShowsTheWarningSignFirstWithItsDateAndTheScreensLevel) {
  World world;
  std::ifstream file(std::string(UNKNOT_SOURCE_DIR) + "/tests/data/desk_worker.json");
  const std::string intake((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::string body = Json{{"entries", Json::parse(kSymptomAndPain)["entries"]}, {"intake", Json::parse(intake)}}.dump();
  ASSERT_EQ(sync(world, body).status, 200);
  ASSERT_EQ(world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/patients", R"({"display_name":"Quiet"})"), world.a)).status, 201);
  const Json list = Json::parse(get(world, "/api/clinic/patients", world.a).body)["patients"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], world.pa.id);
  EXPECT_EQ(list[0]["attention"][0], "warning_sign");
  EXPECT_EQ(list[0]["warning_sign_on"], "2026-03-27");
  EXPECT_EQ(list[0]["screen_level"], "self_care");
  EXPECT_EQ(list[0]["entries"], 2);
  EXPECT_EQ(list[0]["days_with_data_last_30"], 2);
  EXPECT_EQ(list[1]["attention"], Json::array({"no_recent_entry"}));
  const auto page = get(world, "/patients", world.a);
  EXPECT_THAT(page.body, HasSubstr("A warning sign was reported on 2026-03-27 (safety screen: self-care)"));
}

TEST(ClinicSummaries, ASummaryJudgedForAnEarlierDayOrMissingIsJudgedAgainByTheList) {
  World world;
  ASSERT_EQ(sync(world, R"({"entries":[{"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"}]})").status, 200);
  EXPECT_EQ(Json::parse(get(world, "/api/clinic/patients", world.a).body)["patients"][0]["attention"], Json::array());
  // Twelve days later nothing new has come: the same stored data, judged for the new day.
  ClinicApp later(world.store, test_util::embedded_catalogue(), {}, [] { return std::string("2026-04-10"); });
  const auto response = later.handle(world.as_clinician(world.request("GET", "/api/clinic/patients"), world.a));
  EXPECT_EQ(Json::parse(response.body)["patients"][0]["attention"], Json::array({"no_recent_entry"}));
  EXPECT_EQ(column("SELECT judged_for::text FROM patient_summaries WHERE patient_id = $1", world.pa.id), "2026-04-10");
  // A summary lost (or never made, as for patients from before the summaries) is made again.
  column("DELETE FROM patient_summaries WHERE patient_id = $1 RETURNING 1", world.pa.id);
  EXPECT_EQ(Json::parse(get(world, "/api/clinic/patients", world.a).body)["patients"][0]["entries"], 1);
  EXPECT_EQ(column("SELECT entries FROM patient_summaries WHERE patient_id = $1", world.pa.id), "1");
}

TEST(ClinicSummaries, InitJudgesEveryPatientWhoseSummaryIsMissingOrStale) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  column("DELETE FROM patient_summaries WHERE patient_id = $1 RETURNING 1", world.pa.id);
  SummaryStore summaries(testing::test_pool(), test_util::embedded_catalogue());
  const auto judged = summaries.refresh_stale(*day_number("2026-03-30"));
  ASSERT_TRUE(judged);
  EXPECT_GE(*judged, 1);
  EXPECT_EQ(column("SELECT warning_sign_on FROM patient_summaries WHERE patient_id = $1", world.pa.id), "2026-03-27");
  EXPECT_EQ(column("SELECT data_version FROM patient_summaries WHERE patient_id = $1", world.pa.id),
            column("SELECT data_version FROM patients WHERE id = $1", world.pa.id));
}

TEST(ClinicSummaries, AnOlderJudgementNeverOverwritesANewerOne) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  SummaryStore summaries(testing::test_pool(), test_util::embedded_catalogue());
  ASSERT_TRUE(summaries.refresh(world.pa.id, *day_number("2026-04-30")));
  ASSERT_TRUE(summaries.refresh(world.pa.id, *day_number("2026-03-30")));
  EXPECT_EQ(column("SELECT judged_for::text FROM patient_summaries WHERE patient_id = $1", world.pa.id), "2026-04-30");
}

TEST(ClinicSummaries, TheServerJudgesJustAfterTheSyncIsAnswered) {
  World world;
  ClinicAppOptions options;
  options.judge_after_sync_answered = true;
  {
    ClinicApp server(world.store, test_util::embedded_catalogue(), options, [] { return std::string(testing::kToday); });
    ASSERT_EQ(server.handle(world.as_device(world.request("POST", "/api/clinic/sync", kSymptomAndPain), world.pa)).status, 200);
  }  // the app waits for the patient being judged when it stops
  SummaryStore summaries(testing::test_pool(), test_util::embedded_catalogue());
  SummaryRefresher refresher(summaries);
  refresher.request(world.pb.id, *day_number("2026-03-30"));
  refresher.request(world.pb.id, *day_number("2026-03-31"));
  refresher.wait_idle();
  EXPECT_EQ(column("SELECT judged_for::text FROM patient_summaries WHERE patient_id = $1", world.pb.id), "2026-03-31");
  // Whether or not the server's refresher got to it before stopping, the list is right.
  const Json list = Json::parse(get(world, "/api/clinic/patients", world.a).body)["patients"];
  EXPECT_EQ(list[0]["warning_sign_on"], "2026-03-27");
}

TEST(ClinicFilter, TheListFiltersByReasonAndRefusesAnUnknownOne) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  ASSERT_EQ(world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/patients", R"({"display_name":"Quiet"})"), world.a)).status, 201);
  const Json warning = Json::parse(get(world, "/api/clinic/patients?attention=warning_sign", world.a).body)["patients"];
  ASSERT_EQ(warning.size(), 1u);
  EXPECT_EQ(warning[0]["id"], world.pa.id);
  const Json quiet = Json::parse(get(world, "/api/clinic/patients?attention=no_recent_entry", world.a).body)["patients"];
  ASSERT_EQ(quiet.size(), 1u);
  EXPECT_EQ(quiet[0]["display_name"], "Quiet");
  EXPECT_EQ(Json::parse(get(world, "/api/clinic/patients?attention=review_due", world.a).body)["patients"].size(), 0u);
  const auto bad = get(world, "/api/clinic/patients?attention=bogus", world.a);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("attention=bogus"));
  EXPECT_EQ(get(world, "/patients?attention=bogus", world.a).status, 400);
  const auto page = get(world, "/patients?attention=warning_sign", world.a);
  EXPECT_THAT(page.body, HasSubstr("Patient of A"));
  EXPECT_THAT(page.body, Not(HasSubstr(">Quiet<")));
  EXPECT_THAT(page.body, HasSubstr("<option value=\"warning_sign\" selected>"));
}

TEST(ClinicPatientPage, ShowsTheNewEntryAfterASyncAndOffersTheDownloads) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  const auto first = get(world, "/patients/" + world.pa.id, world.a);
  ASSERT_EQ(first.status, 200);
  EXPECT_THAT(first.body, HasSubstr("Days with data in the last 30</dt><dd>2<"));
  EXPECT_THAT(first.body, HasSubstr("/patients/" + world.pa.id + "/fhir.json"));
  EXPECT_THAT(first.body, HasSubstr("Sessions against the plan"));
  EXPECT_THAT(first.body, Not(HasSubstr("2 out of 10 (evening)")));
  // Every section once: each heading's id is unique on the page.
  for (const char* id : {"id=\"attention\"", "id=\"glance\"", "id=\"safety\"", "id=\"review\"", "id=\"sessions\"", "id=\"diary\""}) {
    const auto at = first.body.find(id);
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_EQ(first.body.find(id, at + 1), std::string::npos) << id << " twice";
  }
  ASSERT_EQ(sync(world, R"({"entries":[{"at":"2026-03-29T19:00:00","type":"pain","nprs":2,"context":"evening"}]})").status, 200);
  const auto second = get(world, "/patients/" + world.pa.id, world.a);
  EXPECT_THAT(second.body, HasSubstr("2 out of 10 (evening)"));  // the cached judgement was of older data
}

TEST(ClinicPatientPage, TheContentIsRenderedOnceAndEachSessionGetsItsOwnToken) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  const auto first = get(world, "/patients/" + world.pa.id, world.a);
  testing::Clinician again = world.a;
  world.sign_in(again);  // a second session of the same clinician: another CSRF token
  ASSERT_NE(again.csrf, world.a.csrf);
  const auto second = get(world, "/patients/" + world.pa.id, again);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  EXPECT_THAT(first.body, HasSubstr("value=\"" + world.a.csrf + "\""));
  EXPECT_THAT(second.body, HasSubstr("value=\"" + again.csrf + "\""));
  EXPECT_THAT(second.body, Not(HasSubstr(world.a.csrf)));  // the kept content carries no token
  std::string mine = first.body;
  for (auto at = mine.find(world.a.csrf); at != std::string::npos; at = mine.find(world.a.csrf)) {
    mine.replace(at, world.a.csrf.size(), again.csrf);
  }
  EXPECT_EQ(mine, second.body);  // otherwise the same page
  // Another clinician still gets no page of A's patient, kept or not.
  EXPECT_EQ(get(world, "/patients/" + world.pa.id, world.b).status, 404);
}

TEST(ClinicPatientPage, TheDownloadsAreTheBundleAndTheReportOfThePersonsOwnApp) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  const auto fhir = get(world, "/patients/" + world.pa.id + "/fhir.json", world.a);
  ASSERT_EQ(fhir.status, 200);
  EXPECT_EQ(fhir.content_type, "application/fhir+json");
  EXPECT_THAT(fhir.header("Content-Disposition"), HasSubstr("attachment"));
  const Json bundle = Json::parse(fhir.body);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  int observations = 0;
  for (const Json& entry : bundle["entry"]) observations += entry["resource"]["resourceType"] == "Observation";
  EXPECT_EQ(observations, 1);
  const auto report = get(world, "/patients/" + world.pa.id + "/report.html", world.a);
  ASSERT_EQ(report.status, 200);
  EXPECT_THAT(report.body, HasSubstr("<!doctype html>"));
  EXPECT_THAT(report.body, HasSubstr("A fever"));
}

TEST(ClinicAudit, EveryReadAndChangeOfPatientDataIsRecordedForThatClinicianOnly) {
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  get(world, "/api/clinic/patients", world.a);
  get(world, "/patients/" + world.pa.id, world.a);
  get(world, "/api/clinic/patients/" + world.pa.id + "/diary", world.a);
  get(world, "/patients/" + world.pa.id + "/report.html", world.a);
  world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/patients/" + world.pa.id + "/link-code", "{}"), world.a));
  get(world, "/patients/" + world.pa.id, world.b);  // B tries A's patient: recorded for B
  const Json mine = Json::parse(get(world, "/api/clinic/audit", world.a).body)["entries"];
  ASSERT_EQ(mine.size(), 5u);
  EXPECT_EQ(mine[0]["action"], "new_link_code");
  EXPECT_EQ(mine[1]["action"], "download_report");
  EXPECT_EQ(mine[2]["action"], "read_diary");
  EXPECT_EQ(mine[3]["action"], "read_patient");
  EXPECT_EQ(mine[3]["patient_id"], world.pa.id);
  EXPECT_EQ(mine[3]["request"], "GET /patients/" + world.pa.id);
  EXPECT_EQ(mine[4]["action"], "list_patients");
  EXPECT_EQ(mine[4]["patient_id"], nullptr);
  const Json theirs = Json::parse(get(world, "/api/clinic/audit", world.b).body)["entries"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["action"], "read_patient");
  const auto page = get(world, "/audit", world.a);
  EXPECT_THAT(page.body, HasSubstr("Opened a patient&#39;s page"));
  EXPECT_THAT(page.body, HasSubstr(">Patient of A</a>"));
  // B's page names no patient of A's.
  EXPECT_THAT(get(world, "/audit", world.b).body, Not(HasSubstr("Patient of A")));
  EXPECT_EQ(get(world, "/api/clinic/audit?before=x", world.a).status, 400);
  EXPECT_EQ(Json::parse(get(world, "/api/clinic/audit?before=" + std::to_string(mine[3]["id"].get<long long>()), world.a).body)["entries"].size(), 1u);
}

TEST(ClinicAudit, AReadWithoutAValidSessionIsRefusedAndRecordsNothing) {
  World world;
  const std::string count_sql = "SELECT count(*) FROM audit_log WHERE request LIKE $1";
  testing::Clinician nobody = world.a;
  nobody.session = "not-a-session";
  auto refused = get(world, "/api/clinic/patients?nobody=1", nobody);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(get(world, "/patients/" + world.pa.id + "?nobody=1", nobody).status, 303);  // to the sign-in page
  EXPECT_EQ(column(count_sql, "%nobody=1%"), "0");
  // Signed out: the old cookie reads nothing and is recorded nowhere.
  testing::Clinician signed_out = world.a;
  ASSERT_EQ(world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/logout", "{}"), world.a)).status, 200);
  EXPECT_EQ(get(world, "/api/clinic/patients/" + world.pa.id + "?after=logout", signed_out).status, 401);
  EXPECT_EQ(column(count_sql, "%after=logout%"), "0");
  // A valid session's read is recorded once, with the request as sent.
  world.sign_in(world.b);
  EXPECT_EQ(get(world, "/api/clinic/patients?valid=1", world.b).status, 200);
  EXPECT_EQ(column(count_sql, "%valid=1%"), "1");
}

TEST(ClinicAudit, AReadWhoseRecordCannotBeWrittenReadsNothing) {
  // The list and the patient page send the session, the record and their read together
  // (one round trip): a record that fails must still stop the read, and nothing comes back.
  World world;
  ASSERT_EQ(sync(world, kSymptomAndPain).status, 200);
  const auto run = [](const std::string& sql) {
    ASSERT_TRUE(testing::test_pool().run([&](PgConnection& db) -> Status { return db.run_script(sql); }));
  };
  run("CREATE FUNCTION refuse_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
      " RAISE EXCEPTION 'no record today'; END $$;"
      "CREATE TRIGGER refuse_record BEFORE INSERT ON audit_log FOR EACH ROW"
      " WHEN (NEW.request LIKE '%refuse=1%') EXECUTE FUNCTION refuse_record();");
  for (const std::string& target : {std::string("/api/clinic/patients?refuse=1"), std::string("/patients?refuse=1"),
                                    "/api/clinic/patients/" + world.pa.id + "?refuse=1",
                                    "/patients/" + world.pa.id + "?refuse=1",
                                    "/patients/" + world.pa.id + "/report.html?refuse=1"}) {
    const auto refused = get(world, target, world.a);
    EXPECT_GE(refused.status, 500) << target;
    EXPECT_THAT(refused.body, Not(HasSubstr("Patient of A"))) << target;
    EXPECT_THAT(refused.body, Not(HasSubstr(world.pa.id))) << target;
  }
  run("DROP TRIGGER refuse_record ON audit_log; DROP FUNCTION refuse_record();");
  // The same reads recorded again: they answer.
  EXPECT_EQ(get(world, "/api/clinic/patients?refuse=0", world.a).status, 200);
  EXPECT_EQ(get(world, "/patients/" + world.pa.id + "?refuse=0", world.a).status, 200);
}

TEST(ClinicAudit, RecordingAReadLocksNoClinicianRow) {
  // Migration 4: no foreign key from audit_log, whose check would lock the clinician's row in
  // every read (and, with reads at once, make a MultiXact of each).
  World world;
  EXPECT_EQ(column("SELECT count(*) FROM pg_constraint WHERE conrelid = 'audit_log'::regclass AND contype = $1", "f"),
            "0");
  EXPECT_EQ(get(world, "/api/clinic/patients", world.a).status, 200);
  EXPECT_EQ(column("SELECT count(*) FROM audit_log WHERE clinician_id = $1::bigint", std::to_string(world.a.id)), "1");
}

TEST(ClinicAudit, EveryClinicianRouteThatReachesPatientsHasAnAction) {
  for (const RouteInfo& route : ClinicApp::routes()) {
    if (route.access != Access::kClinician) continue;
    const std::string pattern(route.pattern);
    const bool reaches_patients = pattern.find("/patients") != std::string::npos;
    EXPECT_EQ(audit_action(route.method, route.pattern).has_value(), reaches_patients) << route.method << " " << pattern;
  }
  EXPECT_EQ(audit_action("GET", "/patients/{id}"), AuditAction::kReadPatient);
  EXPECT_EQ(audit_action("POST", "/patients/{id}/something-new"), AuditAction::kChangePatientData);
  EXPECT_FALSE(audit_action("POST", "/logout"));
}

}  // namespace
}  // namespace unknot::clinic
