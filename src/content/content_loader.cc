#include "content/content_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "content/embedded.h"
#include "core/text_check.h"
#include "core/plan.h"
#include "core/step_text.h"
#include "core/triage.h"

namespace unknot::content {
namespace {

// Thrown inside this file only, and turned into an Error by load_catalogue: the parsing
// code stays a straight line of checks instead of an `if (!ok) return` after each one.
struct ContentError {
  std::string message;
};

// Reads one YAML file, checking keys and types, with positioned messages.
class Reader {
 public:
  explicit Reader(const ContentFile& file) : file_(file) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    const YAML::Mark mark = node.Mark();
    fail_at(mark.line + 1, mark.column + 1, message);
  }
  [[noreturn]] void fail_at(int line, int column, const std::string& message) const {
    std::ostringstream out;
    out << file_.display_name;
    if (line > 0) out << ':' << line << ':' << column;
    out << ": " << message;
    throw ContentError{out.str()};
  }

  // Checks that `map` is a mapping whose keys are all allowed and the required ones present.
  void expect_keys(const YAML::Node& map, const std::string& what,
                   std::initializer_list<const char*> required,
                   std::initializer_list<const char*> optional) const {
    if (!map.IsMap()) fail(map, what + " must be a mapping");
    for (const auto& entry : map) {
      const std::string key = entry.first.as<std::string>();
      auto matches = [&](const char* name) { return key == name; };
      if (std::none_of(required.begin(), required.end(), matches) &&
          std::none_of(optional.begin(), optional.end(), matches)) {
        fail(entry.first, "unknown key '" + key + "' in " + what);
      }
    }
    for (const char* name : required) {
      if (!map[name]) fail(map, what + " is missing required key '" + name + "'");
    }
  }

  std::string text(const YAML::Node& map, const char* key, const std::string& what) const {
    const YAML::Node node = map[key];
    if (!node.IsScalar() || node.Scalar().empty()) {
      fail(node ? node : map, "'" + std::string(key) + "' in " + what + " must be non-empty text");
    }
    return node.Scalar();
  }

  std::string optional_text(const YAML::Node& map, const char* key, const std::string& what) const {
    return map[key] ? text(map, key, what) : std::string();
  }

  // An id: lowercase words joined by '-', the form scripts and URLs rely on.
  std::string id(const YAML::Node& map, const std::string& what) const {
    static const std::regex kIdPattern("[a-z0-9]+(-[a-z0-9]+)*");
    std::string value = text(map, "id", what);
    if (!std::regex_match(value, kIdPattern)) {
      fail(map["id"], "id '" + value + "' must be lowercase words joined by '-'");
    }
    return value;
  }

  int integer(const YAML::Node& node, const std::string& what, int minimum, int maximum) const {
    int value = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, value) ||
        node.Scalar().find('.') != std::string::npos) {
      fail(node, what + " must be a whole number");
    }
    if (value < minimum || value > maximum) {
      fail(node, what + " must be between " + std::to_string(minimum) + " and " +
                     std::to_string(maximum) + " (got " + std::to_string(value) + ")");
    }
    return value;
  }

  bool boolean(const YAML::Node& map, const char* key, const std::string& what) const {
    const YAML::Node node = map[key];
    if (!node) return false;
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      fail(node, "'" + std::string(key) + "' in " + what + " must be true or false");
    }
    return value;
  }

  // A list of non-empty strings; `allow_empty` false requires at least one.
  std::vector<std::string> list(const YAML::Node& map, const char* key, const std::string& what,
                                bool allow_empty = true) const {
    const YAML::Node node = map[key];
    std::vector<std::string> items;
    if (!node) return items;
    if (!node.IsSequence()) fail(node, "'" + std::string(key) + "' in " + what + " must be a list");
    for (const YAML::Node& item : node) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        fail(item, "each entry of '" + std::string(key) + "' in " + what + " must be non-empty text");
      }
      items.push_back(item.Scalar());
    }
    if (!allow_empty && items.empty()) {
      fail(node, "'" + std::string(key) + "' in " + what + " needs at least one entry");
    }
    return items;
  }

  // Like list(), but every entry must be one of `names`.
  std::vector<std::string> names_from(const YAML::Node& map, const char* key, const std::string& what,
                                      std::span<const std::string_view> names,
                                      const char* vocabulary) const {
    std::vector<std::string> items = list(map, key, what);
    for (std::size_t index = 0; index < items.size(); ++index) {
      if (!contains(names, items[index])) {
        fail(map[key][index], "unknown " + std::string(vocabulary) + " '" + items[index] + "' in " + what);
      }
    }
    return items;
  }

 private:
  const ContentFile& file_;
};

