#include "web/app.h"

#include <gtest/gtest.h>

#include "core/session_script.h"

#include <cstdlib>
#include <functional>
#include <memory>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <sstream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "contract/contract_json.h"
#include "contract/intake_json.h"
#include "core/intake_questions.h"
#include "storage/data_dir.h"
#include "testing/test_util.h"
#include "web/html.h"
#include "web/pairing.h"
#include "web/server.h"

namespace unknot::web {
namespace {

using Json = nlohmann::json;

const char* const kToken = "test-token";

// Given a fresh data directory and a fixed clock (Monday 30 March 2026, 08:00), each test
// drives the app with plain request values, as the server would.
class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/unknot-web-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    workspace_.emplace(service::WorkspaceOptions{dir_, std::nullopt});
    app_.emplace(*workspace_, kToken, [] { return std::string("2026-03-30T08:00:00"); });
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Response get(const std::string& target) {
    return app_->handle({"GET", target, {{"host", "127.0.0.1:8080"}}, ""});
  }

  Response post_form(const std::string& target, const std::string& body, const std::string& token = kToken) {
    return app_->handle({"POST",
                         target,
                         {{"host", "127.0.0.1:8080"}, {"content-type", "application/x-www-form-urlencoded"}},
                         (token.empty() ? "" : "csrf=" + token + "&") + body});
  }

  Response post_json(const std::string& target, const std::string& body, const std::string& token = kToken) {
    std::map<std::string, std::string> headers = {{"host", "127.0.0.1:8080"},
                                                  {"content-type", "application/json"}};
    if (!token.empty()) headers["x-csrf-token"] = token;
    return app_->handle({"POST", target, headers, body});
  }

  std::size_t diary_size() { return workspace_->diary()->size(); }

  std::string fixture(const std::string& name) {
    std::string text;
    EXPECT_TRUE(test_util::read_text_file(test_util::source_dir() + "/tests/data/" + name, text))
        << name;
    return text;
  }

  void save_desk_worker() {
    auto person = contract::parse_intake(fixture("desk_worker.json"), "desk_worker.json");
    ASSERT_TRUE(person) << person.error().message;
    ASSERT_TRUE(workspace_->save_intake(*person));
  }

  std::string dir_;
  std::optional<service::Workspace> workspace_;
  std::optional<WebApp> app_;
};

TEST_F(WebAppTest, EveryResponseCarriesTheStrictPolicyAndNoInlineScript) {
  for (const char* target :
       {"/", "/start", "/plan", "/techniques", "/checkin", "/progress", "/export", "/nowhere"}) {
    const Response response = get(target);
    EXPECT_EQ(response.header("Content-Security-Policy"), kContentSecurityPolicy) << target;
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(response.body.find("<script>"), std::string::npos) << target;
    EXPECT_EQ(response.body.find("style=\""), std::string::npos) << target;
    EXPECT_EQ(response.body.find("onclick"), std::string::npos) << target;
  }
  EXPECT_EQ(get("/nowhere").status, 404);
}

TEST_F(WebAppTest, ChangesWithoutTheTokenAreRefusedAndChangeNothing) {
  const std::string pain = R"({"type":"pain","nprs":5,"context":"morning"})";
  Response response = post_json("/api/diary", pain, "");
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("CSRF token"), std::string::npos);
  EXPECT_EQ(post_json("/api/diary", pain, "wrong-token").status, 403);
  EXPECT_EQ(post_form("/diary/pain", "nprs=5&context=morning", "").status, 403);
  EXPECT_EQ(post_form("/checkin", "nprs=5", "stale").status, 403);
  EXPECT_EQ(diary_size(), 0u);
  EXPECT_EQ(post_form("/start", "age=40&pain_now=3&weeks_since_onset=2", "").status, 403);
  EXPECT_FALSE(workspace_->has_saved_intake());
}

TEST_F(WebAppTest, ATokenOfTheRightLengthMustMatchEveryByte) {
  // Given wrong tokens as long as the real one, differing in the first, a middle or the last
  // byte (or in one bit of it), then each is refused: the comparison reads every byte, not only
  // the length or the last one.
  const std::string real = kToken;
  std::vector<std::string> wrong;
  for (std::size_t index : {std::size_t{0}, real.size() / 2, real.size() - 1}) {
    for (char flip : {'\x01', '\x20', '\x40'}) {
      std::string token = real;
      token[index] = static_cast<char>(token[index] ^ flip);
      wrong.push_back(token);
    }
  }
  wrong.push_back(std::string(real.size(), 'x'));
  const std::string pain = R"({"type":"pain","nprs":5,"context":"morning"})";
  for (const std::string& token : wrong) {
    ASSERT_EQ(token.size(), real.size());
    EXPECT_EQ(post_json("/api/diary", pain, token).status, 403) << token;
    EXPECT_EQ(post_form("/diary/pain", "nprs=5&context=morning", token).status, 403) << token;
  }
  EXPECT_EQ(diary_size(), 0u);
  // The real token, the same way, is accepted: the refusals above are the comparison's.
  EXPECT_EQ(post_json("/api/diary", pain, real).status, 201);
  EXPECT_EQ(diary_size(), 1u);
}

TEST_F(WebAppTest, RequestsForOtherHostNamesAreRefused) {
  // A DNS-rebinding page reaches the server under its own name.
  const Response response = app_->handle({"GET", "/api/review", {{"host", "evil.example:8080"}}, ""});
  EXPECT_EQ(response.status, 421);
  EXPECT_NE(response.body.find("evil.example"), std::string::npos);
}

