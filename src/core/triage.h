// The safety screen: intake -> triage level with every reason that fired. Pure.
//
// Rules follow the tiers of ../shared/reference/clinical.md section 1 (emergency, urgent,
// see a professional) and the seeds' own warnings. Each rule names its reference tags.
// Weak warning signs (poor accuracy alone, [R2][R3]) only ask for a professional check
// when alone, but two or more together count as urgent [R17]. docs/safety-rules.md
// explains every rule for clinical review.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.h"
#include "core/intake.h"

namespace unknot {

enum class Level { kSelfCare, kSeeProfessional, kUrgent, kEmergency };

std::string_view to_string(Level level);

// How a rule counts. A warning sign alone acts like kSeeProfessional; see triage.cc.
enum class Tier { kEmergency, kUrgent, kWarningSign, kSeeProfessional };

struct TriageReason {
  std::string code;
  std::string says;
};

struct Triage {
  Level level = Level::kSelfCare;
  bool program_allowed = true;
  std::vector<TriageReason> reasons;
  std::string advice;
};

// A rule as the screen knows it, for docs, content validation and tests.
struct RuleInfo {
  std::string_view code;
  Tier tier;
  std::string_view refs;  // reference tags, e.g. "R14 R9"
};

// Every rule of the screen, in the order they are checked (most severe first).
std::span<const RuleInfo> triage_rules();

// Codes of the rules that fire for `intake`, without wording. The combination rule
// `several_warning_signs_together` is included when it fires.
std::vector<std::string> fired_rule_codes(const Intake& intake);

// The full triage object. Wording comes from `text` (content/safety.yaml); a code without
// wording falls back to the code itself, which the content tests forbid.
Triage triage(const Intake& intake, const SafetyText& text);

}  // namespace unknot
