#include "content/content_loader.h"

#include <gtest/gtest.h>
#include <gtest/gtest-spi.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "content/embedded.h"
#include "core/plan.h"
#include "core/triage.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

using content::ContentFile;
using content::load_catalogue;
using test_util::embedded_catalogue;

const char kSources[] =
    "seeds:\n"
    "  - file: 000_seed.txt\n"
    "    title: A seed\n"
    "refs:\n"
    "  - tag: R1\n"
    "    title: A reference\n";

std::string safety_text(const std::string& skip_code = "") {
  std::string text =
      "levels:\n"
      "  emergency: {title: Emergency, advice: Call now.}\n"
      "  urgent: {title: Urgent, advice: See a doctor today.}\n"
      "  see_professional: {title: Check, advice: Book a check.}\n"
      "  self_care: {title: Self care, advice: Carry on.}\n"
      "rules:\n";
  for (const RuleInfo& rule : triage_rules()) {
    if (rule.code == skip_code) continue;
    text += "  " + std::string(rule.code) + ":\n    says: You said something.\n";
  }
  return text;
}

// Line numbers matter: the error tests below pin positions in this text.
const char kTechnique[] =
    "techniques:\n"                                       // 1
    "  - id: test-move\n"                                 // 2
    "    name: Test move\n"                               // 3
    "    kind: mobility\n"                                // 4
    "    position: standing\n"                            // 5
    "    summary: A move for tests.\n"                    // 6
    "    steps:\n"                                        // 7
    "      - Stand up.\n"                                 // 8
    "    dose:\n"                                         // 9
    "      reps: 5\n"                                     // 10
    "    frequency:\n"                                    // 11
    "      min_per_week: 1\n"                             // 12
    "      max_per_week: 7\n"                             // 13
    "    equipment: [mat]\n"                              // 14
    "    variants:\n"                                     // 15
    "      - id: seated\n"                                // 16
    "        name: Seated test move\n"                    // 17
    "        selected_by:\n"                              // 18
    "          constraints: [cannot_kneel]\n"             // 19
    "        position: seated\n"                          // 20
    "        equipment: []\n"                             // 21
    "        summary: Sit down and move.\n"               // 22
    "        steps: [Sit and move.]\n"                    // 23
    "        inherits: [dose, cues, stop_if, cautions]\n" // 24
    "    cues:\n"                                         // 25
    "      - Easy does it.\n"                             // 26
    "    stop_if:\n"                                      // 27
    "      - It hurts.\n"                                 // 28
    "    adjustments:\n"                                  // 29
    "      - when: blood_thinners\n"                      // 30
    "        says: Go lightly.\n"                         // 31
    "    evidence:\n"                                     // 32
    "      level: expert_practice\n"                      // 33
    "      note: Not much is known.\n"                    // 34
    "    sources: [seed:000_seed.txt, ref:R1]\n";         // 35

const char kTopic[] =
    "topics:\n"
    "  - id: test-topic\n"
    "    title: A topic\n"
    "    summary: One line.\n"
    "    body:\n"
    "      - A paragraph.\n"
    "    sources: [ref:R1]\n";

// A plan.yaml with every text the plan engine needs, nested by the keys' dotted parts, each
// text "Words" followed by all its placeholders; one top-level `sources` for all of them.
std::string plan_text() {
  std::vector<PlanTextSpec> specs = plan_text_specs();
  std::sort(specs.begin(), specs.end(),
            [](const PlanTextSpec& a, const PlanTextSpec& b) { return a.key < b.key; });
  std::string text = "sources: [ref:R1]\n";
  std::vector<std::string> open;  // the groups the previous text sat in
  for (const PlanTextSpec& spec : specs) {
    std::vector<std::string> parts;
    std::stringstream key(spec.key);
    for (std::string part; std::getline(key, part, '.');) parts.push_back(part);
    std::size_t common = 0;
    while (common < open.size() && common + 1 < parts.size() && open[common] == parts[common]) ++common;
    for (std::size_t depth = common; depth + 1 < parts.size(); ++depth) {
      text += std::string(2 * depth, ' ') + parts[depth] + ":\n";
    }
    text += std::string(2 * (parts.size() - 1), ' ') + parts.back() + ": \"Words";
    for (const std::string& name : spec.placeholders) text += " {" + name + "}";
    text += ".\"\n";
    open.assign(parts.begin(), parts.end() - 1);
  }
  return text;
}