TEST_F(WebAppTest, ApiDiaryStoresOneEntryOnceWithTheContractShape) {
  Response response =
      post_json("/api/diary", R"({"at":"2026-03-30T07:30:00","type":"pain","nprs":5,"context":"morning"})");
  EXPECT_EQ(response.status, 201);
  Json reply = Json::parse(response.body);
  EXPECT_EQ(reply["stored"], true);
  EXPECT_EQ(reply["entry"]["nprs"], 5);
  response =
      post_json("/api/diary", R"({"at":"2026-03-30T07:30:00","type":"pain","nprs":5,"context":"morning"})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Json::parse(response.body)["stored"], false);
  EXPECT_EQ(diary_size(), 1u);
  // Without "at", the server's clock stamps it, as `unknot log` does.
  response = post_json("/api/diary", R"({"type":"note","text":"long drive"})");
  EXPECT_EQ(Json::parse(response.body)["entry"]["at"], "2026-03-30T08:00:00");
}

TEST_F(WebAppTest, ApiDiaryBadInputGetsOneMessageAndStoresNothing) {
  struct Case {
    std::string body;
    int status;
    std::string says;
  };
  for (const Case& bad : std::vector<Case>{
           {R"({"type":"pain","nprs":11})", 400, "nprs"},
           {R"({"type":"trigger","trigger":"juggling"})", 400, "trigger"},
           {"not json", 400, "not JSON"},
           {"[1,2]", 400, "JSON object"},
       }) {
    const Response response = post_json("/api/diary", bad.body);
    EXPECT_EQ(response.status, bad.status) << bad.body;
    EXPECT_NE(Json::parse(response.body)["error"].get<std::string>().find(bad.says), std::string::npos)
        << response.body;
  }
  const Response wrong_type =
      app_->handle({"POST",
                    "/api/diary",
                    {{"host", "127.0.0.1"}, {"content-type", "text/plain"}, {"x-csrf-token", kToken}},
                    R"({"type":"note","text":"x"})"});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(diary_size(), 0u);
}

TEST_F(WebAppTest, ApiTriageAndPlanAreTheContractObjectsAndChangeNothing) {
  Response response = post_json("/api/triage", fixture("emergency.json"), "");
  ASSERT_EQ(response.status, 200) << response.body;
  Json triage = Json::parse(response.body);
  EXPECT_EQ(triage["schema"], "unknot.triage/1");
  EXPECT_EQ(triage["level"], "emergency");
  EXPECT_EQ(triage["program_allowed"], false);

  response = post_json("/api/plan", fixture("desk_worker.json"), "");
  ASSERT_EQ(response.status, 200) << response.body;
  auto person = contract::parse_intake(fixture("desk_worker.json"), "x");
  EXPECT_EQ(Json::parse(response.body),
            Json::parse(contract::plan_to_json(build_plan(*person, test_util::embedded_catalogue())).dump()));
  EXPECT_FALSE(workspace_->has_saved_intake());

  response = post_json("/api/plan", fixture("bad_key.json"), "");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(Json::parse(response.body)["error"].get<std::string>().find("request body"), std::string::npos);
}

TEST_F(WebAppTest, ApiTechniquesAndReview) {
  Response response = get("/api/techniques");
  ASSERT_EQ(response.status, 200);
  Json list = Json::parse(response.body);
  EXPECT_EQ(list["schema"], "unknot.techniques/1");
  EXPECT_EQ(list["techniques"].size(), test_util::embedded_catalogue().techniques.size());

  response = get("/api/review?as_of=2026-03-30");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(Json::parse(response.body)["verdict"], "not_enough_data");
  response = get("/api/review?as_of=30/03/2026");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("as_of: '30/03/2026' is not a date"), std::string::npos);
}

TEST_F(WebAppTest, IntakeAsksEveryEmergencySignFromTheSharedQuestions) {
  const std::string html = get("/start").body;
  for (const IntakeOption& option : emergency_sign_options()) {
    EXPECT_NE(html.find(escape(option.label)), std::string::npos) << option.label;
  }
  EXPECT_NE(html.find("action=\"/start/safety\""), std::string::npos);
}

TEST_F(WebAppTest, AnEmergencyAnswerStopsTheIntakeAtOnceAndSavesNothing) {
  const Response response = post_form("/start/safety", "symptoms=chest_pain_or_pressure");
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("class=\"triage level-emergency\""), std::string::npos);
  EXPECT_NE(response.body.find("Call your local emergency number"), std::string::npos);
  EXPECT_FALSE(workspace_->has_saved_intake());
}

TEST_F(WebAppTest, NoEmergencySignLeadsToTheRestOfTheQuestions) {
  const Response response = post_form("/start/safety", "");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("action=\"/start/step\""), std::string::npos);
  EXPECT_NE(response.body.find("Step 2 of 5"), std::string::npos);
  for (const IntakeOption& option : urgent_sign_options()) {
    EXPECT_NE(response.body.find(escape(option.label)), std::string::npos) << option.label;
  }
  EXPECT_FALSE(workspace_->has_saved_intake());
}

TEST_F(WebAppTest, AnEmergencyAnswerInTheSecondStepStillStopsEverything) {
  // Pain reaching the chest is asked with the areas, after the first step.
  const Response response = post_form("/start", "age=50&pain_now=6&weeks_since_onset=1&pain%2Fareas=chest");
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("level-emergency"), std::string::npos);
  EXPECT_FALSE(workspace_->has_saved_intake());
}

TEST_F(WebAppTest, TheIntakeFormSavesTheIntakeAndShowsThePlan) {
  Response response = post_form("/start",
                                "age=34&pain_now=5&worst_last_week=6&weeks_since_onset=6&pain%2Fonset=gradual"
                                "&pain%2Fareas=between_shoulder_blades&profile%2Fequipment=foam_roller"
                                "&minutes_per_day=15&strength_days_per_week=3&desk_hours_per_day=8"
                                "&profile%2Ftriggers=desk_work");
  ASSERT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(response.header("Location"), "/plan");
  auto saved = workspace_->saved_intake();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->age, 34);
  EXPECT_TRUE(saved->has_area("between_shoulder_blades"));
  EXPECT_TRUE(saved->has_trigger("desk_work"));
  EXPECT_EQ(saved->pain.onset, "gradual");

  response = get("/plan");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("<h1>Your plan</h1>"), std::string::npos);
  EXPECT_NE(response.body.find("href=\"/session/"), std::string::npos);
  EXPECT_NE(response.body.find("Stop if pain passes 5/10"), std::string::npos);
  EXPECT_NE(response.body.find("You are here."), std::string::npos);
}

TEST_F(WebAppTest, TheIntakeFormRefusesUnknownAnswersAndBadNumbers) {
  Response response = post_form("/start", "age=34&pain_now=5&weeks_since_onset=6&symptoms=dragon_bite");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("unknown answer &#39;symptoms=dragon_bite&#39;"), std::string::npos)
      << response.body;
  response = post_form("/start", "age=thirty&pain_now=5&weeks_since_onset=6");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("age: expected a number"), std::string::npos);
  response = post_form("/start", "age=34&pain_now=15&weeks_since_onset=6");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("the form"), std::string::npos);
  EXPECT_FALSE(workspace_->has_saved_intake());
}

TEST_F(WebAppTest, UrgentAnswersGiveNoRoutine) {
  ASSERT_EQ(post_form("/start",
                      "age=50&pain_now=5&weeks_since_onset=2&symptoms=fever&symptoms=unexplained_weight_loss")
                .status,
            303);
  const Response response = get("/plan");
  EXPECT_NE(response.body.find("No self-care plan for now"), std::string::npos);
  EXPECT_EQ(get("/api/session").status, 404);
}

TEST_F(WebAppTest, AWarningSignLoggedLaterIsTheSafetyStatusOnHomePlanAndCheckin) {
  // Given a clean intake (self-care), when chest pain is logged, then the home page, the plan
  // page, the check-in and plan JSON all open with the emergency, naming the logged sign.
  save_desk_worker();
  EXPECT_NE(get("/").body.find("level-self_care"), std::string::npos);
  const Response logged =
      post_json("/api/diary", R"({"at":"2026-03-29T20:00:00","type":"symptom","symptom":"chest_pain_or_pressure"})");
  ASSERT_EQ(logged.status, 201) << logged.body;
  EXPECT_NE(logged.body.find("\"level\": \"emergency\""), std::string::npos) << logged.body;
  for (const char* page : {"/", "/plan", "/checkin"}) {
    SCOPED_TRACE(page);
    const std::string body = get(page).body;
    EXPECT_NE(body.find("level-emergency"), std::string::npos);
    EXPECT_NE(body.find("Warning signs you logged in the last 14 days"), std::string::npos);
    EXPECT_LT(body.find("level-emergency"), body.find("</h1>") + 200);  // first, under the heading
  }
  const std::string plan = get("/api/plan").body;
  EXPECT_NE(plan.find("\"safety_status\""), std::string::npos);
  EXPECT_NE(plan.find("\"symptom\": \"chest_pain_or_pressure\""), std::string::npos) << plan;
}