// Names an intake item may go by in `when`: constraints, cautions and history.
bool is_condition_name(const std::string& name) {
  return contains(constraint_names(), name) || contains(caution_names(), name) ||
         contains(history_names(), name);
}

Dose read_dose(const Reader& reader, const YAML::Node& node, const std::string& what) {
  reader.expect_keys(node, "the dose of " + what, {},
                     {"duration_s", "sets", "reps", "hold_s", "holds", "per_side", "rest_s"});
  Dose dose;
  auto field = [&](const char* key, int maximum) -> std::optional<int> {
    if (!node[key]) return std::nullopt;
    return reader.integer(node[key], "'" + std::string(key) + "' in the dose of " + what, 0, maximum);
  };
  dose.duration_s = field("duration_s", 3600);
  dose.sets = field("sets", 10);
  dose.reps = field("reps", 200);
  dose.hold_s = field("hold_s", 600);
  dose.holds = field("holds", 20);
  dose.rest_s = field("rest_s", 600);
  if (node["per_side"]) dose.per_side = reader.boolean(node, "per_side", "the dose of " + what);
  return dose;
}

std::vector<ConditionalNote> read_conditional_notes(const Reader& reader, const YAML::Node& map,
                                                    const char* key, const std::string& what) {
  std::vector<ConditionalNote> notes;
  const YAML::Node node = map[key];
  if (!node) return notes;
  if (!node.IsSequence()) reader.fail(node, "'" + std::string(key) + "' in " + what + " must be a list");
  for (const YAML::Node& entry : node) {
    const std::string entry_what = "an entry of '" + std::string(key) + "' in " + what;
    reader.expect_keys(entry, entry_what, {"when", "says"}, {});
    ConditionalNote note{reader.text(entry, "when", entry_what), reader.text(entry, "says", entry_what)};
    if (!is_condition_name(note.when)) {
      reader.fail(entry["when"], "unknown intake name '" + note.when + "' in " + entry_what +
                                     " (expected a constraint, caution or history item)");
    }
    notes.push_back(std::move(note));
  }
  return notes;
}

// Every step must be a template the dose can fill and must not state a number the dose owns.
void check_step_templates(const Reader& reader, const YAML::Node& owner, const std::vector<std::string>& steps,
                          const Dose& dose, const std::string& what) {
  for (std::size_t index = 0; index < steps.size(); ++index) {
    if (auto problem = step_template_problem(steps[index], dose)) {
      reader.fail(owner["steps"][index], "step " + std::to_string(index + 1) + " of " + what + " " + *problem);
    }
  }
}

// A summary is shown beside the dose the plan gives (on the card, in the plan), which may be
// halved or progressed: it states no number the dose owns ("warmth for about 15 minutes"
// above a 5-minute dose was a real defect) and, unlike steps, is not filled from the dose.
void check_summary(const Reader& reader, const YAML::Node& owner, const std::string& summary, const Dose& dose,
                   const std::string& what) {
  for (const StatedNumber& number : stated_dose_numbers(summary)) {
    if (dose_value(dose, number.field)) {
      reader.fail(owner["summary"], "the summary of " + what + " says '" + number.text + "', but the dose owns the " +
                                        to_string(number.field) + "; leave numbers to the dose and the steps");
    }
  }
  if (summary.find('{') != std::string::npos) {
    reader.fail(owner["summary"], "the summary of " + what + " holds a placeholder; only steps are filled from the dose");
  }
}

