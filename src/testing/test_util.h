// Shared helpers for unknot's unit tests.
#pragma once

#include <string>

#include "core/catalogue.h"
#include "core/intake.h"

namespace unknot::test_util {

// A person the safety screen lets through untouched: 35 years old, pain 4/10 for 3 weeks,
// between the shoulder blades, nothing else said.
Intake clean_intake();

// The knowledge base compiled into the binary, loaded once. Fails the test on error.
const Catalogue& embedded_catalogue();

// Reads the whole file at `path` into `text`; false when it cannot be opened.
bool read_text_file(const std::string& path, std::string& text);

}  // namespace unknot::test_util
