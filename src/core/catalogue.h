// The knowledge base as plain values: techniques (with variants, doses, cautions and
// sources), education topics, the wording of the safety screen and of the plan engine.
// Built by the content loader (src/content/) and read by every feature; it never does I/O.
// Every struct compares field by field (defaulted operator==), so a test can prove that the
// knowledge base compiled into the binary equals the one loaded from the YAML files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/vocabulary.h"

namespace unknot {

// How much of a technique to do. Absent fields do not apply (the contract's `dose`).
struct Dose {
  std::optional<int> duration_s;
  std::optional<int> sets;
  std::optional<int> reps;
  std::optional<int> hold_s;
  std::optional<int> holds;
  std::optional<bool> per_side;
  std::optional<int> rest_s;

  bool operator==(const Dose&) const = default;
};

struct Frequency {
  int min_per_week = 0;
  int max_per_week = 0;
  std::string note;

  bool operator==(const Frequency&) const = default;
};

// A caution tied to one intake name (a constraint, caution or history item).
struct ConditionalNote {
  std::string when;
  std::string says;

  bool operator==(const ConditionalNote&) const = default;
};

// What makes a variant the one to use: any listed constraint, caution or history item,
// or any listed piece of equipment the person does not have.
struct VariantSelector {
  std::vector<std::string> constraints;
  std::vector<std::string> missing_equipment;
  std::vector<std::string> cautions;
  std::vector<std::string> history;

  bool operator==(const VariantSelector&) const = default;
};

// Another way to do a technique, first-class: the loader fills every field, either from the
// variant's own YAML or, where the variant says `inherits: [...]`, from the technique (see
// docs/content-format.md). The fallbacks in Technique::form() only serve hand-built catalogues.
struct Variant {
  std::string id;
  std::string name;
  VariantSelector selected_by;
  Position position = Position::kStanding;
  std::vector<std::string> equipment;
  bool weight_on_hands = false;
  bool overhead = false;
  std::string summary;              // empty: the technique's
  std::vector<std::string> steps;   // step templates (core/step_text.h); empty: the technique's
  std::optional<Dose> dose;         // absent: the technique's
  std::optional<std::vector<std::string>> cues;      // absent: the technique's
  std::optional<std::vector<std::string>> stop_if;   // absent: the technique's
  std::optional<std::vector<std::string>> cautions;  // absent: the technique's

  bool operator==(const Variant&) const = default;
};

// One way to do a technique with everything a person reads resolved: the main form
// (`variant` empty) or one variant. Steps are still templates: render them with the dose
// actually prescribed (core/step_text.h).
struct TechniqueForm {
  std::string technique;
  std::string variant;
  std::string name;
  std::string summary;
  Position position = Position::kStanding;
  std::vector<std::string> equipment;
  bool weight_on_hands = false;
  bool overhead = false;
  std::vector<std::string> steps;
  Dose dose;
  std::vector<std::string> cues;
  std::vector<std::string> stop_if;
  std::vector<std::string> cautions;
};

struct Evidence {
  std::string level;  // trial_evidence | guideline_advice | expert_practice
  std::string note;

  bool operator==(const Evidence&) const = default;
};

struct Technique {
  std::string id;
  std::string name;
  Kind kind = Kind::kMobility;
  Position position = Position::kStanding;
  std::string summary;
  std::vector<std::string> steps;
  Dose dose;
  int seconds_per_rep = 3;
  Frequency frequency;
  std::vector<std::string> equipment;
  bool weight_on_hands = false;
  bool overhead = false;
  std::vector<Variant> variants;
  std::vector<std::string> cues;
  std::vector<std::string> stop_if;
  std::vector<std::string> cautions;
  std::vector<ConditionalNote> contraindications;
  std::vector<ConditionalNote> adjustments;
  Evidence evidence;
  std::string derived_from_reasoning;
  std::vector<std::string> sources;
  // The technique whose pose figures this one shows (a clinician's custom exercise borrows a
  // built-in one's, core/prescription.h); empty: its own.
  std::string picture;

  const Variant* find_variant(const std::string& variant_id) const;
  // The form `variant_id` names; the main form for "" or an id that is not a variant.
  TechniqueForm form(const std::string& variant_id = "") const;

  bool operator==(const Technique&) const = default;
};

struct Topic {
  std::string id;
  std::vector<std::string> aliases;  // old ids that still find it (scripts may use them)
  std::string title;
  std::string summary;
  std::vector<std::string> body;
  std::vector<std::string> sources;

  bool operator==(const Topic&) const = default;
};

struct LevelText {
  std::string title;
  std::string advice;

  bool operator==(const LevelText&) const = default;
};

// Wording of the safety screen, keyed by level name and by rule code.
struct SafetyText {
  std::map<std::string, LevelText> levels;
  std::map<std::string, std::string> rule_says;

  bool operator==(const SafetyText&) const = default;
};

// One text the plan engine shows people (content/plan.yaml): words that may hold `{name}`
// placeholders the engine fills, and the sources the words rest on.
struct PlanText {
  std::string says;
  std::vector<std::string> sources;

  bool operator==(const PlanText&) const = default;
};

// The plan engine's wording, keyed by dotted path ("phases.calm.title",
// "items.warmth.heat-pack"). The loader guarantees exactly the keys of plan_text_specs()
// (core/plan.h), so the engine never looks up a text that is not there.
struct PlanWording {
  std::map<std::string, PlanText> texts;

  // Returns nullptr when there is no such key.
  const PlanText* find(const std::string& key) const;

  bool operator==(const PlanWording&) const = default;
};

struct SourceEntry {
  std::string id;     // "seed:FILE" or "ref:TAG": for tools (JSON), never shown to people
  std::string title;
  std::string cite;   // what people read: "Andersen et al. 2008, trial in office workers"

  bool operator==(const SourceEntry&) const = default;
};

struct Catalogue {
  std::vector<Technique> techniques;
  std::vector<Topic> topics;
  SafetyText safety;
  PlanWording plan_wording;
  std::vector<SourceEntry> sources;

  // Returns nullptr when there is no such id.
  const Technique* find_technique(const std::string& id) const;
  const Topic* find_topic(const std::string& id) const;
  const SourceEntry* find_source(const std::string& id) const;
  // The human citation of a source id (its `cite`); the id itself only when unknown.
  std::string cite(const std::string& source_id) const;

  bool operator==(const Catalogue&) const = default;
};

}  // namespace unknot