TEST_F(WebAppTest, TheFormAsksClotRiskAndPregnancyFollowUpsWithWhenTheyApply) {
  // The intake is in steps: each follow-up comes right after its trigger's question (the
  // breathing one in step 2 with the pain features, the pregnancy ones in step 4 with the
  // history), saying when it applies.
  const std::string html =
      post_form("/start/safety", "").body +
      post_form("/start/step", "step=3&age=31&pain_now=4&weeks_since_onset=2").body;
  EXPECT_NE(html.find("Only if you ticked"), std::string::npos);
  for (const FollowUpQuestion& follow_up : follow_up_questions()) {
    EXPECT_NE(html.find(escape(follow_up.question)), std::string::npos) << follow_up.question;
    for (const IntakeOption& option : follow_up.options()) {
      EXPECT_NE(html.find(escape(option.label)), std::string::npos) << option.label;
    }
  }
  ASSERT_EQ(post_form("/start", "age=31&pain_now=4&weeks_since_onset=2&history=pregnant"
                                "&history=pregnant_20_weeks_or_more&symptoms=vision_changes")
                .status,
            303);
  EXPECT_NE(get("/plan").body.find("pre-eclampsia"), std::string::npos);
}

TEST_F(WebAppTest, SessionPageAndScriptForTodaysSession) {
  save_desk_worker();
  Response response = get("/api/session");
  ASSERT_EQ(response.status, 200) << response.body;
  Json script = Json::parse(response.body);
  EXPECT_EQ(script["schema"], "unknot.session/1");
  EXPECT_FALSE(script["steps"].empty());
  const std::string id = script["session"];
  EXPECT_EQ(get("/session/" + id + "?checked=1").body.find("player.js"), std::string::npos)
      << "the address alone does not skip the safety check";
  const Response checked = post_form("/session/" + id, "");
  ASSERT_EQ(checked.status, 303);
  Response page_response = get(checked.header("Location"));
  ASSERT_EQ(page_response.status, 200) << page_response.body;
  EXPECT_NE(page_response.body.find("<script src=\"/assets/player.js\" defer></script>"), std::string::npos);
  EXPECT_NE(page_response.body.find("data-session=\"" + id + "\""), std::string::npos);
  EXPECT_EQ(get("/api/session/" + id).status, 200);
  EXPECT_EQ(get("/api/session/no-such-session").status, 404);
}

TEST_F(WebAppTest, TheSessionStartsWithTheShortSafetyCheck) {
  save_desk_worker();
  Response check = get("/session/strength?speed=60");
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_EQ(check.body.find("player.js"), std::string::npos) << "no player before the check";
  EXPECT_NE(check.body.find("action=\"/session/strength\""), std::string::npos);
  EXPECT_NE(check.body.find("value=\"chest_pain_or_pressure\""), std::string::npos);
  EXPECT_NE(check.body.find("value=\"arm_or_hand_weakness_or_clumsiness\""), std::string::npos);
  EXPECT_EQ(check.body.find("value=\"fever\""), std::string::npos) << "only the five signs";

  // None ticked: on to the player, speed kept.
  Response none = post_form("/session/strength", "speed=60");
  EXPECT_EQ(none.status, 303);
  const std::string location = none.header("Location");
  EXPECT_TRUE(location.starts_with("/session/strength?pass=")) << location;
  EXPECT_TRUE(location.ends_with("&speed=60")) << location;
  EXPECT_NE(get(location).body.find("player.js"), std::string::npos);
  // A pass is for its own session, and a made-up one opens nothing.
  const std::string pass = location.substr(location.find('=') + 1, 32);
  EXPECT_EQ(get("/session/mobility?pass=" + pass).body.find("player.js"), std::string::npos);
  EXPECT_EQ(get("/session/strength?pass=0123456789abcdef0123456789abcdef").body.find("player.js"),
            std::string::npos);
  EXPECT_EQ(diary_size(), 0u);

  // Without the token nothing happens.
  EXPECT_EQ(post_form("/session/strength", "symptoms=shortness_of_breath", "").status, 403);
  EXPECT_EQ(diary_size(), 0u);

  // Anything else is refused and stores nothing (checked while the plan still has sessions).
  EXPECT_EQ(post_form("/session/strength", "symptoms=fever").status, 400);
  EXPECT_EQ(post_form("/session/strength", "speed=fast").status, 400);
  EXPECT_EQ(diary_size(), 0u);

  // A sign: no session, the safety screen, and the sign in the diary.
  Response stop = post_form("/session/strength", "symptoms=chest_pain_or_pressure");
  ASSERT_EQ(stop.status, 200) << stop.body;
  EXPECT_NE(stop.body.find("No session today"), std::string::npos);
  EXPECT_EQ(stop.body.find("player.js"), std::string::npos);
  auto entries = workspace_->diary();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->at(0).symptom, "chest_pain_or_pressure");

  // Once a sign is logged the safety status has no sessions at all (core/safety_status).
  EXPECT_EQ(post_form("/session/strength", "speed=60").status, 404);
  EXPECT_EQ(diary_size(), 1u);
}

TEST_F(WebAppTest, NoLineBreakEverReachesAHeader) {
  save_desk_worker();
  // strtod once read "\r\n\r\n5" as 5 and put the line breaks into Location.
  for (const char* speed : {"%0D%0A%0D%0A5", "5%0D%0ASet-Cookie:%20a=b", "%205", "1e2", "inf"}) {
    const Response response = post_form("/session/strength", std::string("speed=") + speed);
    EXPECT_EQ(response.status, 400) << speed;
    EXPECT_EQ(response.header("Location"), "") << speed;
    for (const auto& [name, value] : response.headers) {
      EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos) << name;
    }
  }
  EXPECT_EQ(get("/session/strength?speed=%0D%0A5").body.find("\r\n5"), std::string::npos);
  EXPECT_EQ(post_form("/diary/pain", "nprs=%205&context=morning").status, 400);
  EXPECT_EQ(post_form("/checkin", "nprs=5%0D%0A").status, 400);
  EXPECT_EQ(diary_size(), 0u);
}