Position read_position(const Reader& reader, const YAML::Node& map, const std::string& what) {
  const std::string name = reader.text(map, "position", what);
  auto position = parse_position(name);
  if (!position) reader.fail(map["position"], "unknown position '" + name + "' in " + what);
  return *position;
}

// The fields a variant either gives itself or takes from its technique by naming them in
// `inherits`: one or the other, never both and never neither, so an author decides for
// each whether it is really the same (a doorway row must not inherit "use a lighter band").
constexpr const char* kInheritable[] = {"dose", "cues", "stop_if", "cautions"};

Variant read_variant(const Reader& reader, const YAML::Node& node, const Technique& technique,
                     const std::string& technique_what) {
  const std::string provisional = "a variant of " + technique_what;
  reader.expect_keys(node, provisional, {"id", "name", "selected_by", "position", "equipment", "summary", "steps"},
                     {"weight_on_hands", "overhead", "dose", "cues", "stop_if", "cautions", "inherits"});
  Variant variant;
  variant.id = reader.id(node, provisional);
  const std::string what = "variant '" + variant.id + "' of " + technique_what;
  variant.name = reader.text(node, "name", what);
  const YAML::Node selector = node["selected_by"];
  const std::string selector_what = "'selected_by' of " + what;
  reader.expect_keys(selector, selector_what, {}, {"constraints", "missing_equipment", "cautions", "history"});
  variant.selected_by.constraints =
      reader.names_from(selector, "constraints", selector_what, constraint_names(), "constraint");
  variant.selected_by.missing_equipment =
      reader.names_from(selector, "missing_equipment", selector_what, equipment_names(), "equipment");
  variant.selected_by.cautions =
      reader.names_from(selector, "cautions", selector_what, caution_names(), "caution");
  variant.selected_by.history =
      reader.names_from(selector, "history", selector_what, history_names(), "history item");
  variant.position = read_position(reader, node, what);
  variant.equipment = reader.names_from(node, "equipment", what, equipment_names(), "equipment");
  variant.weight_on_hands = reader.boolean(node, "weight_on_hands", what);
  variant.overhead = reader.boolean(node, "overhead", what);
  variant.summary = reader.text(node, "summary", what);
  variant.steps = reader.list(node, "steps", what, /*allow_empty=*/false);

  const std::vector<std::string> inherits = reader.list(node, "inherits", what);
  for (std::size_t index = 0; index < inherits.size(); ++index) {
    const bool known = std::any_of(std::begin(kInheritable), std::end(kInheritable),
                                   [&](const char* name) { return inherits[index] == name; });
    if (!known) {
      reader.fail(node["inherits"][index], "'" + inherits[index] + "' in 'inherits' of " + what +
                                               " cannot be inherited (only dose, cues, stop_if, cautions)");
    }
  }
  for (const char* field : kInheritable) {
    const bool inherited = std::find(inherits.begin(), inherits.end(), field) != inherits.end();
    if (inherited && node[field]) {
      reader.fail(node[field], what + " both gives '" + field + "' and inherits it");
    }
    if (!inherited && !node[field]) {
      reader.fail(node, what + " neither gives '" + field + "' nor lists it in 'inherits'");
    }
  }
  variant.dose = node["dose"] ? read_dose(reader, node["dose"], what) : technique.dose;
  variant.cues = node["cues"] ? reader.list(node, "cues", what, false) : technique.cues;
  variant.stop_if = node["stop_if"] ? reader.list(node, "stop_if", what, false) : technique.stop_if;
  variant.cautions = node["cautions"] ? reader.list(node, "cautions", what) : technique.cautions;
  check_step_templates(reader, node, variant.steps, *variant.dose, what);
  check_summary(reader, node, variant.summary, *variant.dose, what);
  return variant;
}

