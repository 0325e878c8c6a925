#include "cli/app.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/start_wizard.h"
#include "content/content_loader.h"
#include "testing/test_util.h"

namespace unknot::cli {
namespace {

struct Ran {
  int code;
  std::string out;
  std::string err;
};

Ran run_unknot(const std::vector<std::string>& args, const std::string& input = "", bool interactive = false) {
  std::istringstream in(input);
  std::ostringstream out, err;
  Io io{in, out, err, TerminalStyle{80, false}, interactive};
  int code = run(args, io);
  return {code, out.str(), err.str()};
}

const std::string kData = test_util::source_dir() + "/tests/data/";

TEST(App, TechniquesListJsonHasWhatScriptsNeed) {
  Ran ran = run_unknot({"techniques", "list", "--json"});
  ASSERT_EQ(0, ran.code) << ran.err;
  auto json = nlohmann::json::parse(ran.out);
  ASSERT_GE(json["techniques"].size(), 26u);
  for (const auto& technique : json["techniques"]) {
    SCOPED_TRACE(technique["id"].get<std::string>());
    EXPECT_FALSE(technique["steps"].empty());
    EXPECT_TRUE(technique["dose"].is_object());
    EXPECT_TRUE(technique["equipment"].is_array());
    EXPECT_TRUE(technique["position"].is_string());
    ASSERT_FALSE(technique["sources"].empty());
    for (const auto& source : technique["sources"]) {
      const std::string text = source;
      EXPECT_TRUE(text.rfind("seed:", 0) == 0 || text.rfind("ref:", 0) == 0) << text;
    }
  }
}

// Every text a person reads in the terminal: the plan, every card of every form, every topic.
TEST(App, NoTextAPersonReadsNamesASeedOrAReferenceTag) {
  std::vector<std::vector<std::string>> commands = {{"plan", "--intake", kData + "desk_worker.json"}, {"learn"}};
  const Catalogue& kb = test_util::embedded_catalogue();
  for (const Technique& technique : kb.techniques) {
    commands.push_back({"techniques", "show", technique.id});
    for (const Variant& variant : technique.variants) commands.push_back({"techniques", "show", technique.id, "--variant", variant.id});
  }
  for (const Topic& topic : kb.topics) commands.push_back({"learn", topic.id});
  for (const auto& args : commands) {
    Ran ran = run_unknot(args);
    std::string where;
    for (const std::string& arg : args) where += arg + " ";
    ASSERT_EQ(0, ran.code) << where << ran.err;
    for (const char* word : {"seed 0", "seed:", "Seed 0", "ref:", "seeds", "Seeds", "(seed", "derived from seed"}) {
      EXPECT_EQ(ran.out.find(word), std::string::npos) << where << "says '" << word << "'";
    }
  }
  EXPECT_EQ(0, run_unknot({"learn", "why-the-seeds-disagree"}).code);  // the old id still works
}

TEST(App, VariantsAreFirstClassInTheCardAndTheJson) {
  Ran card = run_unknot({"techniques", "show", "forearm-roller-slide", "--variant", "floor"});
  ASSERT_EQ(0, card.code) << card.err;
  EXPECT_NE(card.out.find("Face-down arm slide on the floor"), std::string::npos);
  EXPECT_EQ(card.out.find("under your knees"), std::string::npos);
  card = run_unknot({"techniques", "show", "trigger-point-release", "--variant", "tennis-ball"});
  ASSERT_EQ(0, card.code);
  EXPECT_EQ(card.out.find("knob"), std::string::npos);
  EXPECT_EQ(2, run_unknot({"techniques", "show", "band-row", "--variant", "no-such-form"}).code);
  Ran list = run_unknot({"techniques", "list", "--json"});
  auto json = nlohmann::json::parse(list.out);
  for (const auto& technique : json["techniques"]) {
    for (const auto& variant : technique["variants"]) {
      SCOPED_TRACE(variant["id"].get<std::string>());
      for (const char* key : {"weight_on_hands", "overhead", "summary", "steps", "dose", "cues", "stop_if", "cautions"}) {
        EXPECT_TRUE(variant.contains(key)) << key;
      }
      for (const auto& step : variant["steps"]) EXPECT_EQ(step.get<std::string>().find('{'), std::string::npos);
    }
  }
}

TEST(App, PlanJsonFollowsTheContract) {
  Ran ran = run_unknot({"plan", "--intake", kData + "desk_worker.json", "--json"});
  ASSERT_EQ(0, ran.code) << ran.err;
  auto plan = nlohmann::json::parse(ran.out);
  EXPECT_EQ("unknot.plan/1", plan["schema"]);
  EXPECT_EQ("ok", plan["status"]);
  EXPECT_EQ("unknot.triage/1", plan["triage"]["schema"]);
  const std::set<std::string> kinds = {"heat", "cold", "stretch", "mobility", "self_massage", "strength",
                                       "posture", "breathing", "education", "professional_care"};
  const std::set<std::string> positions = {"standing", "seated", "kneeling", "quadruped", "prone", "supine",
                                           "side_lying"};
  const std::set<std::string> dose_keys = {"duration_s", "sets", "reps", "hold_s", "holds", "per_side", "rest_s"};
  ASSERT_FALSE(plan["phases"].empty());
  EXPECT_TRUE(plan["phases"].back()["weeks"][1].is_null());
  for (const auto& phase : plan["phases"]) {
    EXPECT_TRUE(phase["advance_when"].is_string());
    for (const auto& session : phase["sessions"]) {
      EXPECT_LE(session["minutes"].get<int>(), 15);
      for (const auto& item : session["items"]) {
        EXPECT_TRUE(kinds.count(item["kind"])) << item["kind"];
        EXPECT_TRUE(positions.count(item["position"])) << item["position"];
        for (const auto& [key, value] : item["dose"].items()) EXPECT_TRUE(dose_keys.count(key)) << key;
        EXPECT_FALSE(item["why"].get<std::string>().empty());
        EXPECT_FALSE(item["sources"].empty());
      }
    }
  }
  EXPECT_EQ(4, plan["review"]["first_week"]);
  EXPECT_FALSE(plan["habits"].empty());
}

TEST(App, BadInputIsOneLineAndExitTwo) {
  Ran ran = run_unknot({"plan", "--intake", kData + "bad_key.json"});
  EXPECT_EQ(2, ran.code);
  EXPECT_EQ(kData + "bad_key.json: unknown key 'pain.sevrity'\n", ran.err.substr(ran.err.find(' ') + 1));
  EXPECT_EQ("", ran.out);
}

// The commands under a command are added only when the parser meets it (CommandTree in
// app.cc); `unknot help PATH` fills the whole tree first. Both must show the same help, for
// every command.
std::vector<std::vector<std::string>> command_paths(const std::vector<std::string>& path = {}) {
  std::vector<std::vector<std::string>> paths{path};
  std::vector<std::string> args = path;
  args.push_back("--help");
  const std::string help = run_unknot(args).out;
  std::istringstream lines(help.substr(help.find("\nCommands:\n") == std::string::npos ? help.size()
                                                                                    : help.find("\nCommands:\n") + 11));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  ", 0) != 0 || line.size() < 3 || line[2] == ' ') continue;
    std::vector<std::string> sub = path;
    sub.push_back(line.substr(2, line.find(' ', 2) - 2));
    if (sub.back() == "help") continue;
    for (auto& below : command_paths(sub)) paths.push_back(below);
  }
  return paths;
}

TEST(App, EveryCommandsHelpIsTheSameParsedOrLookedUp) {
  const auto paths = command_paths();
  ASSERT_GE(paths.size(), 40u);
  for (const auto& path : paths) {
    std::vector<std::string> parsed = path, looked_up = {"help"};
    parsed.push_back("--help");
    looked_up.insert(looked_up.end(), path.begin(), path.end());
    Ran by_parse = run_unknot(parsed), by_help = run_unknot(looked_up);
    SCOPED_TRACE(looked_up.back());
    ASSERT_EQ(0, by_parse.code);
    ASSERT_EQ(0, by_help.code);
    EXPECT_EQ(by_parse.out, by_help.out);
  }
}

// A command's name after another command's is still that command (CLI11 looks for it among
// the program's commands), although its options are added only when the parser meets it.
TEST(App, ACommandNamedAfterAnotherRunsAsWell) {
  Ran ran = run_unknot({"learn", "plan", "--intake", kData + "desk_worker.json"});
  ASSERT_EQ(0, ran.code) << ran.err;
  EXPECT_NE(std::string::npos, ran.out.find("Things worth knowing"));
  EXPECT_NE(std::string::npos, ran.out.find("Your plan"));
  ran = run_unknot({"plan", "--intake", kData + "desk_worker.json", "log", "pain"});
  EXPECT_EQ(2, ran.code);
  EXPECT_NE(std::string::npos, ran.err.find("needs N.")) << ran.err;  // log pain was parsed, and missed its N
}

// The saved intake is read at every start with the quick schema check first (valijson only
// when it cannot vouch for the file): a hand-edited saved intake still gets the message it got
// before, the same as when the file is given with --intake.
TEST(App, AHandEditedSavedIntakeGetsTheSameMessage) {
  char pattern[] = "/tmp/unknot-app-test-XXXXXX";
  ASSERT_NE(nullptr, mkdtemp(pattern));
  const std::string dir = pattern, saved = dir + "/intake.json";
  ASSERT_EQ(0, run_unknot({"start", "--data-dir", dir, "--intake", kData + "desk_worker.json"}).code);
  std::string text;
  ASSERT_TRUE(test_util::read_text_file(saved, text));
  struct Edit {
    std::string from, to, message;
  };
  const std::vector<Edit> edits = {
      {"\"age\": 34", "\"age\": 34.0", "Value type not permitted by 'type' constraint."},
      {"\"now\": 5", "\"now\": 11", "pain.now: must be at most 10 (got 11)"},
      {"\"age\": 34", "\"age\": 34, \"colour\": \"red\"", "unknown key 'colour'"},
      {"\"onset\": \"gradual\"", "\"onset\": \"slowly\"", "pain.onset: \"slowly\" is not one of \"gradual\", \"sudden\""},
  };
  for (const Edit& edit : edits) {
    SCOPED_TRACE(edit.to);
    std::string edited = text;
    ASSERT_NE(std::string::npos, edited.find(edit.from));
    edited.replace(edited.find(edit.from), edit.from.size(), edit.to);
    {
      std::ofstream out(saved, std::ios::trunc);
      out << edited;
    }
    Ran from_saved = run_unknot({"plan", "--data-dir", dir});
    Ran from_option = run_unknot({"plan", "--data-dir", dir, "--intake", saved});
    EXPECT_EQ(2, from_saved.code);
    EXPECT_EQ("unknot: " + saved + ": " + edit.message + "\n", from_saved.err);
    EXPECT_EQ(from_option.err, from_saved.err);
    EXPECT_EQ("", from_saved.out);
  }
  std::filesystem::remove_all(dir);
}

// `unknot --version` alone is answered before the command tree is built; with other words
// CLI11 answers it. Both say the same.
TEST(App, VersionAloneSaysWhatTheParserSays) {
  const Ran through_parser = run_unknot({"plan", "--version"});
  ASSERT_EQ(0, through_parser.code);
  EXPECT_EQ(0u, through_parser.out.rfind("unknot ", 0));
  for (const char* word : {"--version", "-V"}) {
    const Ran alone = run_unknot({word});
    EXPECT_EQ(0, alone.code);
    EXPECT_EQ(through_parser.out, alone.out);
    EXPECT_EQ("", alone.err);
  }
}

TEST(App, StartWithoutTerminalWaitsForNothing) {
  Ran ran = run_unknot({"start", "--data-dir", "/tmp/unknot-never-written"}, "41\n");
  EXPECT_EQ(2, ran.code);
  EXPECT_NE(std::string::npos, ran.err.find("--intake FILE"));
}

TEST(Wizard, EmergencyAnswerStopsAtOnce) {
  auto catalogue = content::load_embedded_catalogue();
  ASSERT_TRUE(catalogue.ok());
  std::istringstream in("1\n");
  std::ostringstream out;
  auto result = run_start_wizard(in, out, *catalogue, TerminalStyle{80, false});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(WizardEnd::kEmergency, result->end);
  EXPECT_FALSE(result->intake.has_value());
  EXPECT_NE(std::string::npos, out.str().find(catalogue->safety.levels.at("emergency").advice.substr(0, 20)));
  // It asked nothing after the emergency checklist.
  EXPECT_EQ(std::string::npos, out.str().find("How old are you?"));
}

TEST(Wizard, FullAnswersGiveAValidIntake) {
  auto catalogue = content::load_embedded_catalogue();
  ASSERT_TRUE(catalogue.ok());
  // Invalid answers are asked again: "abc" for age, "11" for pain.
  std::istringstream in("\n\nabc\n41\n11\n5\n6\n8\n1\n1\n1 2\n\n\n\n1 4 6\n1\n\n20\n3\n8\n1 8\n");
  std::ostringstream out;
  auto result = run_start_wizard(in, out, *catalogue, TerminalStyle{80, false});
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(WizardEnd::kFinished, result->end);
  const Intake& intake = *result->intake;
  EXPECT_EQ(41, intake.age);
  EXPECT_EQ(5, intake.pain.now);
  EXPECT_EQ(6, *intake.pain.worst_last_week);
  EXPECT_TRUE(intake.has_constraint("cannot_kneel"));
  EXPECT_TRUE(intake.has_trigger("stress"));
  EXPECT_EQ(20, *intake.profile.minutes_per_day);
  EXPECT_NE(std::string::npos, out.str().find("Please type a whole number from 12 to 120"));
}

TEST(Wizard, AnswersEndingEarlyIsBadInput) {
  auto catalogue = content::load_embedded_catalogue();
  std::istringstream in("\n\n41\n");
  std::ostringstream out;
  auto result = run_start_wizard(in, out, *catalogue, TerminalStyle{80, false});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ErrorKind::kBadInput, result.error().kind);
}

}  // namespace
}  // namespace unknot::cli