TEST_F(WebAppTest, ABusyDiaryAnswers503WithRetryAfterAndReadsGoOn) {
  ASSERT_EQ(post_json("/api/diary", R"({"type":"pain","nprs":4,"context":"morning"})").status, 201);
  // Another program holds the write lock (as a long `unknot diary import` does).
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/diary.sqlite3").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO entries (at, type, body) VALUES ('2026-03-01', 'note', 'x');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  // Reads do not wait for the writer (WAL).
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(get("/diary").status, 200);
  EXPECT_EQ(get("/api/review").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // A write waits a bounded time, then says busy: 503, Retry-After, nothing stored.
  const Response busy = post_json("/api/diary", R"({"type":"pain","nprs":5,"context":"morning"})");
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(busy.header("Retry-After"), std::to_string(kRetryAfterSeconds));
  sqlite3_exec(other, "ROLLBACK;", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(post_json("/api/diary", R"({"type":"pain","nprs":5,"context":"morning"})").status, 201);
  EXPECT_EQ(diary_size(), 2u);
}

TEST_F(WebAppTest, WorkerThreadsShareTheAppSafely) {
  save_desk_worker();
  // The diary exists before the threads start (concurrent first runs are storage's concern).
  ASSERT_EQ(post_json("/api/diary", R"({"at":"2026-02-01T07:00:00","type":"pain","nprs":4,"context":"morning"})").status,
            201);
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string pain =
            fmt::format(R"({{"at":"2026-03-{:02}T07:00:00","type":"pain","nprs":{},"context":"morning"}})", 1 + i,
                        t);
        if (Response added = post_json("/api/diary", pain); added.status != 201) {
          ++failures;
          ADD_FAILURE() << added.status << " " << added.body;
        }
        for (const char* page : {"/progress", "/plan", "/diary", "/api/session"}) {
          if (Response shown = get(page); shown.status != 200) {
            ++failures;
            ADD_FAILURE() << page << " " << shown.status << " " << shown.body.substr(0, 300);
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(diary_size(), 41u);
}

TEST_F(WebAppTest, CheckinStoresPainTriggersAndNoteTogether) {
  const Response response = post_form(
      "/checkin", "nprs=6&context=morning&profile%2Ftriggers=desk_work&profile%2Ftriggers=stress&note=tired");
  ASSERT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(response.header("Location"), "/diary?saved=4");
  auto diary = workspace_->diary();
  ASSERT_EQ(diary->size(), 4u);
  const Response listed = get("/diary?saved=4");
  EXPECT_NE(listed.body.find("Saved 4 diary entries"), std::string::npos);
  EXPECT_NE(listed.body.find("6/10, morning"), std::string::npos);
  EXPECT_NE(listed.body.find("desk work"), std::string::npos);
}

// The intake in steps: every problem of a step at once, beside its field, in words people
// use, with every answer kept; then the next step, and the plan at the end.
TEST_F(WebAppTest, IntakeStepsShowEveryProblemInWordsAndKeepEveryAnswer) {
  Response response =
      post_form("/start/step", "step=3&symptoms=fever&age=abc&worst_last_week=2&pain_now=5&pain%2Fareas=neck");
  ASSERT_EQ(response.status, 400);
  const std::string& page = response.body;
  EXPECT_NE(page.find("Please check 3 answers"), std::string::npos) << page;
  EXPECT_NE(page.find("Please give a whole number"), std::string::npos);  // age
  EXPECT_NE(page.find("How many weeks ago did it start?</a>: Please answer this question."), std::string::npos);
  EXPECT_NE(page.find("cannot be lower than the pain now (5)"), std::string::npos);
  EXPECT_NE(page.find("aria-invalid=\"true\""), std::string::npos);
  for (const char* raw : {"pain.now", "pain_now:", "weeks_since_onset:", "nprs"}) {
    EXPECT_EQ(page.find(std::string(">") + raw), std::string::npos) << raw;
  }
  // The answers are still there: typed, ticked, and from the other steps (hidden).
  EXPECT_NE(page.find("name=\"age\" inputmode=\"numeric\" autocomplete=\"off\" value=\"abc\""), std::string::npos);
  EXPECT_NE(page.find("value=\"neck\" checked"), std::string::npos);
  EXPECT_NE(page.find("value=\"5\" checked"), std::string::npos);
  EXPECT_NE(page.find("<input type=\"hidden\" name=\"symptoms\" value=\"fever\">"), std::string::npos);

  response = post_form("/start/step", "step=3&age=40&pain_now=5&weeks_since_onset=3");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.body.find("Step 4 of 5"), std::string::npos);
  response = post_form("/start/step", "step=5&go=back&age=40&pain_now=5&weeks_since_onset=3");
  EXPECT_NE(response.body.find("Step 4 of 5"), std::string::npos);
  EXPECT_FALSE(workspace_->has_saved_intake());
  response = post_form("/start/step", "step=5&age=40&pain_now=5&weeks_since_onset=3&minutes_per_day=15&"
                                      "strength_days_per_week=3");
  ASSERT_EQ(response.status, 303) << response.body;
  EXPECT_EQ(response.header("Location"), "/plan");
  EXPECT_TRUE(workspace_->has_saved_intake());
  EXPECT_EQ(post_form("/start/step", "step=9").status, 400);
}

TEST_F(WebAppTest, TheMenuMarksTheCurrentPageAndTheIntakeMarksNone) {
  EXPECT_NE(get("/").body.find("<a href=\"/\" aria-current=\"page\">Home</a>"), std::string::npos);
  EXPECT_EQ(get("/start").body.find("aria-current"), std::string::npos);
  for (const char* target : {"/diary", "/review", "/learn"}) {
    const std::string page = get(target).body;
    EXPECT_NE(page.find(std::string("<a href=\"") + target + "\" aria-current=\"page\">"), std::string::npos)
        << target;
  }
}

TEST_F(WebAppTest, TheEmergencyPageListsWhatWasTickedAndCallsInOneTap) {
  const Response response = post_form("/start/safety", "symptoms=chest_pain_or_pressure");
  const std::string& page = response.body;
  EXPECT_NE(page.find("href=\"tel:999\""), std::string::npos);
  EXPECT_NE(page.find("href=\"tel:112\""), std::string::npos);
  EXPECT_NE(page.find("href=\"tel:911\""), std::string::npos);
  const auto told = page.find("Why: you told us");
  ASSERT_NE(told, std::string::npos);
  const auto list_end = page.find("</ul>", told);
  const std::string said = page.substr(told, list_end - told);
  size_t items = 0;
  for (auto at = said.find("<li>"); at != std::string::npos; at = said.find("<li>", at + 1)) ++items;
  EXPECT_EQ(items, 1u) << said;
  for (const IntakeOption& option : emergency_sign_options()) {
    if (std::string(option.value ? option.value : "") == "chest_pain_or_pressure") {
      EXPECT_NE(said.find(escape(option.label)), std::string::npos);
    }
  }
}

TEST_F(WebAppTest, CheckinAsksPainFirstAndOneYesNoForWarningSigns) {
  const std::string page = get("/checkin").body;
  const auto pain = page.find("name=\"nprs\"");
  const auto worry = page.find("name=\"worry\"");
  const auto signs = page.find("name=\"symptoms\"");
  ASSERT_NE(pain, std::string::npos);
  ASSERT_NE(worry, std::string::npos);
  ASSERT_NE(signs, std::string::npos);
  EXPECT_LT(pain, worry);
  EXPECT_LT(worry, signs);
  const Response saved = post_form("/checkin", "nprs=3&worry=no&context=morning");
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(post_form("/checkin", "nprs=3&worry=maybe&context=morning").status, 400);
  // A note stores at most what the field allows: 2000 characters (an e with an accent is one).
  std::string note;
  for (int i = 0; i < 2000; ++i) note += "%C3%A9";
  EXPECT_EQ(post_form("/checkin", "nprs=3&worry=no&context=morning&note=" + note).status, 303);
  const Response longer = post_form("/checkin", "nprs=3&worry=no&context=morning&note=x" + note);
  EXPECT_EQ(longer.status, 400);
  EXPECT_NE(longer.body.find("2001 characters"), std::string::npos) << longer.body;
}

TEST_F(WebAppTest, CheckinEmergencyStopsAndKeepsOnlyTheSymptom) {
  const Response response =
      post_form("/checkin", "symptoms=shortness_of_breath&symptoms=chest_pain_or_pressure&nprs=4");
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("level-emergency"), std::string::npos);
  auto diary = workspace_->diary();
  ASSERT_EQ(diary->size(), 2u);
  for (const DiaryEntry& entry : *diary) EXPECT_EQ(entry.type, EntryType::kSymptom);
}

TEST_F(WebAppTest, ProgressDrawsChartsFromTheDiary) {
  std::string lines;
  const int start = days_from_civil(2026, 3, 2);
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 29; ++day) entries.push_back(test_util::pain_entry(start + day, 7 - day / 5));
  ASSERT_TRUE(workspace_->store(entries));
  const Response response = get("/progress");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(response.body.find("Morning pain, 0 to 10"), std::string::npos);
  EXPECT_NE(response.body.find("Sessions per week"), std::string::npos);
  const Response report = get("/report");
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("<h1>unknot report</h1>"), std::string::npos);
  EXPECT_NE(report.body.find("2026-03-02 to 2026-03-30 (5 weeks)"), std::string::npos);
  EXPECT_NE(report.body.find("id=\"print\""), std::string::npos);
  EXPECT_NE(report.body.find("<script src=\"/assets/print.js\""), std::string::npos);
  EXPECT_NE(report.body.find("Week by week"), std::string::npos);
  EXPECT_EQ(get("/progress?as_of=yesterday").status, 400);
}