Technique read_technique(const Reader& reader, const YAML::Node& node) {
  reader.expect_keys(node, "a technique",
                     {"id", "name", "kind", "position", "summary", "steps", "dose", "frequency",
                      "equipment", "cues", "stop_if", "evidence", "sources"},
                     {"seconds_per_rep", "weight_on_hands", "overhead", "variants", "cautions",
                      "contraindications", "adjustments", "derived_from_reasoning"});
  Technique technique;
  technique.id = reader.id(node, "a technique");
  const std::string what = "technique '" + technique.id + "'";
  technique.name = reader.text(node, "name", what);
  const std::string kind = reader.text(node, "kind", what);
  auto parsed_kind = parse_kind(kind);
  if (!parsed_kind) reader.fail(node["kind"], "unknown kind '" + kind + "' in " + what);
  technique.kind = *parsed_kind;
  technique.position = read_position(reader, node, what);
  technique.summary = reader.text(node, "summary", what);
  technique.steps = reader.list(node, "steps", what, /*allow_empty=*/false);
  technique.dose = read_dose(reader, node["dose"], what);
  if (node["seconds_per_rep"]) {
    technique.seconds_per_rep = reader.integer(node["seconds_per_rep"], "'seconds_per_rep' in " + what, 1, 60);
  }
  const YAML::Node frequency = node["frequency"];
  const std::string frequency_what = "the frequency of " + what;
  reader.expect_keys(frequency, frequency_what, {"min_per_week", "max_per_week"}, {"note"});
  technique.frequency.min_per_week =
      reader.integer(frequency["min_per_week"], "'min_per_week' in " + what, 0, 21);
  technique.frequency.max_per_week =
      reader.integer(frequency["max_per_week"], "'max_per_week' in " + what, 0, 21);
  if (technique.frequency.max_per_week < technique.frequency.min_per_week) {
    reader.fail(frequency["max_per_week"], "'max_per_week' in " + what + " is below 'min_per_week'");
  }
  technique.frequency.note = reader.optional_text(frequency, "note", frequency_what);
  technique.equipment = reader.names_from(node, "equipment", what, equipment_names(), "equipment");
  technique.weight_on_hands = reader.boolean(node, "weight_on_hands", what);
  technique.overhead = reader.boolean(node, "overhead", what);
  technique.cues = reader.list(node, "cues", what, false);
  technique.stop_if = reader.list(node, "stop_if", what, false);
  technique.cautions = reader.list(node, "cautions", what);
  check_step_templates(reader, node, technique.steps, technique.dose, what);
  check_summary(reader, node, technique.summary, technique.dose, what);
  if (node["variants"]) {
    if (!node["variants"].IsSequence()) reader.fail(node["variants"], "'variants' in " + what + " must be a list");
    for (const YAML::Node& entry : node["variants"]) {
      Variant variant = read_variant(reader, entry, technique, what);
      if (technique.find_variant(variant.id)) {
        reader.fail(entry["id"], "duplicate variant id '" + variant.id + "' in " + what);
      }
      technique.variants.push_back(std::move(variant));
    }
  }
  technique.contraindications = read_conditional_notes(reader, node, "contraindications", what);
  technique.adjustments = read_conditional_notes(reader, node, "adjustments", what);
  const YAML::Node evidence = node["evidence"];
  reader.expect_keys(evidence, "the evidence of " + what, {"level", "note"}, {});
  technique.evidence.level = reader.text(evidence, "level", "the evidence of " + what);
  if (technique.evidence.level != "trial_evidence" && technique.evidence.level != "guideline_advice" &&
      technique.evidence.level != "expert_practice") {
    reader.fail(evidence["level"], "unknown evidence level '" + technique.evidence.level + "' in " + what +
                                       " (expected trial_evidence, guideline_advice or expert_practice)");
  }
  technique.evidence.note = reader.text(evidence, "note", "the evidence of " + what);
  technique.derived_from_reasoning = reader.optional_text(node, "derived_from_reasoning", what);
  technique.sources = reader.list(node, "sources", what, false);
  return technique;
}

