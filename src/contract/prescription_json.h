// The prescription's JSON shape (docs/contract.md, clinic part 2): what the clinic stores, what
// `GET /api/clinic/prescription` sends a linked device and what the device keeps in its data
// directory (prescription.json). One reader for all three boundaries: the shape first (types,
// required members, closed vocabularies), then core's check_prescription against the knowledge
// base. Every problem is one kBadInput line naming where (`prescription.items[1].dose.reps`).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "contract/contract_json.h"
#include "core/catalogue.h"
#include "core/prescription.h"
#include "core/result.h"

namespace unknot::contract {

OrderedJson prescription_to_json(const Prescription& prescription);

// A prescription object. `where` prefixes every message ("prescription", "request body").
// Overrides may be objects {"rule", "by", "at"} or bare rule strings (a clinician confirming
// now: `by` and `at` are left empty for the server to fill).
Result<Prescription> prescription_from_json(const nlohmann::json& json, const std::string& where,
                                            const Catalogue& catalogue);

// The device's answer `{"prescription": null | {...}}` as text: nullopt for null.
Result<std::optional<Prescription>> parse_prescription_reply(const std::string& text, const std::string& where,
                                                             const Catalogue& catalogue);

}  // namespace unknot::contract