TEST_F(WebAppTest, ExportsDownloadTheDiaryAndPlan) {
  ASSERT_TRUE(workspace_->store({test_util::pain_entry(days_from_civil(2026, 3, 30), 4)}));
  Response response = get("/export/diary.csv");
  ASSERT_EQ(response.status, 200);
  EXPECT_NE(response.header("Content-Disposition").find("unknot-diary.csv"), std::string::npos);
  EXPECT_EQ(response.body.rfind("at,", 0), 0u) << response.body;
  EXPECT_EQ(get("/export/plan.ics").status, 400);  // no intake yet
  save_desk_worker();
  response = get("/export/plan.ics");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.body.find("BEGIN:VCALENDAR"), std::string::npos);
  response = get("/export/fhir.json");
  EXPECT_EQ(Json::parse(response.body)["resourceType"], "Bundle");
}

TEST_F(WebAppTest, AssetsAreEmbeddedWithTypesAndRevalidation) {
  Response response = get("/assets/style.css");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/css; charset=utf-8");
  const std::string etag = response.header("ETag");
  ASSERT_FALSE(etag.empty());
  response = app_->handle({"GET", "/assets/style.css", {{"host", "localhost"}, {"if-none-match", etag}}, ""});
  EXPECT_EQ(response.status, 304);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(get("/assets/player.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/assets/../CMakeLists.txt").status, 404);
  EXPECT_EQ(get("/illustrations/../../etc/passwd").status, 404);
}

TEST_F(WebAppTest, PagesSeeEntriesThatAnotherProgramAdded) {
  // Given the diary page read once (and kept), when `unknot log` adds an entry from a
  // terminal, the next page shows it.
  EXPECT_NE(get("/diary").body.find("Nothing yet"), std::string::npos);
  service::Workspace terminal(service::WorkspaceOptions{dir_, std::nullopt});
  ASSERT_TRUE(terminal.store({test_util::pain_entry(days_from_civil(2026, 3, 30), 8)}));
  EXPECT_NE(get("/diary").body.find("8/10, morning"), std::string::npos);
  save_desk_worker();
  EXPECT_EQ(get("/api/plan").status, 200);
}

// What the server core would send straight from the app's kept pages for `target`, or null.
std::shared_ptr<const std::string> kept_bytes(WebApp& app, const std::string& target, const std::string& cookie = "") {
  return app.kept_response({"GET", target, "127.0.0.1:8080", cookie});
}

// Runs `write` in a process of its own, as `unknot log` in a terminal would be.
void in_another_process(const std::function<bool()>& write) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(write() ? 0 : 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST_F(WebAppTest, AKeptPageChangesWhenAnotherProcessWritesTheDiary) {
  save_desk_worker();
  const std::string target = "/progress?as_of=2026-03-30";
  const Response before = get(target);
  ASSERT_EQ(before.status, 200);
  // Kept: the same bytes again, ready for the server core to send as they are.
  ASSERT_NE(kept_bytes(*app_, target), nullptr);
  EXPECT_EQ(get(target).body, before.body);
  EXPECT_NE(kept_bytes(*app_, target)->find(before.body), std::string::npos);
  in_another_process([&] {
    service::Workspace terminal(service::WorkspaceOptions{dir_, std::nullopt});
    std::vector<DiaryEntry> entries;
    for (int day = 0; day < 14; ++day) entries.push_back(test_util::pain_entry(days_from_civil(2026, 3, 17) + day, 9));
    return static_cast<bool>(terminal.store(entries));
  });
  // The very next request sees it: nothing kept is sent, the page is drawn again.
  EXPECT_EQ(kept_bytes(*app_, target), nullptr);
  const Response after = get(target);
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body, before.body);
  EXPECT_NE(after.body.find("<svg class=\"chart\""), std::string::npos);
  // As a fresh app draws it.
  WebApp fresh(*workspace_, kToken, [] { return std::string("2026-03-30T08:00:00"); });
  EXPECT_EQ(fresh.handle({"GET", target, {{"host", "127.0.0.1:8080"}}, ""}).body, after.body);
}

TEST_F(WebAppTest, AKeptPageChangesWhenTheIntakeIsSavedElsewhere) {
  const Response before = get("/plan");
  ASSERT_EQ(before.status, 200);
  ASSERT_NE(kept_bytes(*app_, "/plan"), nullptr);
  in_another_process([&] {
    service::Workspace terminal(service::WorkspaceOptions{dir_, std::nullopt});
    auto person = contract::parse_intake(fixture("desk_worker.json"), "desk_worker.json");
    return person && terminal.save_intake(*person);
  });
  const Response after = get("/plan");
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(before.body.find("No plan yet"), std::string::npos);
  EXPECT_EQ(after.body.find("No plan yet"), std::string::npos);
  WebApp fresh(*workspace_, kToken, [] { return std::string("2026-03-30T08:00:00"); });
  EXPECT_EQ(fresh.handle({"GET", "/plan", {{"host", "127.0.0.1:8080"}}, ""}).body, after.body);
}

TEST_F(WebAppTest, WritesThroughTheAppShowAtOnce) {
  EXPECT_NE(get("/diary").body.find("Nothing yet"), std::string::npos);
  ASSERT_NE(kept_bytes(*app_, "/diary"), nullptr);
  ASSERT_EQ(post_form("/diary/pain", "nprs=6&context=morning").status, 303);
  EXPECT_EQ(kept_bytes(*app_, "/diary"), nullptr);
  EXPECT_NE(get("/diary").body.find("6/10, morning"), std::string::npos);
}