Topic read_topic(const Reader& reader, const YAML::Node& node) {
  reader.expect_keys(node, "a topic", {"id", "title", "summary", "body", "sources"}, {"aliases"});
  Topic topic;
  topic.id = reader.id(node, "a topic");
  const std::string what = "topic '" + topic.id + "'";
  topic.aliases = reader.list(node, "aliases", what);
  topic.title = reader.text(node, "title", what);
  topic.summary = reader.text(node, "summary", what);
  topic.body = reader.list(node, "body", what, false);
  topic.sources = reader.list(node, "sources", what, false);
  return topic;
}

void read_sources(const Reader& reader, const YAML::Node& root, Catalogue& catalogue) {
  reader.expect_keys(root, "sources.yaml", {"seeds", "refs"}, {});
  for (const char* section : {"seeds", "refs"}) {
    const YAML::Node list = root[section];
    if (!list.IsSequence()) reader.fail(list, "'" + std::string(section) + "' must be a list");
    const bool seeds = std::string(section) == "seeds";
    for (const YAML::Node& entry : list) {
      const char* key = seeds ? "file" : "tag";
      const std::string what = seeds ? "a seed" : "a reference";
      reader.expect_keys(entry, what, {key, "title"}, {"cite"});
      SourceEntry source{(seeds ? "seed:" : "ref:") + reader.text(entry, key, what),
                         reader.text(entry, "title", what), reader.optional_text(entry, "cite", what)};
      if (source.cite.empty()) source.cite = source.title;
      if (catalogue.find_source(source.id)) reader.fail(entry[key], "duplicate source '" + source.id + "'");
      catalogue.sources.push_back(std::move(source));
    }
  }
}

void read_safety(const Reader& reader, const YAML::Node& root, Catalogue& catalogue) {
  reader.expect_keys(root, "safety.yaml", {"levels", "rules"}, {});
  const YAML::Node levels = root["levels"];
  reader.expect_keys(levels, "'levels'", {"emergency", "urgent", "see_professional", "self_care"}, {});
  for (const auto& entry : levels) {
    const std::string name = entry.first.as<std::string>();
    const std::string what = "level '" + name + "'";
    reader.expect_keys(entry.second, what, {"title", "advice"}, {});
    catalogue.safety.levels[name] = {reader.text(entry.second, "title", what),
                                     reader.text(entry.second, "advice", what)};
  }
  const YAML::Node rules = root["rules"];
  if (!rules.IsMap()) reader.fail(rules, "'rules' must be a mapping of rule codes");
  auto known = [](const std::string& code) {
    auto rules = triage_rules();
    return std::any_of(rules.begin(), rules.end(), [&](const RuleInfo& rule) { return rule.code == code; });
  };
  for (const auto& entry : rules) {
    const std::string code = entry.first.as<std::string>();
    if (!known(code)) reader.fail(entry.first, "unknown safety rule '" + code + "'");
    const std::string what = "rule '" + code + "'";
    reader.expect_keys(entry.second, what, {"says"}, {});
    catalogue.safety.rule_says[code] = reader.text(entry.second, "says", what);
  }
  for (const RuleInfo& rule : triage_rules()) {
    if (!catalogue.safety.rule_says.count(std::string(rule.code))) {
      reader.fail(rules, "safety rule '" + std::string(rule.code) + "' has no wording");
    }
  }
}

// Before yaml-cpp sees a file: its size, UTF-8, and the nesting of flow collections
// ([[[[...), which yaml-cpp follows by recursion and so could overflow the stack.
constexpr std::size_t kMaxContentFileBytes = 1024 * 1024;
constexpr int kMaxFlowDepth = 32;

