#include "content/content_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "content/embedded.h"
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
    "    cues:\n"                                         // 22
    "      - Easy does it.\n"                             // 23
    "    stop_if:\n"                                      // 24
    "      - It hurts.\n"                                 // 25
    "    adjustments:\n"                                  // 26
    "      - when: blood_thinners\n"                      // 27
    "        says: Go lightly.\n"                         // 28
    "    evidence:\n"                                     // 29
    "      level: expert_practice\n"                      // 30
    "      note: Not much is known.\n"                    // 31
    "    sources: [seed:000_seed.txt, ref:R1]\n";         // 32

const char kTopic[] =
    "topics:\n"
    "  - id: test-topic\n"
    "    title: A topic\n"
    "    summary: One line.\n"
    "    body:\n"
    "      - A paragraph.\n"
    "    sources: [ref:R1]\n";

struct Texts {
  std::string sources = kSources;
  std::string safety = safety_text();
  std::string technique = kTechnique;
  std::string topic = kTopic;
};

std::vector<ContentFile> files(const Texts& texts) {
  return {
      {"sources.yaml", "content/sources.yaml", texts.sources},
      {"safety.yaml", "content/safety.yaml", texts.safety},
      {"techniques/a.yaml", "content/techniques/a.yaml", texts.technique},
      {"learn/a.yaml", "content/learn/a.yaml", texts.topic},
  };
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
                   "content/techniques/a.yaml:22:5: unknown key 'colour' in a technique"});
  cases.push_back({"missing_required_key", with_technique("    summary: A move for tests.\n", ""),
                   "content/techniques/a.yaml:2:5: a technique is missing required key 'summary'"});
  {
    Texts texts;
    texts.technique += replaced(std::string(kTechnique), "techniques:\n", "");
    cases.push_back({"duplicate_id", texts,
                     "content/techniques/a.yaml:33:9: duplicate technique id 'test-move'"});
  }
  cases.push_back({"unknown_kind", with_technique("kind: mobility", "kind: dancing"),
                   "content/techniques/a.yaml:4:11: unknown kind 'dancing' in technique 'test-move'"});
  cases.push_back({"unknown_position", with_technique("position: standing", "position: upside_down"),
                   "content/techniques/a.yaml:5:15: unknown position 'upside_down' in technique 'test-move'"});
  cases.push_back({"unknown_equipment", with_technique("equipment: [mat]", "equipment: [mat, trampoline]"),
                   "content/techniques/a.yaml:14:22: unknown equipment 'trampoline' in technique 'test-move'"});
  cases.push_back({"unknown_seed", with_technique("seed:000_seed.txt", "seed:999_other.txt"),
                   "content/techniques/a.yaml:32:15: unknown seed file '999_other.txt' in technique "
                   "'test-move' (not in sources.yaml)"});
  cases.push_back({"unknown_ref", with_technique("ref:R1]", "ref:R99]"),
                   "content/techniques/a.yaml:32:34: unknown reference tag 'R99' in technique "
                   "'test-move' (not in sources.yaml)"});
  cases.push_back({"source_without_prefix", with_technique("ref:R1]", "R1]"),
                   "content/techniques/a.yaml:32:34: source 'R1' in technique 'test-move' must "
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
                   "content/techniques/a.yaml:27:15: unknown intake name 'left_handed' in an entry "
                   "of 'adjustments' in technique 'test-move' (expected a constraint, caution or "
                   "history item)"});
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
    cases.push_back({"unknown_rule", texts, "content/safety.yaml:89:3: unknown safety rule 'made_up_rule'"});
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

// --- The real knowledge base.

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
                         "why-the-seeds-disagree", "when-to-see-a-professional", "otc-pain-relief"}) {
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
  const std::filesystem::path seeds = std::filesystem::path(UNKNOT_SOURCE_DIR) / "../shared/seeds";
  if (!std::filesystem::is_directory(seeds)) GTEST_SKIP() << seeds << " is absent";
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(seeds)) {
    if (entry.is_regular_file()) files.insert(entry.path().filename().string());
  }
  EXPECT_EQ(catalogue_sources("seed:"), files);
}

TEST(EmbeddedContent, RefTagsMatchClinicalReferenceList) {
  std::string clinical;
  if (!test_util::read_text_file(std::string(UNKNOT_SOURCE_DIR) + "/../shared/reference/clinical.md",
                                 clinical)) {
    GTEST_SKIP() << "clinical.md is absent";
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

TEST(EmbeddedContent, IntakeSchemaMatchesSharedSpec) {
  std::string shared;
  if (!test_util::read_text_file(std::string(UNKNOT_SOURCE_DIR) + "/../shared/spec/intake.schema.json",
                                 shared)) {
    GTEST_SKIP() << "shared intake schema is absent";
  }
  const std::string_view embedded = content::embedded_file("src/contract/intake.schema.json");
  ASSERT_FALSE(embedded.empty());
  EXPECT_TRUE(embedded == shared) << "src/contract/intake.schema.json differs from ../shared/spec";
}

}  // namespace
}  // namespace unknot
