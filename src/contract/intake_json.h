// Reads an intake document (../shared/spec/intake.schema.json): JSON syntax, then the
// schema (valijson, with the schema compiled into the binary), then semantic checks.
// Every problem comes back as one kBadInput line naming the file, the JSON key (or line
// and column for broken JSON) and what was expected.
#pragma once

#include <string>

#include "core/intake.h"
#include "core/result.h"

namespace unknot::contract {

// `source_name` is how messages refer to the document (a file name, or "request body").
Result<Intake> parse_intake(const std::string& text, const std::string& source_name);

// Reads and parses the intake file at `path`.
Result<Intake> read_intake_file(const std::string& path);

// The intake as canonical JSON text (what `unknot start` saves).
std::string intake_to_json_text(const Intake& intake);

}  // namespace unknot::contract