void check_raw_text(const ContentFile& file) {
  const Reader reader(file);
  if (file.text.size() > kMaxContentFileBytes) {
    reader.fail_at(0, 0, "too large (" + std::to_string(file.text.size()) + " bytes; at most " +
                             std::to_string(kMaxContentFileBytes) + ")");
  }
  if (auto offset = invalid_utf8_at(file.text)) {
    const TextPosition at = position_of(file.text, *offset);
    reader.fail_at(at.line, at.column, "invalid UTF-8; save the file as UTF-8");
  }
  int depth = 0;
  for (std::size_t index = 0; index < file.text.size(); ++index) {
    const char c = file.text[index];
    if (c == '[' || c == '{') {
      if (++depth > kMaxFlowDepth) {
        const TextPosition at = position_of(file.text, index);
        reader.fail_at(at.line, at.column, "nested more than " + std::to_string(kMaxFlowDepth) + " levels deep");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// Parses `file`; converts yaml-cpp's own exceptions into a positioned message.
YAML::Node parse(const ContentFile& file) {
  check_raw_text(file);
  try {
    return YAML::Load(file.text);
  } catch (const YAML::ParserException& error) {
    Reader(file).fail_at(error.mark.line + 1, error.mark.column + 1, "invalid YAML: " + error.msg);
  }
}

// Checks every `sources` entry against sources.yaml, with the position of the bad entry.
void check_sources(const Catalogue& catalogue, const ContentFile& file, const YAML::Node& owner,
                   const std::vector<std::string>& sources, const std::string& what) {
  for (std::size_t index = 0; index < sources.size(); ++index) {
    const std::string& source = sources[index];
    if (catalogue.find_source(source)) continue;
    std::string message;
    if (source.rfind("seed:", 0) == 0) {
      message = "unknown seed file '" + source.substr(5) + "' in " + what + " (not in sources.yaml)";
    } else if (source.rfind("ref:", 0) == 0) {
      message = "unknown reference tag '" + source.substr(4) + "' in " + what + " (not in sources.yaml)";
    } else {
      message = "source '" + source + "' in " + what + " must start with 'seed:' or 'ref:'";
    }
    Reader(file).fail(owner["sources"][index], message);
  }
}

// content/plan.yaml: the plan engine's texts. The keys are the engine's (plan_text_specs()),
// nested by their dotted parts; a text is a string or {says, sources}, and takes the
// `sources` of the nearest group around it when it has none of its own.
class PlanWordingReader {
 public:
  PlanWordingReader(const Reader& reader, const ContentFile& file, Catalogue& catalogue)
      : reader_(reader), file_(file), catalogue_(catalogue), specs_(plan_text_specs()) {}

  void read(const YAML::Node& root) { read_group(root, "", {}); }

 private:
  struct Child {
    std::string name;
    const PlanTextSpec* text;  // nullptr: a group
  };

  // The names directly under `prefix` ("" for the top), in the engine's order.
  std::vector<Child> children(const std::string& prefix) const {
    std::vector<Child> found;
    const std::string start = prefix.empty() ? "" : prefix + ".";
    for (const PlanTextSpec& spec : specs_) {
      if (spec.key.rfind(start, 0) != 0) continue;
      const std::string rest = spec.key.substr(start.size());
      const auto dot = rest.find('.');
      const std::string name = rest.substr(0, dot);
      auto same = [&](const Child& child) { return child.name == name; };
      if (std::none_of(found.begin(), found.end(), same)) {
        found.push_back({name, dot == std::string::npos ? &spec : nullptr});
      }
    }
    return found;
  }

  static std::string path(const std::string& prefix, const std::string& name) {
    return prefix.empty() ? name : prefix + "." + name;
  }

  // The `sources` of `owner`, each checked against sources.yaml.
  std::vector<std::string> sources_of(const YAML::Node& owner, const std::string& what) const {
    std::vector<std::string> sources = reader_.list(owner, "sources", what, /*allow_empty=*/false);
    check_sources(catalogue_, file_, owner, sources, what);
    return sources;
  }

  void read_group(const YAML::Node& node, const std::string& prefix, std::vector<std::string> sources) {
    const std::string what = prefix.empty() ? "plan.yaml" : "'" + prefix + "'";
    if (!node.IsMap()) reader_.fail(node, what + " must be a mapping");
    if (node["sources"]) sources = sources_of(node, what);
    const std::vector<Child> expected = children(prefix);
    for (const auto& entry : node) {
      const std::string name = entry.first.as<std::string>();
      if (name == "sources") continue;
      auto match = std::find_if(expected.begin(), expected.end(),
                                [&](const Child& child) { return child.name == name; });
      if (match == expected.end()) {
        reader_.fail(entry.first, "unknown key '" + name + "' in " + what +
                                      " (the plan engine has no text '" + path(prefix, name) + "')");
      }
      if (match->text) {
        read_text(entry.second, *match->text, sources);
      } else {
        read_group(entry.second, path(prefix, name), sources);
      }
    }
    for (const Child& child : expected) {
      if (node[child.name]) continue;
      reader_.fail(node, child.text ? "plan text '" + path(prefix, child.name) + "' is missing (the plan engine needs it)"
                                    : "'" + path(prefix, child.name) + "' is missing (the plan engine needs its texts)");
    }
  }

  void read_text(const YAML::Node& node, const PlanTextSpec& spec, const std::vector<std::string>& inherited) {
    const std::string what = "plan text '" + spec.key + "'";
    PlanText text;
    // Where the words are, for messages. (Not `says = node["says"]`: assigning a yaml-cpp
    // node writes through to the node it refers to.)
    YAML::Node says = node.IsMap() ? node["says"] : node;
    if (node.IsMap()) {
      reader_.expect_keys(node, what, {"says"}, {"sources"});
      text.says = reader_.text(node, "says", what);
      text.sources = node["sources"] ? sources_of(node, what) : inherited;
    } else {
      if (!node.IsScalar() || node.Scalar().empty()) {
        reader_.fail(node, what + " must be non-empty text, or a mapping with 'says' and 'sources'");
      }
      text.says = node.Scalar();
      text.sources = inherited;
    }
    if (text.sources.empty()) {
      reader_.fail(node, what + " names no sources (give it 'sources', or the group around it)");
    }
    check_placeholders(says, text.says, spec);
    catalogue_.plan_wording.texts[spec.key] = std::move(text);
  }

  // Every '{' opens a placeholder the engine fills for this text, closed by '}'.
  void check_placeholders(const YAML::Node& node, const std::string& says, const PlanTextSpec& spec) const {
    const std::string what = "plan text '" + spec.key + "'";
    std::string allowed;
    for (const std::string& name : spec.placeholders) allowed += (allowed.empty() ? "{" : ", {") + name + "}";
    allowed = allowed.empty() ? "it takes none" : "it can use " + allowed;
    std::size_t at = 0;
    while ((at = says.find_first_of("{}", at)) != std::string::npos) {
      if (says[at] == '}') reader_.fail(node, "'}' without '{' in " + what);
      const std::size_t close = says.find_first_of("{}", at + 1);
      if (close == std::string::npos || says[close] == '{') reader_.fail(node, "'{' without '}' in " + what);
      const std::string name = says.substr(at + 1, close - at - 1);
      if (std::find(spec.placeholders.begin(), spec.placeholders.end(), name) == spec.placeholders.end()) {
        reader_.fail(node, "unknown placeholder '{" + name + "}' in " + what + " (" + allowed + ")");
      }
      at = close + 1;
    }
  }

  const Reader& reader_;
  const ContentFile& file_;
  Catalogue& catalogue_;
  std::vector<PlanTextSpec> specs_;
};

// Parses `file` and hands its root to `read`. yaml-cpp's own conversion errors (a mapping
// where text was expected, say) become positioned messages naming this file.
template <typename Read>
void read_content_file(const ContentFile& file, Read read) {
  const Reader reader(file);
  try {
    read(reader, parse(file));
  } catch (const YAML::Exception& error) {
    reader.fail_at(error.mark.line + 1, error.mark.column + 1, error.msg);
  }
}

Catalogue load_or_throw(const std::vector<ContentFile>& files) {
  Catalogue catalogue;
  auto find = [&](const std::string& path) -> const ContentFile* {
    for (const ContentFile& file : files) {
      if (file.path == path) return &file;
    }
    return nullptr;
  };
  for (const char* required : {"sources.yaml", "safety.yaml", "plan.yaml"}) {
    if (!find(required)) throw ContentError{std::string(required) + ": missing from the content"};
  }
  read_content_file(*find("sources.yaml"),
                    [&](const Reader& reader, const YAML::Node& root) { read_sources(reader, root, catalogue); });
  read_content_file(*find("safety.yaml"),
                    [&](const Reader& reader, const YAML::Node& root) { read_safety(reader, root, catalogue); });
  read_content_file(*find("plan.yaml"), [&](const Reader& reader, const YAML::Node& root) {
    PlanWordingReader(reader, *find("plan.yaml"), catalogue).read(root);
  });

  for (const ContentFile& file : files) {
    const bool is_technique = file.path.rfind("techniques/", 0) == 0;
    const bool is_topic = file.path.rfind("learn/", 0) == 0;
    if (!is_technique && !is_topic) continue;
    read_content_file(file, [&](const Reader& reader, const YAML::Node& root) {
      const char* key = is_technique ? "techniques" : "topics";
      reader.expect_keys(root, file.path, {key}, {});
      if (!root[key].IsSequence()) reader.fail(root[key], "'" + std::string(key) + "' must be a list");
      for (const YAML::Node& node : root[key]) {
        if (is_technique) {
          Technique technique = read_technique(reader, node);
          if (catalogue.find_technique(technique.id)) {
            reader.fail(node["id"], "duplicate technique id '" + technique.id + "'");
          }
          check_sources(catalogue, file, node, technique.sources, "technique '" + technique.id + "'");
          catalogue.techniques.push_back(std::move(technique));
        } else {
          Topic topic = read_topic(reader, node);
          if (catalogue.find_topic(topic.id)) reader.fail(node["id"], "duplicate topic id '" + topic.id + "'");
          for (const std::string& alias : topic.aliases) {
            if (catalogue.find_topic(alias) || alias == topic.id) reader.fail(node["aliases"], "alias '" + alias + "' is already a topic id");
          }
          check_sources(catalogue, file, node, topic.sources, "topic '" + topic.id + "'");
          catalogue.topics.push_back(std::move(topic));
        }
      }
    });
  }
  if (catalogue.techniques.empty()) throw ContentError{"techniques/: no techniques found"};
  // Present techniques grouped by kind (heat first, professional care last), file order within.
  std::stable_sort(catalogue.techniques.begin(), catalogue.techniques.end(),
                   [](const Technique& a, const Technique& b) { return a.kind < b.kind; });
  return catalogue;
}

}  // namespace

Result<Catalogue> load_catalogue(const std::vector<ContentFile>& files) {
  try {
    return load_or_throw(files);
  } catch (const ContentError& error) {
    return Error::bad_input(error.message);
  } catch (const std::exception& error) {
    // Anything yaml-cpp or the standard library throws that the reader did not expect is
    // still a problem with the content, not a reason to abort.
    return Error::bad_input(std::string("content: ") + error.what());
  }
}

Result<Catalogue> load_embedded_yaml_catalogue() {
  std::vector<ContentFile> files;
  const std::string prefix = "content/";
  for (const EmbeddedFile& embedded : embedded_files()) {
    // Only the YAML knowledge base; content/illustrations/*.svg are embedded for the web app.
    if (embedded.path.rfind(prefix, 0) != 0 || !embedded.path.ends_with(".yaml")) continue;
    files.push_back({std::string(embedded.path.substr(prefix.size())), std::string(embedded.path),
                     std::string(embedded.bytes)});
  }
  return load_catalogue(files);
}

Result<Catalogue> load_catalogue_from_directory(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return Error::bad_input("--content-dir: '" + directory + "' is not a directory");
  }
  std::vector<ContentFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(directory, error)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) return Error::failure(entry.path().string() + ": cannot read");
    files.push_back({fs::relative(entry.path(), directory).generic_string(), entry.path().string(),
                     text.str()});
  }
  if (error) return Error::failure(directory + ": " + error.message());
  std::sort(files.begin(), files.end(),
            [](const ContentFile& a, const ContentFile& b) { return a.path < b.path; });
  return load_catalogue(files);
}

}  // namespace unknot::content