struct Texts {
  std::string sources = kSources;
  std::string safety = safety_text();
  std::string plan = plan_text();
  std::string technique = kTechnique;
  std::string topic = kTopic;
};

std::vector<ContentFile> files(const Texts& texts) {
  return {
      {"sources.yaml", "content/sources.yaml", texts.sources},
      {"safety.yaml", "content/safety.yaml", texts.safety},
      {"plan.yaml", "content/plan.yaml", texts.plan},
      {"techniques/a.yaml", "content/techniques/a.yaml", texts.technique},
      {"learn/a.yaml", "content/learn/a.yaml", texts.topic},
  };
}

// "LINE:COL" (1-based) of the first `needle` in `text` at or after `from`.
std::string position_of(const std::string& text, const std::string& needle, std::size_t from = 0) {
  const auto at = text.find(needle, from);
  EXPECT_NE(at, std::string::npos) << needle;
  if (at == std::string::npos) return "?";
  const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t column = line_start == std::string::npos || at == 0 ? at + 1 : at - line_start;
  return std::to_string(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1) + ":" +
         std::to_string(column);
}

// `text` with the first `from` replaced by `to`; fails the test when `from` is absent.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ContentLoader, MinimalContentLoads) {
  auto loaded = load_catalogue(files(Texts{}));
  ASSERT_TRUE(loaded) << loaded.error().message;
  const Catalogue& catalogue = *loaded;
  ASSERT_EQ(catalogue.techniques.size(), 1u);
  const Technique& technique = catalogue.techniques[0];
  EXPECT_EQ(technique.id, "test-move");
  EXPECT_EQ(technique.kind, Kind::kMobility);
  EXPECT_EQ(technique.position, Position::kStanding);
  EXPECT_EQ(technique.dose.reps, 5);
  EXPECT_EQ(technique.seconds_per_rep, 3);
  EXPECT_EQ(technique.frequency.max_per_week, 7);
  EXPECT_EQ(technique.equipment, (std::vector<std::string>{"mat"}));
  ASSERT_EQ(technique.variants.size(), 1u);
  EXPECT_EQ(technique.variants[0].position, Position::kSeated);
  EXPECT_EQ(technique.variants[0].selected_by.constraints, (std::vector<std::string>{"cannot_kneel"}));
  ASSERT_EQ(technique.adjustments.size(), 1u);
  EXPECT_EQ(technique.adjustments[0].when, "blood_thinners");
  EXPECT_EQ(technique.sources, (std::vector<std::string>{"seed:000_seed.txt", "ref:R1"}));
  ASSERT_EQ(catalogue.topics.size(), 1u);
  EXPECT_EQ(catalogue.topics[0].id, "test-topic");
  EXPECT_EQ(catalogue.sources.size(), 2u);
  EXPECT_EQ(catalogue.safety.levels.at("urgent").advice, "See a doctor today.");
  EXPECT_EQ(catalogue.safety.rule_says.size(), triage_rules().size());
  EXPECT_EQ(catalogue.plan_wording.texts.size(), plan_text_specs().size());
  const PlanText* capped = catalogue.plan_wording.find("notes.strength_days_capped");
  ASSERT_NE(capped, nullptr);
  EXPECT_EQ(capped->says, "Words {asked} {strength_days}.");
  EXPECT_EQ(capped->sources, (std::vector<std::string>{"ref:R1"}));
}

struct MistakeCase {
  std::string name;
  Texts texts;
  std::string message;
};

Texts with_technique(const std::string& from, const std::string& to) {
  Texts texts;
  texts.technique = replaced(texts.technique, from, to);
  return texts;
}

