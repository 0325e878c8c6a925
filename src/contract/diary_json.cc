#include "contract/diary_json.h"

#include <cmath>
#include <cstdint>
#include <sstream>

#include "contract/json_input.h"
#include "core/vocabulary.h"

namespace unknot::contract {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kBreakOutcomes[] = {"done", "snoozed", "skipped"};

constexpr std::string_view kContexts[] = {"morning", "next_morning", "evening", "during_exercise", "after_session",
                                          "other"};

struct EntryError {
  std::string message;
};

[[noreturn]] void fail(const std::string& message) { throw EntryError{message}; }

void allow_keys(const Json& object, std::initializer_list<const char*> keys) {
  for (const auto& [key, value] : object.items()) {
    if (std::none_of(keys.begin(), keys.end(), [&](const char* allowed) { return key == allowed; })) {
      fail("unknown key '" + key + "' for a '" + object["type"].get<std::string>() + "' entry");
    }
  }
}

int integer(const Json& object, const char* key, int minimum, int maximum) {
  const Json& value = object[key];
  if (!value.is_number_integer()) fail(std::string(key) + ": must be a whole number (got " + describe_json_value(value) + ")");
  // An unsigned value above the signed range (18446744073709551615) is simply too large; it
  // must not be read as a signed number (it would say "got -1").
  const bool in_range = value.is_number_unsigned()
                            ? value.get<std::uint64_t>() <= static_cast<std::uint64_t>(maximum)
                            : value.get<std::int64_t>() >= minimum && value.get<std::int64_t>() <= maximum;
  if (!in_range) {
    fail(std::string(key) + ": must be from " + std::to_string(minimum) + " to " + std::to_string(maximum) +
         " (got " + value.dump() + ")");
  }
  return static_cast<int>(value.get<std::int64_t>());
}

std::string text(const Json& object, const char* key) {
  if (!object.contains(key)) fail(std::string(key) + ": required");
  if (!object[key].is_string() || object[key].get_ref<const std::string&>().empty()) {
    fail(std::string(key) + ": must be non-empty text");
  }
  return object[key].get<std::string>();
}

std::string one_of(const Json& object, const char* key, std::span<const std::string_view> names) {
  std::string value = text(object, key);
  if (!contains(names, value)) fail(std::string(key) + ": unknown value '" + value + "'");
  return value;
}

DiaryEntry to_entry(const Json& object) {
  if (!object.is_object()) fail("each line must be a JSON object");
  DiaryEntry entry;
  entry.at = text(object, "at");
  if (!is_valid_timestamp(entry.at)) fail("at: '" + entry.at + "' is not a date (2026-03-02) or date-time (2026-03-02T07:30:00)");
  const std::string type = text(object, "type");
  if (type == "pain") {
    allow_keys(object, {"at", "type", "nprs", "context"});
    entry.type = EntryType::kPain;
    if (!object.contains("nprs")) fail("nprs: required for a pain entry");
    entry.nprs = integer(object, "nprs", 0, 10);
    if (object.contains("context")) entry.context = one_of(object, "context", kContexts);
  } else if (type == "session") {
    allow_keys(object, {"at", "type", "session", "completed", "pain_during", "items"});
    entry.type = EntryType::kSession;
    entry.session = text(object, "session");
    if (object.contains("completed")) {
      if (!object["completed"].is_boolean()) fail("completed: must be true or false");
      entry.completed = object["completed"].get<bool>();
    }
    if (object.contains("pain_during")) entry.pain_during = integer(object, "pain_during", 0, 10);
    if (object.contains("items")) {
      if (!object["items"].is_array()) fail("items: must be a list");
      for (const Json& item : object["items"]) {
        if (!item.is_object()) fail("items: each item must be an object");
        for (const auto& [key, value] : item.items()) {
          if (key != "technique" && key != "reps") fail("items: unknown key '" + key + "'");
        }
        SessionItemDone done{text(item, "technique"), std::nullopt};
        if (item.contains("reps")) done.reps = integer(item, "reps", 0, 1000);
        entry.items.push_back(std::move(done));
      }
    }
  } else if (type == "trigger") {
    allow_keys(object, {"at", "type", "trigger", "hours"});
    entry.type = EntryType::kTrigger;
    entry.trigger = one_of(object, "trigger", trigger_names());
    if (object.contains("hours")) {
      if (!object["hours"].is_number() || !(object["hours"].get<double>() >= 0 && object["hours"].get<double>() <= 24)) {
        fail("hours: must be a number from 0 to 24");
      }
      entry.hours = object["hours"].get<double>();
    }
  } else if (type == "symptom") {
    allow_keys(object, {"at", "type", "symptom"});
    entry.type = EntryType::kSymptom;
    entry.symptom = one_of(object, "symptom", symptom_names());
  } else if (type == "note") {
    allow_keys(object, {"at", "type", "text"});
    entry.type = EntryType::kNote;
    entry.text = text(object, "text");
  } else if (type == "break") {
    allow_keys(object, {"at", "type", "technique", "outcome"});
    entry.type = EntryType::kBreak;
    entry.technique = text(object, "technique");
    entry.outcome = one_of(object, "outcome", kBreakOutcomes);
  } else {
    fail("type: unknown value '" + type + "' (expected pain, session, trigger, symptom, note or break)");
  }
  return entry;
}

// One CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula (starting
// with = + - @, tab or carriage return: the OWASP CSV-injection rule) gets a leading ' so it
// stays text.
std::string csv_field(const std::string& value) {
  std::string cell = value;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) cell = "'" + cell;
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The technique column: a break's technique, or a session's items as ID:REPS (ID alone when
// no reps were counted), separated by ';'.
std::string techniques_cell(const DiaryEntry& entry) {
  if (entry.type != EntryType::kSession) return entry.technique;
  std::string cell;
  for (const SessionItemDone& item : entry.items) {
    if (!cell.empty()) cell += ';';
    cell += item.technique;
    if (item.reps) cell += ":" + std::to_string(*item.reps);
  }
  return cell;
}

OrderedJson window_to_json(const PainWindow& window) {
  OrderedJson json;
  json["from"] = iso_date(window.from);
  json["to"] = iso_date(window.to);
  json["mean_nprs"] = window.mean_nprs ? OrderedJson(*window.mean_nprs) : OrderedJson(nullptr);
  json["entries"] = window.entries;
  return json;
}

}  // namespace

Result<DiaryEntry> parse_diary_entry(const std::string& json_text, const std::string& where) {
  auto object = parse_json_input(json_text, where, kDiaryLineLimits);
  if (!object) return object.error();
  return diary_entry_from_json(*object, where);
}

Result<DiaryEntry> diary_entry_from_json(const nlohmann::json& object, const std::string& where) {
  if (auto strings = check_json_strings(object, where); !strings) return strings.error();
  try {
    return to_entry(object);
  } catch (const EntryError& error) {
    return Error::bad_input(where + ": " + error.message);
  } catch (const Json::exception& error) {
    // The checks above should leave nothing for nlohmann to object to; if one slips through it
    // is still this input's fault, not a crash.
    return Error::bad_input(where + ": " + error.what());
  }
}

Result<std::vector<DiaryEntry>> parse_diary_lines(const std::string& text, const std::string& source_name,
                                                  const EntryCheck& check) {
  std::vector<DiaryEntry> entries;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = source_name + ":" + std::to_string(number);
    auto entry = parse_diary_entry(line, where);
    if (!entry) return entry.error();
    if (check) {
      if (auto problem = check(*entry)) return Error::bad_input(where + ": " + *problem);
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

std::string diary_entry_to_json_text(const DiaryEntry& entry) {
  OrderedJson json;
  json["at"] = entry.at;
  json["type"] = to_string(entry.type);
  switch (entry.type) {
    case EntryType::kPain:
      json["nprs"] = *entry.nprs;
      if (!entry.context.empty()) json["context"] = entry.context;
      break;
    case EntryType::kSession:
      json["session"] = entry.session;
      if (entry.completed) json["completed"] = *entry.completed;
      if (entry.pain_during) json["pain_during"] = *entry.pain_during;
      if (!entry.items.empty()) {
        json["items"] = OrderedJson::array();
        for (const SessionItemDone& item : entry.items) {
          OrderedJson done = {{"technique", item.technique}};
          if (item.reps) done["reps"] = *item.reps;
          json["items"].push_back(done);
        }
      }
      break;
    case EntryType::kTrigger:
      json["trigger"] = entry.trigger;
      if (entry.hours) json["hours"] = *entry.hours;
      break;
    case EntryType::kSymptom: json["symptom"] = entry.symptom; break;
    case EntryType::kNote: json["text"] = entry.text; break;
    case EntryType::kBreak:
      json["technique"] = entry.technique;
      json["outcome"] = entry.outcome;
      break;
  }
  return json.dump();
}

std::string diary_csv_header() {
  return "at,type,nprs,context,session,completed,pain_during,trigger,hours,symptom,text,technique,outcome\n";
}

std::string diary_entry_to_csv_row(const DiaryEntry& entry) {
  auto optional_int = [](const std::optional<int>& value) { return value ? std::to_string(*value) : std::string(); };
  std::string hours;
  if (entry.hours) {
    std::ostringstream out;
    out << *entry.hours;
    hours = out.str();
  }
  return csv_field(entry.at) + "," + std::string(to_string(entry.type)) + "," + optional_int(entry.nprs) + "," +
         csv_field(entry.context) + "," + csv_field(entry.session) + "," +
         (entry.completed ? (*entry.completed ? "true" : "false") : "") + "," + optional_int(entry.pain_during) + "," +
         csv_field(entry.trigger) + "," + hours + "," + csv_field(entry.symptom) + "," + csv_field(entry.text) + "," +
         csv_field(techniques_cell(entry)) + "," + csv_field(entry.outcome) + "\n";
}

OrderedJson review_to_json(const Review& review) {
  OrderedJson json;
  json["schema"] = "unknot.review/1";
  json["as_of"] = iso_date(review.as_of);
  json["weeks_in_program"] = review.weeks_in_program;
  json["baseline"] = window_to_json(review.baseline);
  json["current"] = window_to_json(review.current);
  json["change"] = {{"points", review.change_points ? OrderedJson(*review.change_points) : OrderedJson(nullptr)},
                    {"percent", review.change_percent ? OrderedJson(*review.change_percent) : OrderedJson(nullptr)}};
  json["verdict"] = review.verdict;
  json["next_step"] = review.next_step;
  json["adherence"] = {{"strength_sessions_per_week", review.strength_sessions_per_week},
                       {"target_per_week", review.target_per_week},
                       {"desk_breaks_done_per_week", review.desk_breaks_done_per_week},
                       {"desk_breaks_skipped_per_week", review.desk_breaks_skipped_per_week}};
  json["reasons"] = OrderedJson::array();
  for (const ReviewReason& reason : review.reasons) json["reasons"].push_back({{"code", reason.code}, {"says", reason.says}});
  return json;
}

}  // namespace unknot::contract
