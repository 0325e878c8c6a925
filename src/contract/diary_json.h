// Diary entries as JSON Lines (../shared/spec/README.md section 4) and the review object
// (section 5). Each bad line is reported as "SOURCE:LINE: key: what was expected".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "contract/contract_json.h"
#include "core/diary.h"
#include "core/result.h"
#include "core/review.h"

namespace unknot::contract {

// One entry from one JSON object. `where` prefixes messages, e.g. "diary.jsonl:3".
Result<DiaryEntry> parse_diary_entry(const std::string& json_text, const std::string& where);

// The same checks on a value built in memory (from form fields or command-line words), with
// every string checked for valid UTF-8 first.
Result<DiaryEntry> diary_entry_from_json(const nlohmann::json& object, const std::string& where);

// A further check on each parsed entry (unknown ids, dates in the future); nullopt when fine.
using EntryCheck = std::function<std::optional<std::string>(const DiaryEntry&)>;

// Every non-blank line of a JSON Lines file; the first bad line fails the whole file, named
// "SOURCE:LINE". `check`, when given, runs on each entry.
Result<std::vector<DiaryEntry>> parse_diary_lines(const std::string& text, const std::string& source_name,
                                                  const EntryCheck& check = nullptr);

// The canonical one-line JSON for an entry (keys in a fixed order; what the store keeps).
std::string diary_entry_to_json_text(const DiaryEntry& entry);

std::string diary_entry_to_csv_row(const DiaryEntry& entry);
std::string diary_csv_header();

OrderedJson review_to_json(const Review& review);

}  // namespace unknot::contract