std::vector<MistakeCase> mistake_cases() {
  std::vector<MistakeCase> cases;
  cases.push_back({"unknown_key", with_technique("    cues:\n", "    colour: red\n    cues:\n"),
                   "content/techniques/a.yaml:25:5: unknown key 'colour' in a technique"});
  cases.push_back({"missing_required_key", with_technique("    summary: A move for tests.\n", ""),
                   "content/techniques/a.yaml:2:5: a technique is missing required key 'summary'"});
  {
    Texts texts;
    texts.technique += replaced(std::string(kTechnique), "techniques:\n", "");
    cases.push_back({"duplicate_id", texts,
                     "content/techniques/a.yaml:36:9: duplicate technique id 'test-move'"});
  }
  cases.push_back({"unknown_kind", with_technique("kind: mobility", "kind: dancing"),
                   "content/techniques/a.yaml:4:11: unknown kind 'dancing' in technique 'test-move'"});
  cases.push_back({"unknown_position", with_technique("position: standing", "position: upside_down"),
                   "content/techniques/a.yaml:5:15: unknown position 'upside_down' in technique 'test-move'"});
  cases.push_back({"unknown_equipment", with_technique("equipment: [mat]", "equipment: [mat, trampoline]"),
                   "content/techniques/a.yaml:14:22: unknown equipment 'trampoline' in technique 'test-move'"});
  cases.push_back({"unknown_seed", with_technique("seed:000_seed.txt", "seed:999_other.txt"),
                   "content/techniques/a.yaml:35:15: unknown seed file '999_other.txt' in technique "
                   "'test-move' (not in sources.yaml)"});
  cases.push_back({"unknown_ref", with_technique("ref:R1]", "ref:R99]"),
                   "content/techniques/a.yaml:35:34: unknown reference tag 'R99' in technique "
                   "'test-move' (not in sources.yaml)"});
  cases.push_back({"source_without_prefix", with_technique("ref:R1]", "R1]"),
                   "content/techniques/a.yaml:35:34: source 'R1' in technique 'test-move' must "
                   "start with 'seed:' or 'ref:'"});
  cases.push_back({"dose_not_whole", with_technique("reps: 5", "reps: 5.5"),
                   "content/techniques/a.yaml:10:13: 'reps' in the dose of technique 'test-move' "
                   "must be a whole number"});
  cases.push_back({"dose_negative", with_technique("reps: 5", "reps: -2"),
                   "content/techniques/a.yaml:10:13: 'reps' in the dose of technique 'test-move' "
                   "must be between 0 and 200 (got -2)"});
  cases.push_back({"invalid_yaml", with_technique("    steps:\n      - Stand up.\n",
                                                  "    steps: [Stand up.\n"),
                   "content/techniques/a.yaml:8:9: invalid YAML: end of sequence flow not found"});
  cases.push_back({"unknown_when", with_technique("when: blood_thinners", "when: left_handed"),
                   "content/techniques/a.yaml:30:15: unknown intake name 'left_handed' in an entry "
                   "of 'adjustments' in technique 'test-move' (expected a constraint, caution or "
                   "history item)"});
  cases.push_back({"step_states_a_number_the_dose_owns", with_technique("      - Stand up.\n", "      - Stand up. Do 5.\n"),
                   "content/techniques/a.yaml:8:9: step 1 of technique 'test-move' says 'Do 5', but the dose owns "
                   "the reps (the plan may change it): write {reps} or {sets_of_reps}"});
  cases.push_back({"summary_states_a_number_the_dose_owns",
                   with_technique("    summary: A move for tests.\n", "    summary: A move for tests. Do 5.\n"),
                   "content/techniques/a.yaml:6:14: the summary of technique 'test-move' says 'Do 5', but the dose "
                   "owns the reps; leave numbers to the dose and the steps"});
  cases.push_back({"step_unknown_placeholder", with_technique("      - Stand up.\n", "      - Stand up {minutes}.\n"),
                   "content/techniques/a.yaml:8:9: step 1 of technique 'test-move' has an unknown placeholder {minutes} "
                   "(a step may use {duration}, {hold}, {holds}, {reps}, {sets}, {sets_of_reps}, {rest})"});
  cases.push_back({"variant_neither_gives_nor_inherits",
                   with_technique("inherits: [dose, cues, stop_if, cautions]", "inherits: [dose, cues, stop_if]"),
                   "content/techniques/a.yaml:16:9: variant 'seated' of technique 'test-move' neither gives "
                   "'cautions' nor lists it in 'inherits'"});
  cases.push_back({"variant_gives_and_inherits",
                   with_technique("        steps: [Sit and move.]\n", "        steps: [Sit and move.]\n        cues: [Slow.]\n"),
                   "content/techniques/a.yaml:24:15: variant 'seated' of technique 'test-move' both gives 'cues' "
                   "and inherits it"});
  cases.push_back({"variant_unknown_constraint",
                   with_technique("constraints: [cannot_kneel]", "constraints: [cannot_jump]"),
                   "content/techniques/a.yaml:19:25: unknown constraint 'cannot_jump' in "
                   "'selected_by' of variant 'seated' of technique 'test-move'"});
  {
    Texts texts;
    texts.safety = safety_text("fever");
    cases.push_back({"missing_rule_wording", texts,
                     "content/safety.yaml:7:3: safety rule 'fever' has no wording"});
  }
  {
    Texts texts;
    texts.safety += "  made_up_rule:\n    says: Nothing.\n";
    // The position follows the rule count (one test text per rule), so it is derived.
    cases.push_back({"unknown_rule", texts,
                     "content/safety.yaml:" + position_of(texts.safety, "made_up_rule") +
                         ": unknown safety rule 'made_up_rule'"});
  }
  {
    Texts texts;
    texts.sources = replaced(texts.sources, "    title: A reference\n", "");
    cases.push_back({"source_without_title", texts,
                     "content/sources.yaml:5:5: a reference is missing required key 'title'"});
  }
  {
    Texts texts;
    texts.topic = replaced(texts.topic, "id: test-topic", "id: Test_Topic");
    cases.push_back({"bad_topic_id", texts,
                     "content/learn/a.yaml:2:9: id 'Test_Topic' must be lowercase words joined by '-'"});
  }
  // content/plan.yaml
  {
    Texts texts;
    texts.plan += "colour: red\n";
    cases.push_back({"plan_unknown_top_key", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "colour") +
                         ": unknown key 'colour' in plan.yaml (the plan engine has no text 'colour')"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "  warmth:\n", "  warmth:\n    sauna: \"Hot.\"\n");
    cases.push_back({"plan_unknown_text", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "sauna") +
                         ": unknown key 'sauna' in 'items.warmth' (the plan engine has no text "
                         "'items.warmth.sauna')"});
  }
  {
    // The engine needs every text: leaving one out stops the load, at the group it belongs in.
    Texts texts;
    texts.plan = replaced(texts.plan, "  calm:\n    advance_when: \"Words.\"\n", "  calm:\n");
    cases.push_back({"plan_missing_text", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "title", texts.plan.find("  calm:\n")) +
                         ": plan text 'phases.calm.advance_when' is missing (the plan engine needs it)"});
  }
  {
    Texts texts;
    const auto notes = texts.plan.find("\nnotes:\n");
    const auto phases = texts.plan.find("\nphases:\n");
    EXPECT_LT(notes, phases);
    if (notes < phases && phases != std::string::npos) texts.plan.erase(notes, phases - notes);
    cases.push_back({"plan_missing_group", texts,
                     "content/plan.yaml:1:1: 'notes' is missing (the plan engine needs its texts)"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "sources: [ref:R1]", "sources: [ref:R99]");
    cases.push_back({"plan_unknown_source", texts,
                     "content/plan.yaml:1:11: unknown reference tag 'R99' in plan.yaml (not in sources.yaml)"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "few_strength_days: \"Words {asked}.\"",
                          "few_strength_days: \"Words {pain_now}.\"");
    cases.push_back({"plan_unknown_placeholder", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "\"Words {pain_now}") +
                         ": unknown placeholder '{pain_now}' in plan text 'notes.few_strength_days' "
                         "(it can use {asked})"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "no_strength_days: \"Words.\"", "no_strength_days: \"Words {asked}.\"");
    cases.push_back({"plan_placeholder_not_taken", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "\"Words {asked}.\"", texts.plan.find("no_strength_days")) +
                         ": unknown placeholder '{asked}' in plan text 'notes.no_strength_days' (it takes none)"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "few_strength_days: \"Words {asked}.\"",
                          "few_strength_days: \"Words {asked.\"");
    cases.push_back({"plan_unclosed_placeholder", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "\"Words {asked.") +
                         ": '{' without '}' in plan text 'notes.few_strength_days'"});
  }
  {
    // A text with no sources of its own and none around it.
    Texts texts;
    texts.plan = replaced(texts.plan, "sources: [ref:R1]\n", "");
    std::vector<PlanTextSpec> specs = plan_text_specs();
    const std::string first = std::min_element(specs.begin(), specs.end(), [](const auto& a, const auto& b) {
                                return a.key < b.key;
                              })->key;
    cases.push_back({"plan_text_without_sources", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "\"Words") + ": plan text '" + first +
                         "' names no sources (give it 'sources', or the group around it)"});
  }
  {
    // A text's own sources are checked too, at the entry that is wrong.
    Texts texts;
    texts.plan = replaced(texts.plan, "  book_a_check: \"Words.\"\n",
                          "  book_a_check:\n    says: \"Words.\"\n    sources: [ref:R1, seed:999_x.txt]\n");
    cases.push_back({"plan_text_unknown_seed", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "seed:999_x.txt") +
                         ": unknown seed file '999_x.txt' in plan text 'notes.book_a_check' (not in sources.yaml)"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "  book_a_check: \"Words.\"\n",
                          "  book_a_check:\n    says: \"Words.\"\n    colour: red\n");
    cases.push_back({"plan_text_unknown_field", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "colour") +
                         ": unknown key 'colour' in plan text 'notes.book_a_check'"});
  }
  {
    Texts texts;
    texts.plan = replaced(texts.plan, "  book_a_check: \"Words.\"\n", "  book_a_check: \"\"\n");
    cases.push_back({"plan_empty_text", texts,
                     "content/plan.yaml:" + position_of(texts.plan, "\"\"\n") +
                         ": plan text 'notes.book_a_check' must be non-empty text, or a mapping with 'says' "
                         "and 'sources'"});
  }
  return cases;
}

