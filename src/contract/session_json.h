// The guided session script as JSON (`unknot session --json`, the web app's
// GET /api/session/ID): schema "unknot.session/1", documented in ../shared/spec/README.md.
// Add fields, never rename or drop one.
#pragma once

#include "contract/contract_json.h"
#include "core/session_script.h"

namespace unknot::contract {

std::string_view to_string(StepKind kind);
std::string_view to_string(Side side);  // "left", "right"; "" for none

OrderedJson session_script_to_json(const SessionScript& script);

}  // namespace unknot::contract