TEST_F(WebAppTest, KeptPagesAreTodaysAndChangeAtMidnight) {
  save_desk_worker();
  ASSERT_TRUE(workspace_->store({test_util::pain_entry(days_from_civil(2026, 3, 30), 5)}));
  auto clock = std::make_shared<std::string>("2026-03-30T23:59:59");
  WebApp app(*workspace_, kToken, [clock] { return *clock; });
  auto at = [&](const std::string& target) { return app.handle({"GET", target, {{"host", "127.0.0.1:8080"}}, ""}); };
  const Response monday = at("/progress");
  ASSERT_EQ(monday.status, 200);
  ASSERT_NE(kept_bytes(app, "/progress"), nullptr);
  *clock = "2026-03-31T00:00:01";
  EXPECT_EQ(kept_bytes(app, "/progress"), nullptr);
  const Response tuesday = at("/progress");
  EXPECT_NE(tuesday.body, monday.body);
  WebApp fresh(*workspace_, kToken, [] { return std::string("2026-03-31T00:00:01"); });
  EXPECT_EQ(fresh.handle({"GET", "/progress", {{"host", "127.0.0.1:8080"}}, ""}).body, tuesday.body);
}

TEST_F(WebAppTest, EachQueryIsAPageOfItsOwn) {
  const Response saved = get("/diary?saved=2");
  EXPECT_NE(saved.body.find("Saved 2 diary entries"), std::string::npos);
  EXPECT_EQ(get("/diary").body.find("Saved 2 diary entries"), std::string::npos);
  EXPECT_EQ(get("/diary?saved=1").body.find("Saved 2 diary entries"), std::string::npos);
  // Pages that hold something of one request are never kept: the session player's pass.
  save_desk_worker();
  EXPECT_EQ(get("/session").status, 200);
  EXPECT_EQ(kept_bytes(*app_, "/session"), nullptr);
  EXPECT_EQ(app_->kept_response({"GET", "/diary", "evil.example", ""}), nullptr);
}

TEST_F(WebAppTest, TheServerSendsAKeptPageAsTheSameBytes) {
  // The first answer comes from a worker through Beast, the second from the kept bytes:
  // byte for byte the same.
  save_desk_worker();
  auto server = Server::listen("127.0.0.1", 0);
  ASSERT_TRUE(server) << server.error().message;
  std::thread serving([&] { (*server)->run(*app_); });
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>((*server)->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  auto exchange = [&] {
    const std::string request = "GET /plan HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    EXPECT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
    std::string got;
    char buffer[65536];
    while (true) {
      const auto end = got.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto length_at = got.find("Content-Length: ");
        if (length_at != std::string::npos &&
            got.size() >= end + 4 + std::stoul(got.substr(length_at + 16, got.find("\r\n", length_at) - length_at - 16)))
          break;
      }
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  };
  const std::string drawn = exchange();
  ASSERT_NE(kept_bytes(*app_, "/plan"), nullptr);
  const std::string kept = exchange();
  ::close(fd);
  (*server)->stop();
  serving.join();
  EXPECT_EQ(drawn.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << drawn.substr(0, 200);
  EXPECT_EQ(kept, drawn);
  EXPECT_EQ(kept, *kept_bytes(*app_, "/plan"));
}

TEST(HtmlEscape, EscapesEveryMarkupCharacterAndKeepsTheRest) {
  EXPECT_EQ(escape(""), "");
  EXPECT_EQ(escape("plain text, café"), "plain text, café");
  EXPECT_EQ(escape("<a href=\"x\">Tom & Jerry's</a>"), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(escape("&&"), "&amp;&amp;");
  EXPECT_EQ(escape("ends with <"), "ends with &lt;");
}

TEST_F(WebAppTest, TechniqueCardsShowTheirStartAndEndPictures) {
  const Response card = get("/techniques/band-row");
  ASSERT_EQ(card.status, 200);
  EXPECT_NE(card.body.find("<img src=\"/illustrations/band-row-start.svg\" alt=\"Holding a band"),
            std::string::npos);
  EXPECT_NE(card.body.find("<img src=\"/illustrations/band-row-end.svg\""), std::string::npos);
  Response picture = get("/illustrations/band-row-start.svg");
  ASSERT_EQ(picture.status, 200);
  EXPECT_EQ(picture.content_type, "image/svg+xml");
  EXPECT_EQ(picture.body.rfind("<svg", 0), 0u);
  // A variant without pictures of its own falls back to the technique's; unknown ones are 404.
  EXPECT_EQ(get("/illustrations/band-row--no-such-variant-end.svg").body,
            get("/illustrations/band-row-end.svg").body);
  EXPECT_EQ(get("/illustrations/no-such-technique-start.svg").status, 404);
  EXPECT_EQ(get("/illustrations/band-row-middle.svg").status, 404);
}

// Words only tools should see: source ids and the word "seed(s)".
void expect_no_jargon(const std::string& text, const std::string& where) {
  for (const char* word : {"seed 0", "seed:", "Seed 0", "ref:", "seeds", "Seeds", "(seed", "derived from seed"}) {
    EXPECT_EQ(text.find(word), std::string::npos) << where << " says '" << word << "'";
  }
}

TEST_F(WebAppTest, NoPageAPersonReadsNamesASeedOrAReferenceTag) {
  save_desk_worker();
  const Catalogue& kb = test_util::embedded_catalogue();
  std::vector<std::string> paths = {"/", "/plan", "/session", "/techniques", "/learn", "/progress", "/review"};
  for (const Technique& technique : kb.techniques) {
    paths.push_back("/techniques/" + technique.id);
    for (const Variant& variant : technique.variants) paths.push_back("/techniques/" + technique.id + "?variant=" + variant.id);
  }
  for (const Topic& topic : kb.topics) paths.push_back("/learn/" + topic.id);
  for (const std::string& path : paths) {
    const Response page = get(path);
    EXPECT_EQ(page.status, 200) << path;
    expect_no_jargon(page.body, path);
  }
  // The old topic id still works.
  EXPECT_EQ(get("/learn/why-the-seeds-disagree").status, 200);
}

TEST_F(WebAppTest, TheCardShowsTheVariantThePlanGaveWithItsOwnPictureAndCautions) {
  const Response card = get("/techniques/band-row?variant=doorway-row");
  ASSERT_EQ(card.status, 200);
  EXPECT_NE(card.body.find("<h1>Doorway row</h1>"), std::string::npos);
  EXPECT_NE(card.body.find("/illustrations/band-row--doorway-row-start.svg"), std::string::npos);
  EXPECT_EQ(card.body.find("band and its anchor"), std::string::npos);
  EXPECT_EQ(card.body.find("lighter band"), std::string::npos);
  EXPECT_EQ(get("/techniques/band-row?variant=no-such-form").status, 404);
  // The plan links each item to its own form.
  save_desk_worker();
  auto plan = workspace_->current_plan();
  ASSERT_TRUE(plan);
  const std::string page = get("/plan").body;
  for (const PlanPhase& phase : plan->phases)
    for (const PlanSession& session : phase.sessions)
      for (const PlanItem& item : session.items) {
        const std::string href = "/techniques/" + item.technique + (item.variant.empty() ? "\"" : "?variant=" + item.variant);
        EXPECT_NE(page.find(href), std::string::npos) << href;
      }
}

TEST_F(WebAppTest, HomeAndPlanSayWhatTodayHoldsFromThePlansWeek) {
  save_desk_worker();
  auto plan = workspace_->current_plan();
  ASSERT_TRUE(plan);
  // The fixed clock is Monday 30 March 2026, the first day: the first phase's Monday.
  const PlanDay& monday = plan->phases.front().week.front();
  const std::string home = get("/").body;
  const std::string plan_page = get("/plan").body;
  if (monday.sessions.empty()) {
    EXPECT_NE(home.find("rest day"), std::string::npos);
  } else {
    const PlanSession* session = find_session(*plan, monday.sessions.front(), &plan->phases.front());
    ASSERT_NE(session, nullptr);
    const std::string today = "Today: " + escape(session->title) + ", about " + std::to_string(session->minutes) + " minutes.";
    EXPECT_NE(home.find(today), std::string::npos) << home;
    EXPECT_NE(plan_page.find(today), std::string::npos);
    EXPECT_NE(home.find("href=\"/session/" + session->id + "\""), std::string::npos);
  }
}

TEST_F(WebAppTest, ShortReadsFromTheKnowledgeBase) {
  const Catalogue& kb = test_util::embedded_catalogue();
  ASSERT_FALSE(kb.topics.empty());
  EXPECT_NE(get("/learn").body.find(escape(kb.topics.front().title)), std::string::npos);
  const Response topic = get("/learn/" + kb.topics.front().id);
  ASSERT_EQ(topic.status, 200);
  EXPECT_NE(topic.body.find(escape(kb.topics.front().body.front())), std::string::npos);
  EXPECT_EQ(get("/learn/no-such-topic").status, 404);
}

// Every page, with an intake and a month of diary: status 200 and one thing that only that
// page shows, drawn from the person's data where it can be (an error page has an <h1> too).
TEST_F(WebAppTest, EveryPageAnswersWithItsOwnContent) {
  save_desk_worker();
  std::istringstream month(fixture("month.jsonl"));
  for (std::string line; std::getline(month, line);) {
    if (line.empty()) continue;
    ASSERT_EQ(post_json("/api/diary", line).status, 201) << line;
  }
  const Catalogue& kb = test_util::embedded_catalogue();
  auto review = workspace_->review(days_from_civil(2026, 3, 30));
  ASSERT_TRUE(review);
  ASSERT_FALSE(review->reasons.empty());
  auto plan = workspace_->current_plan();
  ASSERT_TRUE(plan);
  ASSERT_FALSE(plan->phases.empty());
  ASSERT_FALSE(plan->phases.front().sessions.empty());
  const PlanSession& first_session = plan->phases.front().sessions.front();
  ASSERT_FALSE(first_session.items.empty());

  struct Page {
    std::string target;
    std::string shows;
  };
  const std::vector<Page> pages = {
      {"/", "href=\"/session\""},  // with an intake: today's session is one click away
      {"/start", "action=\"/start/safety\""},
      {"/plan", escape(first_session.items.front().name)},
      {"/techniques", escape(kb.techniques.front().name)},
      {"/techniques/band-row", escape(kb.find_technique("band-row")->name)},
      {"/learn", escape(kb.topics.front().title)},
      {"/session", "action=\"/session/"},
      {"/checkin", "action=\"/checkin\""},
      {"/diary", "/10, morning"},
      {"/progress", "<svg class=\"chart\""},
      {"/report", "<svg class=\"chart\""},
      {"/review", escape(review->reasons.front().says)},
      {"/export", "href=\"/export/diary.csv\""},
  };
  for (const Page& page : pages) {
    const Response response = get(page.target);
    EXPECT_EQ(response.status, 200) << page.target << "\n" << response.body;
    EXPECT_NE(response.body.find(page.shows), std::string::npos) << page.target << " lacks " << page.shows;
  }
  // The review page and the report agree with the review computed directly.
  EXPECT_NE(get("/review").body.find(escape(review->reasons.back().says)), std::string::npos);
  EXPECT_NE(get("/report?as_of=2026-03-30").body.find("<h1>unknot report</h1>"), std::string::npos);
  EXPECT_EQ(get("/review?as_of=30/03/2026").status, 400);
}

TEST_F(WebAppTest, TheStyleSheetHasADarkMode) {
  const Response css = get("/assets/style.css");
  ASSERT_EQ(css.status, 200);
  const std::size_t dark = css.body.find("@media (prefers-color-scheme: dark)");
  ASSERT_NE(dark, std::string::npos);
  // It sets colours, not an empty block.
  const std::size_t block_end = css.body.find('}', dark);
  ASSERT_NE(block_end, std::string::npos);
  const std::string dark_block = css.body.substr(dark, block_end - dark);
  EXPECT_NE(dark_block.find("--bg:"), std::string::npos) << dark_block;
  EXPECT_NE(dark_block.find("--text:"), std::string::npos) << dark_block;
}

TEST_F(WebAppTest, OtherMethodsAreRefused) {
  const Response response = app_->handle({"DELETE", "/api/diary", {{"host", "localhost"}}, ""});
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("Allow"), "POST");
  EXPECT_EQ(app_->handle({"PUT", "/session/x", {{"host", "localhost"}}, ""}).header("Allow"), "GET, HEAD, POST");
}

// A path for `pattern` with every parameter filled in ("/session/{id}" -> "/session/x").
std::string example_path(const std::string& pattern) {
  std::string path;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      path += pattern[i];
      continue;
    }
    path += 'x';
    i = pattern.find('}', i);
  }
  return path;
}