TEST(ContentLoader, MistakesArePositionedBadInput) {
  for (const MistakeCase& mistake : mistake_cases()) {
    SCOPED_TRACE(mistake.name);
    auto loaded = load_catalogue(files(mistake.texts));
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().kind, ErrorKind::kBadInput);
    EXPECT_EQ(loaded.error().message, mistake.message);
  }
}

TEST(ContentLoader, MissingSafetyFile) {
  std::vector<ContentFile> content = files(Texts{});
  content.erase(content.begin() + 1);
  auto loaded = load_catalogue(content);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(loaded.error().message, "safety.yaml: missing from the content");
}

TEST(ContentLoader, MissingPlanFile) {
  std::vector<ContentFile> content = files(Texts{});
  content.erase(content.begin() + 2);
  auto loaded = load_catalogue(content);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(loaded.error().message, "plan.yaml: missing from the content");
}

TEST(ContentLoader, PlanTextTakesItsOwnSourcesOrTheNearestGroups) {
  Texts texts;
  texts.plan = replaced(texts.plan, "  book_a_check: \"Words.\"\n",
                        "  book_a_check:\n    says: \"Book it.\"\n    sources: [seed:000_seed.txt]\n");
  texts.plan = replaced(texts.plan, "  calm:\n", "  calm:\n    sources: [seed:000_seed.txt, ref:R1]\n");
  auto loaded = load_catalogue(files(texts));
  ASSERT_TRUE(loaded) << loaded.error().message;
  const PlanWording& wording = loaded->plan_wording;
  EXPECT_EQ(wording.find("notes.book_a_check")->says, "Book it.");
  EXPECT_EQ(wording.find("notes.book_a_check")->sources, (std::vector<std::string>{"seed:000_seed.txt"}));
  EXPECT_EQ(wording.find("phases.calm.title")->sources,
            (std::vector<std::string>{"seed:000_seed.txt", "ref:R1"}));
  EXPECT_EQ(wording.find("phases.mobilize.title")->sources, (std::vector<std::string>{"ref:R1"}));
}