namespace unknot::cli {
namespace {

TEST(Checkin, RecordsMorningPainTriggersAndNote) {
  auto catalogue = content::load_embedded_catalogue();
  std::istringstream in("\n\n6\n1 8\nlong meeting\n");
  std::ostringstream out;
  auto result = run_checkin(in, out, *catalogue, TerminalStyle{80, false}, std::nullopt, "2026-03-05T07:30:00",
                            /*session_yesterday=*/true);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(4u, result->entries.size());
  EXPECT_EQ(6, *result->entries[0].nprs);
  EXPECT_EQ("next_morning", result->entries[0].context);
  EXPECT_EQ("desk_work", result->entries[1].trigger);
  EXPECT_EQ("2026-03-04", result->entries[1].at);
  EXPECT_EQ("stress", result->entries[2].trigger);
  EXPECT_EQ("long meeting", result->entries[3].text);
}

TEST(Checkin, AfterNoonAsksAboutTheMorningInThePastAndAboutNow) {
  auto catalogue = content::load_embedded_catalogue();
  std::istringstream in("\n\n5\n3\n\n\n");
  std::ostringstream out;
  auto result = run_checkin(in, out, *catalogue, TerminalStyle{80, false}, std::nullopt, "2026-03-05T17:30:00", false);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(std::string::npos, out.str().find("How is the pain this morning")) << out.str();
  EXPECT_NE(std::string::npos, out.str().find("How was the pain this morning")) << out.str();
  ASSERT_EQ(2u, result->entries.size());
  EXPECT_EQ("2026-03-05", result->entries[0].at);  // the morning, not 17:30
  EXPECT_EQ("morning", result->entries[0].context);
  EXPECT_EQ(5, *result->entries[0].nprs);
  EXPECT_EQ("2026-03-05T17:30:00", result->entries[1].at);
  EXPECT_EQ("evening", result->entries[1].context);
  EXPECT_EQ(3, *result->entries[1].nprs);
}

TEST(Checkin, AfterNoonAMorningNotRememberedIsNotStored) {
  auto catalogue = content::load_embedded_catalogue();
  std::istringstream in("\n\n\n3\n\n\n");
  std::ostringstream out;
  auto result = run_checkin(in, out, *catalogue, TerminalStyle{80, false}, std::nullopt, "2026-03-05T13:00:00", false);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(1u, result->entries.size());
  EXPECT_EQ("other", result->entries[0].context);
}

TEST(Checkin, EmergencyStopsAndKeepsTheSymptom) {
  auto catalogue = content::load_embedded_catalogue();
  std::istringstream in("1\n");
  std::ostringstream out;
  auto result = run_checkin(in, out, *catalogue, TerminalStyle{80, false}, std::nullopt, "2026-03-05T07:30:00", false);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(WizardEnd::kEmergency, result->end);
  ASSERT_EQ(1u, result->entries.size());
  EXPECT_EQ("chest_pain_or_pressure", result->entries[0].symptom);
  EXPECT_EQ(std::string::npos, out.str().find("this morning"));
}

TEST(Checkin, UrgentSignIsScreenedAtOnce) {
  auto catalogue = content::load_embedded_catalogue();
  std::istringstream in("\n1\n3\n\n\n");
  std::ostringstream out;
  auto result = run_checkin(in, out, *catalogue, TerminalStyle{80, false}, std::nullopt, "2026-03-05T07:30:00", false);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ("fever", result->entries[0].symptom);
  EXPECT_NE(std::string::npos, out.str().find(catalogue->safety.levels.at("urgent").title));
}

}  // namespace
}  // namespace unknot::cli
