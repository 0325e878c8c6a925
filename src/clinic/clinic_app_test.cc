// The clinic server against a real PostgreSQL: the authorization matrix over every route,
// then accounts, CSRF, link codes, sync, unlink, injection attempts and escaping.
#include "clinic/clinic_app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "clinic/clinic_test_support.h"
#include "clinic/secrets.h"

namespace unknot::clinic {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::World;
using Json = nlohmann::json;

enum Caller { kNobody, kClinicianA, kClinicianB, kDeviceA, kDeviceB, kCallers };
constexpr const char* kCallerNames[] = {"nobody", "clinician A", "clinician B", "device of A's patient",
                                        "device of B's patient"};

struct Expect {
  int status;
  const char* location = nullptr;  // for redirects
};

struct Cell {
  const char* body;  // "" for none; "{id}" in the target is A's patient
  const char* content_type;
  std::array<Expect, kCallers> expect;
};

constexpr const char* kJson = "application/json";
constexpr const char* kForm = "application/x-www-form-urlencoded";

// Every route's expected answer for every caller. {id} is always A's patient: B must get
// exactly what an unknown id gets, devices never reach a clinician route.
const std::map<std::string, Cell>& matrix() {
  static const std::map<std::string, Cell> cells = {
      {"POST /api/clinic/login", {R"({"email":"nobody@clinic.test","password":"not the password"})", kJson,
                                  {{{401}, {401}, {401}, {401}, {401}}}}},
      {"POST /api/clinic/logout", {"{}", kJson, {{{401}, {200}, {200}, {401}, {401}}}}},
      {"GET /api/clinic/patients", {"", kJson, {{{401}, {200}, {200}, {401}, {401}}}}},
      {"POST /api/clinic/patients", {R"({"display_name":"Someone"})", kJson, {{{401}, {201}, {201}, {401}, {401}}}}},
      {"GET /api/clinic/patients/{id}", {"", kJson, {{{401}, {200}, {404}, {401}, {401}}}}},
      {"GET /api/clinic/patients/{id}/diary", {"", kJson, {{{401}, {200}, {404}, {401}, {401}}}}},
      {"POST /api/clinic/patients/{id}/link-code", {"{}", kJson, {{{401}, {201}, {404}, {401}, {401}}}}},
      // Prescriptions: A's save runs first (version 0 -> 1), so the page's form below is based on version 1.
      {"GET /api/clinic/patients/{id}/prescription", {"", kJson, {{{401}, {200}, {404}, {401}, {401}}}}},
      {"POST /api/clinic/patients/{id}/prescription",
       {R"({"version":0,"days_per_week":3,"items":[{"technique":"shoulder-blade-squeeze"}]})", kJson,
        {{{401}, {200}, {404}, {401}, {401}}}}},
      {"POST /api/clinic/link", {R"({"code":"AAAA-BBBB-CCCC"})", kJson, {{{400}, {400}, {400}, {400}, {400}}}}},
      {"POST /api/clinic/sync", {R"({"entries":[{"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"}]})",
                                 kJson, {{{401}, {401}, {401}, {200}, {200}}}}},
      {"GET /api/clinic/prescription", {"", kJson, {{{401}, {401}, {401}, {200}, {200}}}}},
      {"POST /api/clinic/unlink", {"{}", kJson, {{{401}, {401}, {401}, {200}, {200}}}}},
      {"GET /", {"", kJson, {{{303, "/login"}, {303, "/patients"}, {303, "/patients"}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /login", {"", kJson, {{{200}, {200}, {200}, {200}, {200}}}}},
      {"POST /login", {"email=nobody%40clinic.test&password=wrong+password", kForm, {{{401}, {401}, {401}, {401}, {401}}}}},
      {"POST /logout", {"", kForm, {{{303, "/login"}, {303, "/login"}, {303, "/login"}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /patients", {"", kJson, {{{303, "/login"}, {200}, {200}, {303, "/login"}, {303, "/login"}}}}},
      {"POST /patients", {"display_name=Someone", kForm, {{{303, "/login"}, {201}, {201}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /patients/{id}", {"", kJson, {{{303, "/login"}, {200}, {404}, {303, "/login"}, {303, "/login"}}}}},
      {"POST /patients/{id}/link-code", {"", kForm, {{{303, "/login"}, {201}, {404}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /patients/{id}/prescription", {"", kJson, {{{303, "/login"}, {200}, {404}, {303, "/login"}, {303, "/login"}}}}},
      {"POST /patients/{id}/prescription", {"action=settings&version=1&days_per_week=4", kForm,
                                            {{{303, "/login"}, {303}, {404}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /assets/{name}", {"", kJson, {{{200}, {200}, {200}, {200}, {200}}}}},
      {"GET /patients/{id}/fhir.json", {"", kJson, {{{303, "/login"}, {200}, {404}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /patients/{id}/report.html", {"", kJson, {{{303, "/login"}, {200}, {404}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /audit", {"", kJson, {{{303, "/login"}, {200}, {200}, {303, "/login"}, {303, "/login"}}}}},
      {"GET /api/clinic/audit", {"", kJson, {{{401}, {200}, {200}, {401}, {401}}}}},
  };
  return cells;
}

std::string fill(std::string pattern, const std::string& id) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"{id}", id}, {"{name}", "clinic.css"}}) {
    if (auto at = pattern.find(from); at != std::string::npos) pattern.replace(at, from.size(), to);
  }
  return pattern;
}

web::Request as(World& world, Caller caller, web::Request request) {
  switch (caller) {
    case kNobody: return request;
    case kClinicianA: return world.as_clinician(std::move(request), world.a);
    case kClinicianB: return world.as_clinician(std::move(request), world.b);
    case kDeviceA: return world.as_device(std::move(request), world.pa);
    case kDeviceB: return world.as_device(std::move(request), world.pb);
    case kCallers: break;
  }
  return request;
}

TEST(ClinicAuthorization, MatrixCoversEveryRouteAndNothingElse) {
  std::set<std::string> routes;
  for (const RouteInfo& route : ClinicApp::routes()) {
    const std::string key = std::string(route.method) + " " + std::string(route.pattern);
    routes.insert(key);
    EXPECT_TRUE(matrix().count(key)) << "no authorization expectations for " << key;
  }
  for (const auto& [key, cell] : matrix()) EXPECT_TRUE(routes.count(key)) << key << " is not a route";
}

TEST(ClinicAuthorization, EveryRouteAnswersEachCallerAsTheMatrixSays) {
  World world;
  int route_index = 0;
  for (const RouteInfo& route : ClinicApp::routes()) {
    ++route_index;
    const std::string key = std::string(route.method) + " " + std::string(route.pattern);
    const auto found = matrix().find(key);
    if (found == matrix().end()) continue;  // reported by the test above
    const Cell& cell = found->second;
    for (int caller = 0; caller < kCallers; ++caller) {
      // Failed sign-ins count per account (five per 15 minutes): a name of this world's own, and
      // one per route and caller, keeps every cell below the limit.
      std::string body = cell.body;
      if (auto at = body.find("nobody"); at != std::string::npos) {
        body.replace(at, 6, "nobody-" + world.address + "-" + std::to_string(route_index) + "-" + std::to_string(caller));
      }
      web::Request request = world.request(std::string(route.method), fill(std::string(route.pattern), world.pa.id),
                                           body, cell.content_type);
      if (std::string(route.method) == "GET") request.headers.erase("content-type");
      const web::Response response = world.app.handle(as(world, static_cast<Caller>(caller), request));
      const Expect& expect = cell.expect[static_cast<std::size_t>(caller)];
      EXPECT_EQ(response.status, expect.status) << key << " as " << kCallerNames[caller] << ": " << response.body;
      if (expect.location != nullptr) {
        EXPECT_EQ(response.header("Location"), expect.location) << key << " as " << kCallerNames[caller];
      }
      // Calls that end a session or a link are undone, so every cell starts from the same world.
      if (key.find("logout") != std::string::npos) {
        world.sign_in(world.a);
        world.sign_in(world.b);
      }
      if (key == "POST /api/clinic/unlink") {
        world.relink(world.pa, world.a);
        world.relink(world.pb, world.b);
      }
    }
  }
}

TEST(ClinicAuthorization, AnotherClinicsPatientLooksExactlyLikeNoPatient) {
  World world;
  for (const RouteInfo& route : ClinicApp::routes()) {
    const std::string pattern(route.pattern);
    if (pattern.find("{id}") == std::string::npos) continue;
    const std::string body = std::string(route.method) == "POST" ? "" : "";
    auto theirs = world.app.handle(world.as_clinician(world.request(std::string(route.method), fill(pattern, world.pa.id), body, kForm), world.b));
    auto none = world.app.handle(world.as_clinician(world.request(std::string(route.method), fill(pattern, "0000000000000000"), body, kForm), world.b));
    EXPECT_EQ(theirs.status, 404) << pattern;
    EXPECT_EQ(theirs.status, none.status) << pattern;
    EXPECT_EQ(theirs.body, none.body) << pattern;
    EXPECT_EQ(theirs.content_type, none.content_type) << pattern;
  }
}

TEST(ClinicAuthorization, DevicesSeeOnlyTheirOwnPatient) {
  World world;
  const std::string entry = R"({"entries":[{"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"}]})";
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", entry), world.pb)).status, 200);
  auto a_diary = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + world.pa.id + "/diary"), world.a));
  ASSERT_EQ(a_diary.status, 200);
  EXPECT_EQ(Json::parse(a_diary.body)["entries"].size(), 0u) << "B's device wrote into A's patient";
  auto b_diary = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + world.pb.id + "/diary"), world.b));
  EXPECT_EQ(Json::parse(b_diary.body)["entries"].size(), 1u);
}

TEST(ClinicAuthorization, ChangesNeedTheSessionsCsrfTokenAndOurOrigin) {
  World world;
  auto request = world.as_clinician(world.request("POST", "/api/clinic/patients", R"({"display_name":"X"})"), world.a);
  auto missing = request;
  missing.headers.erase("x-csrf-token");
  EXPECT_EQ(world.app.handle(missing).status, 403);
  for (std::size_t at : {std::size_t{0}, world.a.csrf.size() / 2, world.a.csrf.size() - 1}) {
    auto wrong = request;
    wrong.headers["x-csrf-token"][at] = wrong.headers["x-csrf-token"][at] == 'a' ? 'b' : 'a';
    EXPECT_EQ(world.app.handle(wrong).status, 403) << "a token differing at byte " << at << " passed";
  }
  auto other_clinicians = request;
  other_clinicians.headers["x-csrf-token"] = world.b.csrf;
  EXPECT_EQ(world.app.handle(other_clinicians).status, 403);
  auto foreign = request;
  foreign.headers["origin"] = "https://evil.example";
  EXPECT_EQ(world.app.handle(foreign).status, 403);
  auto same = request;
  same.headers["origin"] = "https://clinic.test";
  EXPECT_EQ(world.app.handle(same).status, 201);
  auto form = world.request("POST", "/patients", "display_name=Y", kForm);
  form.headers["cookie"] = std::string(kSessionCookie) + "=" + world.a.session;
  EXPECT_EQ(world.app.handle(form).status, 403) << "a form without its csrf field";
}

TEST(ClinicAccounts, UnknownEmailAndWrongPasswordGetTheSameAnswer) {
  World world;
  auto unknown = world.app.handle(world.request(
      "POST", "/api/clinic/login", Json{{"email", "nobody-" + world.address + "@clinic.test"}, {"password", "whatever password"}}.dump()));
  auto wrong = world.app.handle(world.request("POST", "/api/clinic/login",
                                              Json{{"email", world.a.email}, {"password", "not the right one"}}.dump()));
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_TRUE(unknown.header("Set-Cookie").empty());
}

TEST(ClinicAccounts, LoginSetsAStrictHttpOnlyCookieAndStoresOnlyItsDigest) {
  World world;
  auto response = world.app.handle(world.request("POST", "/api/clinic/login",
                                                 Json{{"email", world.a.email}, {"password", world.a.password}}.dump()));
  ASSERT_EQ(response.status, 200) << response.body;
  const std::string cookie = response.header("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // no TLS in this app
  const std::string token = cookie.substr(std::string(kSessionCookie).size() + 1, 64);
  EXPECT_FALSE(Json::parse(response.body)["csrf_token"].get<std::string>().empty());
  bool stored_plain = true;
  bool stored_digest = false;
  ASSERT_TRUE(testing::test_pool().run([&](PgConnection& db) -> Status {
    auto plain = db.query("SELECT 1 FROM clinician_sessions WHERE token_digest = $1", {token});
    auto digest = db.query("SELECT 1 FROM clinician_sessions WHERE token_digest = $1", {token_digest(token)});
    if (!plain || !digest) return Error::failure("query failed");
    stored_plain = !plain->empty();
    stored_digest = !digest->empty();
    return Ok{};
  }));
  EXPECT_FALSE(stored_plain);
  EXPECT_TRUE(stored_digest);
  auto hash = testing::test_pool().run([&](PgConnection& db) -> Status {
    auto rows = db.query("SELECT password_hash FROM clinicians WHERE id = $1", {std::to_string(world.a.id)});
    if (!rows) return rows.error();
    EXPECT_EQ(rows->at(0, "password_hash").rfind("$argon2id$", 0), 0u);
    return Ok{};
  });
  EXPECT_TRUE(hash.ok());
}

TEST(ClinicAccounts, RepeatedFailuresAreThrottledEvenForTheRightPassword) {
  World world;
  for (int i = 0; i < kMaxFailuresPerAccount; ++i) {
    auto wrong = world.app.handle(world.request("POST", "/api/clinic/login",
                                                Json{{"email", world.a.email}, {"password", "wrong password " + std::to_string(i)}}.dump()));
    ASSERT_EQ(wrong.status, 401);
  }
  auto right = world.app.handle(world.request("POST", "/api/clinic/login",
                                              Json{{"email", world.a.email}, {"password", world.a.password}}.dump()));
  EXPECT_EQ(right.status, 429);
  EXPECT_FALSE(right.header("Retry-After").empty());
}

TEST(ClinicAccounts, LogoutEndsEverySessionOfTheClinician) {
  World world;
  testing::Clinician second = world.a;
  world.sign_in(second);
  auto out = world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/logout", "{}"), world.a));
  ASSERT_EQ(out.status, 200);
  EXPECT_THAT(out.header("Set-Cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients"), second)).status, 401);
  EXPECT_EQ(world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients"), world.b)).status, 200);
}

TEST(ClinicLink, CodesWorkOnceAndExpire) {
  World world;
  auto added = world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/patients", R"({"display_name":"Sam"})"), world.a));
  ASSERT_EQ(added.status, 201);
  const std::string code = Json::parse(added.body)["link_code"];
  auto first = world.app.handle(world.request("POST", "/api/clinic/link", Json{{"code", code}}.dump()));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(Json::parse(first.body)["token"].get<std::string>().size(), 64u);
  auto again = world.app.handle(world.request("POST", "/api/clinic/link", Json{{"code", code}}.dump()));
  EXPECT_EQ(again.status, 400);

  auto renewed = world.store.renew_link_code(world.a.id, Json::parse(added.body)["id"]).value();
  ASSERT_TRUE(renewed.has_value());
  ASSERT_TRUE(testing::test_pool().run([&](PgConnection& db) -> Status {
    auto rows = db.query("UPDATE link_codes SET expires_at = now() - interval '1 second' WHERE patient_id = $1",
                         {renewed->id});
    return rows ? Status(Ok{}) : Status(rows.error());
  }));
  EXPECT_EQ(world.app.handle(world.request("POST", "/api/clinic/link", Json{{"code", renewed->link_code}}.dump())).status, 400);
}

TEST(ClinicSync, StoresEachEntryOnceWhateverIsRetried) {
  World world;
  const std::string batch =
      R"({"entries":[{"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"},)"
      R"({"type":"note","text":"long drive","at":"2026-03-29"}]})";
  auto first = world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", batch), world.pa));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Json::parse(first.body), (Json{{"stored", 2}, {"duplicates", 0}}));
  auto again = world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", batch), world.pa));
  EXPECT_EQ(Json::parse(again.body), (Json{{"stored", 0}, {"duplicates", 2}}));
  auto patient = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + world.pa.id), world.a));
  EXPECT_EQ(Json::parse(patient.body)["entries"], 2);
  EXPECT_EQ(Json::parse(patient.body)["review"]["schema"], "unknot.review/1");
}

TEST(ClinicSync, ABadEntryRejectsTheWholeBatch) {
  World world;
  const std::string batch =
      R"({"entries":[{"at":"2026-03-28T07:30:00","type":"pain","nprs":4,"context":"morning"},)"
      R"({"at":"2026-03-29T07:30:00","type":"pain","nprs":14,"context":"morning"}]})";
  auto response = world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", batch), world.pa));
  EXPECT_EQ(response.status, 400);
  EXPECT_THAT(response.body, HasSubstr("entries[1]"));
  auto diary = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + world.pa.id + "/diary"), world.a));
  EXPECT_EQ(Json::parse(diary.body)["entries"].size(), 0u);
  for (const char* body : {"[]", "{\"entries\": 5}", "{\"entries\":[[[[[[[[]]]]]]]]}", "not json", "{\"intake\": {\"age\": \"x\"}}"}) {
    EXPECT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", body), world.pa)).status, 400) << body;
  }
}

TEST(ClinicSync, UnlinkWithDeletionRemovesTheClinicsCopy) {
  World world;
  const std::string batch = R"({"entries":[{"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"}]})";
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", batch), world.pa)).status, 200);
  auto unlinked = world.app.handle(world.as_device(world.request("POST", "/api/clinic/unlink", R"({"delete_clinic_copy":true})"), world.pa));
  ASSERT_EQ(unlinked.status, 200);
  EXPECT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", batch), world.pa)).status, 401);
  auto patient = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + world.pa.id), world.a));
  EXPECT_EQ(Json::parse(patient.body)["entries"], 0);
  EXPECT_EQ(Json::parse(patient.body)["linked"], false);
}

TEST(ClinicSafety, TextThatLooksLikeSqlIsStoredAsText) {
  World world;
  const std::string name = "Robert'); DROP TABLE patients;--";
  auto added = world.app.handle(world.as_clinician(world.request("POST", "/api/clinic/patients", Json{{"display_name", name}}.dump()), world.a));
  ASSERT_EQ(added.status, 201);
  const std::string id = Json::parse(added.body)["id"];
  auto patient = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + id), world.a));
  EXPECT_EQ(Json::parse(patient.body)["display_name"], name);
  EXPECT_EQ(world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients"), world.a)).status, 200);
  auto login = world.app.handle(world.request("POST", "/api/clinic/login", R"({"email":"' OR '1'='1","password":"' OR '1'='1' --"})"));
  EXPECT_EQ(login.status, 401);
  const std::string note = R"({"entries":[{"at":"2026-03-29","type":"note","text":"x'); DELETE FROM entries; --"}]})";
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", note), world.pa)).status, 200);
  auto diary = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/" + world.pa.id + "/diary"), world.a));
  EXPECT_EQ(Json::parse(diary.body)["entries"][0]["text"], "x'); DELETE FROM entries; --");
  auto bad_id = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients/'%20OR%201=1--"), world.a));
  EXPECT_EQ(bad_id.status, 404);
}

TEST(ClinicPages, NamesAreEscapedAndTheNeediestPatientComesFirst) {
  World world;
  auto added = world.app.handle(world.as_clinician(
      world.request("POST", "/api/clinic/patients", R"({"display_name":"<script>alert(1)</script>"})"), world.a));
  ASSERT_EQ(added.status, 201);
  const std::string symptom = R"({"entries":[{"at":"2026-03-29","type":"symptom","symptom":"fever"},{"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"}]})";
  ASSERT_EQ(world.app.handle(world.as_device(world.request("POST", "/api/clinic/sync", symptom), world.pa)).status, 200);
  auto list = world.app.handle(world.as_clinician(world.request("GET", "/api/clinic/patients"), world.a));
  const Json patients = Json::parse(list.body)["patients"];
  ASSERT_GE(patients.size(), 2u);
  EXPECT_EQ(patients[0]["id"], world.pa.id);
  EXPECT_EQ(patients[0]["attention"][0], "warning_sign");
  auto page = world.app.handle(world.as_clinician(world.request("GET", "/patients"), world.a));
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(page.body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(page.body, HasSubstr("A warning sign was reported"));
  auto detail = world.app.handle(world.as_clinician(world.request("GET", "/patients/" + world.pa.id), world.a));
  // The symptom in the words the person was asked in, not its stored key.
  EXPECT_THAT(detail.body, HasSubstr("Warning sign: A fever (feeling hot"));
  EXPECT_THAT(detail.body, Not(HasSubstr(": fever<")));
  EXPECT_FALSE(detail.header("Content-Security-Policy").empty());
  // The review's reason is written about the patient for the clinician, not to the patient.
  EXPECT_THAT(detail.body, HasSubstr("the app asks the patient to answer the safety questions again"));
  EXPECT_THAT(detail.body, Not(HasSubstr("You logged a warning sign")));
}

}  // namespace
}  // namespace unknot::clinic