// --- The real knowledge base.

// Every text the plan engine can show is in content/plan.yaml, with sources and only the
// placeholders the engine fills (the loader enforces this; here it is checked directly).
TEST(EmbeddedContent, HasEveryPlanText) {
  const Catalogue& catalogue = embedded_catalogue();
  const std::vector<PlanTextSpec> specs = plan_text_specs();
  EXPECT_GT(specs.size(), 50u);
  EXPECT_EQ(catalogue.plan_wording.texts.size(), specs.size());
  const std::regex placeholder(R"(\{([a-z_]+)\})");
  for (const PlanTextSpec& spec : specs) {
    SCOPED_TRACE(spec.key);
    const PlanText* text = catalogue.plan_wording.find(spec.key);
    ASSERT_NE(text, nullptr);
    EXPECT_FALSE(text->says.empty());
    EXPECT_FALSE(text->sources.empty());
    for (const std::string& source : text->sources) EXPECT_NE(catalogue.find_source(source), nullptr) << source;
    for (auto it = std::sregex_iterator(text->says.begin(), text->says.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
      EXPECT_NE(std::find(spec.placeholders.begin(), spec.placeholders.end(), (*it)[1].str()),
                spec.placeholders.end())
          << (*it)[1].str();
    }
  }
}


TEST(EmbeddedContent, HasEveryTechniqueAndTopic) {
  const Catalogue& catalogue = embedded_catalogue();
  for (const char* id :
       {"heat-pack", "cold-pack", "heat-cold-alternating", "neck-side-tilt", "shoulder-rolls",
        "overhead-reach", "chest-opener-doorway", "foam-roll-upper-back",
        "foam-roller-thoracic-mobilization", "massage-ball-wall", "trigger-point-release",
        "side-of-back-release", "muscle-fatigue-contraction", "chair-thoracic-extension",
        "cat-camel", "forearm-roller-slide", "band-row", "shoulder-blade-squeeze", "posture-reset",
        "desk-setup", "yoga-pilates", "deep-breathing", "relaxation", "professional-massage",
        "otc-pain-relief", "see-a-professional"}) {
    EXPECT_NE(catalogue.find_technique(id), nullptr) << id;
  }
  for (const char* id : {"what-is-a-knot", "causes-be-a-detective", "consistency",
                         "why-the-advice-disagrees", "when-to-see-a-professional", "otc-pain-relief"}) {
    EXPECT_NE(catalogue.find_topic(id), nullptr) << id;
  }
}

TEST(EmbeddedContent, EveryTechniqueIsComplete) {
  for (const Technique& technique : embedded_catalogue().techniques) {
    SCOPED_TRACE(technique.id);
    EXPECT_FALSE(technique.steps.empty());
    EXPECT_FALSE(technique.sources.empty());
    EXPECT_FALSE(technique.cues.empty());
    EXPECT_FALSE(technique.stop_if.empty());
    if (technique.kind == Kind::kSelfMassage) {
      const bool adjusted = std::any_of(
          technique.adjustments.begin(), technique.adjustments.end(),
          [](const ConditionalNote& note) { return note.when == "blood_thinners"; });
      EXPECT_TRUE(adjusted) << "self-massage without a blood_thinners adjustment";
    }
  }
}

std::set<std::string> catalogue_sources(const std::string& prefix) {
  std::set<std::string> names;
  for (const SourceEntry& source : embedded_catalogue().sources) {
    if (source.id.rfind(prefix, 0) == 0) names.insert(source.id.substr(prefix.size()));
  }
  return names;
}

TEST(EmbeddedContent, SeedListMatchesSharedSeeds) {
  const std::filesystem::path seeds = std::filesystem::path(test_util::source_dir()) / "../shared/seeds";
  if (!std::filesystem::is_directory(seeds)) UNKNOT_MISSING_PREREQUISITE(seeds.string() + " is absent");
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    if (entry.is_regular_file()) files.insert(entry.path().filename().string());
  }
  EXPECT_EQ(catalogue_sources("seed:"), files);
}