TEST_F(WebAppTest, TheRouteTableIsWellFormed) {
  ASSERT_GT(app_->routes().size(), 20u);
  std::set<std::pair<Method, std::string>> seen;
  for (const Route& route : app_->routes()) {
    const std::string row = std::string(method_name(route.method)) + " " + route.pattern;
    EXPECT_EQ(route.pattern.front(), '/') << row;
    EXPECT_EQ(std::count(route.pattern.begin(), route.pattern.end(), '{'),
              std::count(route.pattern.begin(), route.pattern.end(), '}'))
        << row;
    EXPECT_TRUE(seen.insert({route.method, route.pattern}).second) << "twice: " << row;
    EXPECT_TRUE(match_path(route.pattern, example_path(route.pattern))) << row;
    EXPECT_TRUE(route.handler) << row;
    // GET never changes anything (browsers prefetch and replay it); a POST says what it sends.
    if (route.method == Method::kGet) {
      EXPECT_EQ(route.effect, Effect::kReads) << row;
      EXPECT_EQ(route.body, Body::kNone) << row;
    } else {
      EXPECT_NE(route.body, Body::kNone) << row;
    }
  }
}

TEST_F(WebAppTest, EveryChangeNeedsTheTokenAndComesFromOurOwnPages) {
  save_desk_worker();
  int changes = 0;
  for (const Route& route : app_->routes()) {
    if (route.effect != Effect::kChanges) continue;
    ++changes;
    const std::string path = example_path(route.pattern);
    const std::string type =
        route.body == Body::kJson ? "application/json" : "application/x-www-form-urlencoded";
    const std::string body = route.body == Body::kJson ? R"({"type":"pain","nprs":5,"context":"morning"})"
                                                       : "nprs=5&context=morning";
    const std::map<std::string, std::string> base = {{"host", "127.0.0.1:8080"}, {"content-type", type}};
    EXPECT_EQ(app_->handle({"POST", path, base, body}).status, 403) << path;
    auto foreign = base;
    foreign["x-csrf-token"] = kToken;
    foreign["origin"] = "http://192.168.1.9:8080";
    EXPECT_EQ(app_->handle({"POST", path, foreign, body}).status, 403) << path;
  }
  EXPECT_GE(changes, 5);
  EXPECT_EQ(diary_size(), 0u);
}

