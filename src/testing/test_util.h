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

// The repository's root directory (tests/data, and ../shared beside it).
std::string source_dir();

// Reads the whole file at `path` into `text`; false when it cannot be opened.
bool read_text_file(const std::string& path, std::string& text);

// Whether a test may skip when a prerequisite outside the repository (../shared, a tool) is
// missing: only when UNKNOT_ALLOW_SKIP=1 is set. Otherwise a missing prerequisite fails the
// test, so a check that could not run never counts as passed. Use through the macro below.
bool skipping_allowed();

}  // namespace unknot::test_util

// Inside a TEST: ends it as skipped (UNKNOT_ALLOW_SKIP=1) or failed, saying what is missing.
#define UNKNOT_MISSING_PREREQUISITE(what)                                             \
  do {                                                                               \
    if (::unknot::test_util::skipping_allowed()) {                                   \
      GTEST_SKIP() << (what) << " (UNKNOT_ALLOW_SKIP=1)";                            \
    }                                                                                \
    FAIL() << (what) << "; UNKNOT_ALLOW_SKIP=1 skips this test instead";             \
  } while (false)