TEST(EmbeddedContent, RefTagsMatchClinicalReferenceList) {
  std::string clinical;
  if (!test_util::read_text_file(test_util::source_dir() + "/../shared/reference/clinical.md",
                                 clinical)) {
    UNKNOT_MISSING_PREREQUISITE("../shared/reference/clinical.md is absent");
  }
  const auto start = clinical.find("\n## References");
  ASSERT_NE(start, std::string::npos);
  auto end = clinical.find("\n## ", start + 1);
  if (end == std::string::npos) end = clinical.size();
  const std::string references = clinical.substr(start, end - start);
  // Tags are bold, "**[R1]**"; a few entries carry a second tag inline ("**[D14b]**").
  const std::regex tag(R"(\*\*\[([A-Za-z0-9]+)\]\*\*)");
  std::set<std::string> tags;
  for (auto it = std::sregex_iterator(references.begin(), references.end(), tag);
       it != std::sregex_iterator(); ++it) {
    tags.insert((*it)[1].str());
  }
  EXPECT_GT(tags.size(), 10u);
  EXPECT_EQ(catalogue_sources("ref:"), tags);
}

// The project's schema may add keys and enum values (a superset), but every key, enum value
// and constraint of the shared contract must still be there with the same meaning.
void expect_keeps_shared_schema(const nlohmann::json& shared, const nlohmann::json& ours,
                                const std::string& where) {
  SCOPED_TRACE(where);
  ASSERT_TRUE(ours.is_object()) << where << " is missing from src/contract/intake.schema.json";
  for (const auto& [key, value] : shared.items()) {
    ASSERT_TRUE(ours.contains(key)) << where << "." << key << " dropped";
    if (key == "properties") {
      for (const auto& [name, property] : value.items()) {
        ASSERT_TRUE(ours[key].contains(name)) << where << ": property '" << name << "' dropped";
        expect_keeps_shared_schema(property, ours[key][name], where + "." + name);
      }
    } else if (key == "items") {
      expect_keeps_shared_schema(value, ours[key], where + "[]");
    } else if (key == "enum") {
      for (const auto& item : value) {
        EXPECT_NE(std::find(ours[key].begin(), ours[key].end(), item), ours[key].end())
            << where << ": enum value " << item.dump() << " dropped";
      }
    } else if (key == "description" || key == "title" || key == "$id") {
      continue;  // wording, not meaning
    } else {
      // type, minimum, maximum, const, required, additionalProperties, uniqueItems, ...
      EXPECT_EQ(ours[key], value) << where << "." << key << " changed";
    }
  }
}

