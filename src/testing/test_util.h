// Shared helpers for unknot's unit tests.
#pragma once

#include <string>

#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"

namespace unknot::test_util {

// A person the safety screen lets through untouched: 35 years old, pain 4/10 for 3 weeks,
// between the shoulder blades, nothing else said.
Intake clean_intake();

// The knowledge base compiled into the binary, loaded once. Fails the test on error.
const Catalogue& embedded_catalogue();

// A pain reading on day number `day` (days_from_civil) at `time`; "" for a date-only entry.
DiaryEntry pain_entry(int day, int nprs, const std::string& context = "morning",
                      const std::string& time = "07:30:00");

// A trigger logged for day number `day` (date only).
DiaryEntry trigger_entry(int day, const std::string& name);

// Reads the whole file at `path` into `text`; false when it cannot be opened.
bool read_text_file(const std::string& path, std::string& text);

}  // namespace unknot::test_util
