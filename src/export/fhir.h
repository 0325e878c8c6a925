// The plan and the pain diary as one HL7 FHIR R4 Bundle (type collection; clinical.md
// sections 5.1 and 5.3), for a physiotherapist's or GP's system.
//
// The bundle holds a Patient with no personal data, one Observation per pain entry (LOINC
// 72514-3, 0-10 numeric rating, category survey), one CarePlan, and one ServiceRequest per
// distinct item of each session of each phase (intent plan, SNOMED CT 229065009 "Exercise
// therapy" for strength, mobility and stretch items, weekly timing, the dose in words).
// Every fullUrl is a urn:uuid derived from the patient id and what the resource stands for,
// so the same plan and diary always give the same bundle; references use those fullUrls.
// Pure apart from nlohmann_json: writing the file is the caller's job.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diary.h"
#include "core/plan.h"

namespace unknot::exporting {

// FHIR requires a time zone on a dateTime that has a time, and diary times are local. With
// `utc_offset` ("Z", "+01:00", "-05:30") a timed entry keeps its time and gets that offset;
// without it (empty, or not in that form) it is exported as its date and the local time goes
// into the Observation's note. Date-only entries are exported as they are.
nlohmann::ordered_json to_fhir_bundle(const Plan& plan, const std::vector<DiaryEntry>& entries,
                                      const std::string& patient_id /* e.g. "unknot-user" */,
                                      const std::string& utc_offset = {});

// The UTC offset in force at a local date-time ("2026-10-19T07:30:00" -> "-04:00" in New
// York): readings on either side of a daylight-saving change get different offsets. An
// answer that is not an offset (see is_utc_offset) exports that reading as its date only.
using UtcOffsetAt = std::function<std::string(const std::string& local_time)>;

// As above, with each reading's own offset; without a plan (`plan` null: no intake yet)
// the bundle holds the Patient and the pain Observations only.
nlohmann::ordered_json to_fhir_bundle(const Plan* plan, const std::vector<DiaryEntry>& entries,
                                      const std::string& patient_id, const UtcOffsetAt& offset_at);

// Whether `text` is "Z" or a +HH:MM / -HH:MM offset FHIR accepts (up to +14:00).
bool is_utc_offset(const std::string& text);

// A deterministic RFC 9562 version-8 UUID (lower-case, 8-4-4-4-12) for `name`.
std::string name_uuid(const std::string& name);

}  // namespace unknot::exporting