TEST(EmbeddedContent, IntakeSchemaKeepsEverythingInTheSharedSpec) {
  std::string shared;
  if (!test_util::read_text_file(test_util::source_dir() + "/../shared/spec/intake.schema.json",
                                 shared)) {
    UNKNOT_MISSING_PREREQUISITE("../shared/spec/intake.schema.json is absent");
  }
  const std::string_view embedded = content::embedded_file("src/contract/intake.schema.json");
  ASSERT_FALSE(embedded.empty());
  expect_keeps_shared_schema(nlohmann::json::parse(shared), nlohmann::json::parse(embedded), "intake");
}

TEST(EmbeddedContent, SchemaSupersetCheckCatchesADroppedEnumValue) {
  const auto shared = nlohmann::json::parse(R"({"properties": {"a": {"enum": ["x", "y"]}}})");
  const auto dropped = nlohmann::json::parse(R"({"properties": {"a": {"enum": ["x"]}}})");
  const auto added = nlohmann::json::parse(R"({"properties": {"a": {"enum": ["x", "y", "z"]}, "b": {}}})");
  expect_keeps_shared_schema(shared, added, "ok");
  EXPECT_NONFATAL_FAILURE(expect_keeps_shared_schema(shared, dropped, "bad"), "dropped");
  const auto retyped = nlohmann::json::parse(R"({"properties": {"a": {"enum": ["x", "y"], "type": "integer"}}})");
  const auto shared_typed = nlohmann::json::parse(R"({"properties": {"a": {"type": "string"}}})");
  EXPECT_NONFATAL_FAILURE(expect_keeps_shared_schema(shared_typed, retyped, "bad"), "changed");
}

}  // namespace
}  // namespace unknot
