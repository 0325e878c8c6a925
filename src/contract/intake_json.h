// Reads an intake document (../shared/spec/intake.schema.json): JSON syntax, then the
// schema (valijson, with the schema compiled into the binary), then semantic checks.
// Every problem comes back as one kBadInput line naming the file, the JSON key (or line
// and column for broken JSON) and what was expected.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/intake.h"
#include "core/intake_questions.h"
#include "core/result.h"

namespace unknot::contract {

// `source_name` is how messages refer to the document (a file name, or "request body").
Result<Intake> parse_intake(const std::string& text, const std::string& source_name);

// The same checks on a document built in memory (the terminal wizard, the web form), with
// every string checked for valid UTF-8 first.
Result<Intake> intake_from_json(const nlohmann::json& document, const std::string& source_name);

// Whether `document` meets the intake schema: valijson's answer (meets_intake_schema), asked
// only when the quick check on the parsed schema cannot vouch for it. Both are public so a
// test can hold the quick one to valijson's answer.
bool meets_intake_schema_quickly(const nlohmann::json& document);
bool meets_intake_schema(const nlohmann::json& document);

// Reads and parses the intake file at `path`.
Result<Intake> read_intake_file(const std::string& path);

// Writes one multiple-choice answer into an intake document being built (a flag set to
// true, an enum value, or an entry appended to a list), as the option says. Both the terminal
// wizard and the web form build the document this way and then parse it with parse_intake.
void apply_intake_answer(nlohmann::json& document, const IntakeOption& option);

// Whether the intake document being built already holds `option`'s answer (for asking a
// follow-up question only when it matters).
bool holds_intake_answer(const nlohmann::json& document, const IntakeOption& option);

// The intake as canonical JSON text (what `unknot start` saves).
std::string intake_to_json_text(const Intake& intake);

}  // namespace unknot::contract