// The server listening beyond this computer: pairing is on.
class PairedWebAppTest : public WebAppTest {
 protected:
  void SetUp() override {
    WebAppTest::SetUp();
    pairing_.emplace(dir_, [] { return std::string("2026-03-30T08:00:00"); });
    app_.emplace(*workspace_, kToken, [] { return std::string("2026-03-30T08:00:00"); },
                 WebAppOptions{&*pairing_, true, [this] { ++paired_; }});
  }
  Response send(const std::string& method, const std::string& target, const std::string& cookie,
                const std::string& body = "") {
    std::map<std::string, std::string> headers = {{"host", "127.0.0.1:8080"}, {"user-agent", "Test Phone"}};
    if (!cookie.empty()) headers["cookie"] = cookie;
    if (method == "POST") headers["content-type"] = "application/x-www-form-urlencoded";
    return app_->handle({method, target, headers, body});
  }
  // Pairs through the pages; returns the Cookie header the browser would send back.
  std::string pair() {
    const std::string code = pairing_->current_code();
    const Response page = send("GET", "/pair?code=" + code, "");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Pair this device"), std::string::npos);
    const Response paired = send("POST", "/pair", "", "code=" + code);
    EXPECT_EQ(paired.status, 303) << paired.body;
    const std::string set = paired.header("Set-Cookie");
    EXPECT_NE(set.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(set.find("Secure"), std::string::npos);
    return set.substr(0, set.find(';'));
  }
  std::optional<Pairing> pairing_;
  int paired_ = 0;
};

TEST_F(PairedWebAppTest, EveryRouteButPairingAnswers401WithoutPairing) {
  int walled = 0;
  for (const Route& route : app_->routes()) {
    const std::string path = example_path(route.pattern);
    const Response response = send(std::string(method_name(route.method)), path, "", "csrf=test-token");
    EXPECT_EQ(response.body.find(kToken), std::string::npos) << "the CSRF token leaked at " << path;
    if (route.access == Access::kPairing) continue;  // answers with or without a code (AWrongCodePairsNothing)
    ++walled;
    EXPECT_EQ(response.status, 401) << method_name(route.method) << " " << path;
    EXPECT_EQ(send(std::string(method_name(route.method)), path, "unknot_device=guess").status, 401) << path;
  }
  EXPECT_GT(walled, 20);
  EXPECT_EQ(send("GET", "/no-such-page", "").status, 401);
  EXPECT_NE(send("GET", "/", "").body.find("terminal shows a pairing link"), std::string::npos);
  EXPECT_EQ(diary_size(), 0u);
}

TEST_F(PairedWebAppTest, APairedDeviceGetsInUntilRevoked) {
  const std::string cookie = pair();
  EXPECT_EQ(paired_, 1);
  EXPECT_EQ(send("GET", "/", cookie).status, 200);
  EXPECT_NE(send("GET", "/api/csrf", cookie).body.find(kToken), std::string::npos);
  // The link worked once.
  EXPECT_EQ(send("POST", "/pair", "", "code=" + std::string(cookie.size(), '0')).status, 403);
  // Only the hash is stored.
  auto devices = load_devices(dir_);
  ASSERT_TRUE(devices);
  ASSERT_EQ(devices->size(), 1u);
  EXPECT_EQ(devices->front().name, "Test Phone");
  EXPECT_EQ(devices->front().token_sha256, sha256_hex(cookie.substr(cookie.find('=') + 1)));
  std::string stored;
  ASSERT_TRUE(test_util::read_text_file(devices_path(dir_), stored));
  EXPECT_EQ(stored.find(cookie.substr(cookie.find('=') + 1)), std::string::npos);
  // A second device pairs with the new code; revoking the first leaves the second.
  const std::string second = pair();
  devices = load_devices(dir_);
  ASSERT_TRUE(devices);
  ASSERT_EQ(devices->size(), 2u);
  devices->erase(devices->begin());  // as `unknot serve devices --revoke ID` does
  ASSERT_TRUE(save_devices(dir_, *devices));
  EXPECT_EQ(send("GET", "/", cookie).status, 401);
  EXPECT_EQ(send("GET", "/", second).status, 200);
}

TEST_F(PairedWebAppTest, AKeptPageGoesOnlyToAPairedDevice) {
  save_desk_worker();
  const std::string cookie = pair();
  const Response mine = send("GET", "/plan", cookie);
  ASSERT_EQ(mine.status, 200);
  EXPECT_NE(mine.body.find(kToken), std::string::npos);
  // Another person on the network, without a pairing or with a guessed cookie: the page
  // drawn for the paired device, and the token in it, never reach them.
  for (const std::string& other : {std::string(), std::string("unknot_device=guess")}) {
    const Response theirs = send("GET", "/plan", other);
    EXPECT_EQ(theirs.status, 401);
    EXPECT_EQ(theirs.body.find(kToken), std::string::npos);
    EXPECT_EQ(theirs.body.find("Phase"), std::string::npos);
  }
  // The server core never sends kept bytes itself here: the cookie is checked on a worker.
  EXPECT_EQ(app_->kept_response({"GET", "/plan", "127.0.0.1:8080", cookie}), nullptr);
  EXPECT_EQ(send("GET", "/plan", cookie).body, mine.body);
}

TEST_F(PairedWebAppTest, AWrongCodePairsNothing) {
  EXPECT_EQ(send("POST", "/pair", "", "code=00112233").status, 403);
  EXPECT_EQ(send("POST", "/pair", "", "").status, 403);
  EXPECT_EQ(send("GET", "/pair", "").status, 401);
  auto devices = load_devices(dir_);
  ASSERT_TRUE(devices);
  EXPECT_TRUE(devices->empty());
  EXPECT_EQ(paired_, 0);
}


// A prescription a clinic sync stored shows on the plan page, marked as the physiotherapist's,
// the custom exercise has its card with the pose figure the clinician picked, and the session
// player's script runs it.
TEST_F(WebAppTest, APrescribedCustomExerciseShowsFromThePhysiotherapistAndPlays) {
  save_desk_worker();
  ASSERT_TRUE(storage::write_file_durably(storage::prescription_path(dir_), R"({"prescription": {
    "days_per_week": 7, "custom_exercises": [{"id": "custom-1", "title": "Wall press hold",
    "steps": ["Stand facing a wall.", "Press gently and hold."], "dose": {"hold_s": 5, "holds": 2},
    "stop_if": ["Sharp pain."], "position": "standing", "picture": "chest-opener-doorway"}],
    "items": [{"technique": "custom-1"}], "removed": ["forearm-roller-slide"]}})"));
  const Response plan = get("/plan");
  ASSERT_EQ(plan.status, 200);
  EXPECT_NE(plan.body.find("Wall press hold (from your physiotherapist)"), std::string::npos);
  EXPECT_NE(plan.body.find("Your physiotherapist removed"), std::string::npos);
  const Response card = get("/techniques/custom-1");
  ASSERT_EQ(card.status, 200);
  EXPECT_NE(card.body.find("Press gently and hold."), std::string::npos);
  EXPECT_NE(card.body.find("/illustrations/chest-opener-doorway-move.svg"), std::string::npos);
  const Response script = get("/api/session/physio");
  ASSERT_EQ(script.status, 200) << script.body;
  EXPECT_NE(script.body.find("Sharp pain."), std::string::npos);
}

}  // namespace
}  // namespace unknot::web
