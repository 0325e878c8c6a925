#include "contract/intake_json.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "content/embedded.h"
#include "contract/json_input.h"
#include "contract/schema_rules.h"

namespace unknot::contract {
namespace {

using Json = nlohmann::json;

const Json& schema_document() {
  static const Json schema = Json::parse(content::embedded_file("src/contract/intake.schema.json"));
  return schema;
}

// valijson's Schema cannot be copied or moved, so it is built in place once.
const valijson::Schema& compiled_schema() {
  static const valijson::Schema* schema = [] {
    auto* compiled = new valijson::Schema();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_document());
    parser.populateSchema(adapter, *compiled);
    return compiled;
  }();
  return *schema;
}

std::string type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "true/false";
    case Json::value_t::string: return "text";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "a whole number";
    case Json::value_t::number_float: return "a number";
    case Json::value_t::array: return "a list";
    case Json::value_t::object: return "an object";
    default: return "something else";
  }
}

bool matches_type(const Json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "integer") {
    // 30.0 is a whole number too; std::trunc, not a cast, so 1e300 is no undefined behaviour.
    return value.is_number_integer() ||
           (value.is_number_float() && std::isfinite(value.get<double>()) &&
            value.get<double>() == std::trunc(value.get<double>()));
  }
  if (type == "number") return value.is_number();
  return true;
}

std::string expected_type(const std::string& type) {
  if (type == "integer") return "a whole number";
  if (type == "number") return "a number";
  if (type == "string") return "text";
  if (type == "boolean") return "true or false";
  if (type == "array") return "a list";
  return "an object";
}

std::string join_enum(const Json& values) {
  std::string text;
  for (std::size_t index = 0; index < values.size(); ++index) {
    if (index > 0) text += ", ";
    text += values[index].dump();
  }
  return text;
}

std::string format_number(const Json& value) { return value.dump(); }

// Explains the first problem in `value` against the schema subset the intake uses, in
// plain words. valijson decides whether the document is valid; this only words the
// reason, walking in document order so the message names the first bad key.
std::optional<std::string> explain(const Json& value, const Json& schema, const std::string& path) {
  const std::string where = path.empty() ? "the intake" : path;
  if (schema.contains("const") && value != schema["const"]) {
    return where + ": must be " + schema["const"].dump() + " (got " + describe_json_value(value) + ")";
  }
  if (schema.contains("type")) {
    const std::string type = schema["type"];
    if (!matches_type(value, type)) {
      return where + ": must be " + expected_type(type) + " (got " + type_name(value) + ")";
    }
  }
  if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    return where + ": " + describe_json_value(value) + " is not one of " + join_enum(schema["enum"]);
  }
  if (value.is_number()) {
    if (schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
      return where + ": must be at least " + format_number(schema["minimum"]) + " (got " + describe_json_value(value) + ")";
    }
    if (schema.contains("maximum") && value.get<double>() > schema["maximum"].get<double>()) {
      return where + ": must be at most " + format_number(schema["maximum"]) + " (got " + describe_json_value(value) + ")";
    }
  }
  if (value.is_object()) {
    const Json properties = schema.value("properties", Json::object());
    for (const auto& [key, item] : value.items()) {
      const std::string child = path.empty() ? key : path + "." + key;
      if (!properties.contains(key)) {
        if (schema.value("additionalProperties", true) == false) {
          return "unknown key '" + child + "'";
        }
        continue;
      }
      if (auto problem = explain(item, properties[key], child)) return problem;
    }
    for (const auto& required : schema.value("required", Json::array())) {
      if (!value.contains(required.get<std::string>())) {
        const std::string child = path.empty() ? required.get<std::string>() : path + "." + required.get<std::string>();
        return child + ": required key is missing";
      }
    }
  }
  if (value.is_array()) {
    if (schema.value("uniqueItems", false)) {
      for (std::size_t a = 0; a < value.size(); ++a) {
        for (std::size_t b = a + 1; b < value.size(); ++b) {
          if (value[a] == value[b]) return where + ": " + describe_json_value(value[a]) + " is listed twice";
        }
      }
    }
    if (schema.contains("items")) {
      for (std::size_t index = 0; index < value.size(); ++index) {
        if (auto problem = explain(value[index], schema["items"], where + "[" + std::to_string(index) + "]")) {
          return problem;
        }
      }
    }
  }
  return std::nullopt;
}

std::set<std::string> string_set(const Json& object, const char* key) {
  std::set<std::string> values;
  if (object.contains(key)) {
    for (const Json& item : object[key]) values.insert(item.get<std::string>());
  }
  return values;
}

Intake to_intake(const Json& document) {
  Intake intake;
  intake.age = document["age"].get<int>();
  const Json& pain = document["pain"];
  intake.pain.now = pain["now"].get<int>();
  if (pain.contains("worst_last_week")) intake.pain.worst_last_week = pain["worst_last_week"].get<int>();
  intake.pain.weeks_since_onset = pain["weeks_since_onset"].get<double>();
  if (pain.contains("onset")) intake.pain.onset = pain["onset"].get<std::string>();
  intake.pain.areas = string_set(pain, "areas");
  if (pain.contains("started_after")) intake.pain.started_after = pain["started_after"].get<std::string>();
  intake.pain.tearing_or_ripping = pain.value("tearing_or_ripping", false);
  intake.pain.worse_breathing_in = pain.value("worse_breathing_in", false);
  intake.pain.worse_cough_sneeze = pain.value("worse_cough_sneeze", false);
  intake.pain.constant_unrelieved_by_rest_or_position =
      pain.value("constant_unrelieved_by_rest_or_position", false);
  intake.pain.worse_at_night = pain.value("worse_at_night", false);
  intake.symptoms = string_set(document, "symptoms");
  intake.history = string_set(document, "history");
  if (document.contains("self_care")) {
    const Json& self_care = document["self_care"];
    if (self_care.contains("weeks_tried")) intake.self_care.weeks_tried = self_care["weeks_tried"].get<double>();
    if (self_care.contains("change")) intake.self_care.change = self_care["change"].get<std::string>();
  }
  if (document.contains("profile")) {
    const Json& profile = document["profile"];
    intake.profile.equipment = string_set(profile, "equipment");
    intake.profile.constraints = string_set(profile, "constraints");
    intake.profile.cautions = string_set(profile, "cautions");
    intake.profile.triggers = string_set(profile, "triggers");
    if (profile.contains("minutes_per_day")) intake.profile.minutes_per_day = profile["minutes_per_day"].get<int>();
    if (profile.contains("strength_days_per_week")) {
      intake.profile.strength_days_per_week = profile["strength_days_per_week"].get<int>();
    }
    if (profile.contains("desk_hours_per_day")) {
      intake.profile.desk_hours_per_day = profile["desk_hours_per_day"].get<double>();
    }
  }
  return intake;
}

// Checks the schema cannot express: answers that contradict each other.
std::optional<std::string> semantic_problem(const Intake& intake) {
  if (intake.pain.worst_last_week && *intake.pain.worst_last_week < intake.pain.now) {
    return "pain.worst_last_week: " + std::to_string(*intake.pain.worst_last_week) +
           " is lower than pain.now (" + std::to_string(intake.pain.now) +
           "); the worst of the last week includes today";
  }
  if (intake.self_care.weeks_tried && *intake.self_care.weeks_tried > intake.pain.weeks_since_onset) {
    return "self_care.weeks_tried: longer than pain.weeks_since_onset; self-care cannot start before the pain";
  }
  return std::nullopt;
}

}  // namespace

// Building valijson's form of the schema (every subschema and constraint allocated), and even
// parsing the schema's JSON, cost `unknot plan` more than the rest of reading its saved intake
// (docs/performance.md), so valijson is asked only when the quick check on the schema's
// compiled tables says no (contract/schema_rules.h). A yes from it is always a document
// valijson accepts too (IntakeJson.QuickSchemaCheckNeverAcceptsWhatValijsonRejects); every no,
// and every message, is decided as before.
bool meets_intake_schema_quickly(const nlohmann::json& document) {
  return certainly_meets_schema_rules(document, compiled_intake_schema_rules());
}

bool meets_intake_schema(const nlohmann::json& document) {
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  return validator.validate(compiled_schema(), adapter, nullptr);
}

Result<Intake> parse_intake(const std::string& text, const std::string& source_name) {
  auto parsed = parse_json_input(text, source_name, kIntakeLimits);
  if (!parsed) return parsed.error();
  return intake_from_json(*parsed, source_name);
}

Result<Intake> intake_from_json(const nlohmann::json& document, const std::string& source_name) {
  if (auto strings = check_json_strings(document, source_name); !strings) return strings.error();
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  if (!meets_intake_schema_quickly(document) && !validator.validate(compiled_schema(), adapter, &results)) {
    std::string problem;
    if (auto explained = explain(document, schema_document(), "")) {
      problem = *explained;
    } else {
      valijson::ValidationResults::Error error;
      results.popError(error);
      problem = error.description;
    }
    return Error::bad_input(source_name + ": " + problem);
  }
  Intake intake;
  try {
    intake = to_intake(document);
  } catch (const Json::exception& error) {
    // The schema admits only what to_intake reads; should one slip through, it is still bad
    // input and not a crash.
    return Error::bad_input(source_name + ": " + error.what());
  }
  if (auto problem = semantic_problem(intake)) return Error::bad_input(source_name + ": " + *problem);
  return intake;
}

Result<Intake> read_intake_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Error::bad_input(path + ": is a directory; --intake wants an intake JSON file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::bad_input(path + ": cannot open the intake file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_intake(text.str(), path);
}

std::string intake_to_json_text(const Intake& intake) {
  nlohmann::ordered_json document;
  document["schema"] = "unknot.intake/1";
  document["age"] = intake.age;
  auto& pain = document["pain"];
  pain["now"] = intake.pain.now;
  if (intake.pain.worst_last_week) pain["worst_last_week"] = *intake.pain.worst_last_week;
  pain["weeks_since_onset"] = intake.pain.weeks_since_onset;
  if (intake.pain.onset) pain["onset"] = *intake.pain.onset;
  if (!intake.pain.areas.empty()) pain["areas"] = intake.pain.areas;
  if (intake.pain.started_after) pain["started_after"] = *intake.pain.started_after;
  auto flag = [&](const char* key, bool value) {
    if (value) pain[key] = true;
  };
  flag("tearing_or_ripping", intake.pain.tearing_or_ripping);
  flag("worse_breathing_in", intake.pain.worse_breathing_in);
  flag("worse_cough_sneeze", intake.pain.worse_cough_sneeze);
  flag("constant_unrelieved_by_rest_or_position", intake.pain.constant_unrelieved_by_rest_or_position);
  flag("worse_at_night", intake.pain.worse_at_night);
  if (!intake.symptoms.empty()) document["symptoms"] = intake.symptoms;
  if (!intake.history.empty()) document["history"] = intake.history;
  if (intake.self_care.weeks_tried || intake.self_care.change) {
    auto& self_care = document["self_care"];
    if (intake.self_care.weeks_tried) self_care["weeks_tried"] = *intake.self_care.weeks_tried;
    if (intake.self_care.change) self_care["change"] = *intake.self_care.change;
  }
  nlohmann::ordered_json profile = nlohmann::ordered_json::object();
  if (!intake.profile.equipment.empty()) profile["equipment"] = intake.profile.equipment;
  if (!intake.profile.constraints.empty()) profile["constraints"] = intake.profile.constraints;
  if (!intake.profile.cautions.empty()) profile["cautions"] = intake.profile.cautions;
  if (intake.profile.minutes_per_day) profile["minutes_per_day"] = *intake.profile.minutes_per_day;
  if (intake.profile.strength_days_per_week) profile["strength_days_per_week"] = *intake.profile.strength_days_per_week;
  if (intake.profile.desk_hours_per_day) profile["desk_hours_per_day"] = *intake.profile.desk_hours_per_day;
  if (!intake.profile.triggers.empty()) profile["triggers"] = intake.profile.triggers;
  if (!profile.empty()) document["profile"] = profile;
  return document.dump(2) + "\n";
}

void apply_intake_answer(nlohmann::json& document, const IntakeOption& option) {
  nlohmann::json::json_pointer pointer(option.pointer);
  switch (answer_shape(option)) {
    case AnswerShape::kFlag:
      document[pointer] = true;
      break;
    case AnswerShape::kChoice:
      document[pointer] = option.value;
      break;
    case AnswerShape::kListItem:
      if (!document.contains(pointer)) document[pointer] = nlohmann::json::array();
      // The same sign may be asked twice (a severe headache, again among the pregnancy signs).
      if (!holds_intake_answer(document, option)) document[pointer].push_back(option.value);
      break;
  }
}

bool holds_intake_answer(const nlohmann::json& document, const IntakeOption& option) {
  nlohmann::json::json_pointer pointer(option.pointer);
  if (!document.contains(pointer)) return false;
  const nlohmann::json& held = document[pointer];
  switch (answer_shape(option)) {
    case AnswerShape::kFlag: return held == true;
    case AnswerShape::kChoice: return held == option.value;
    case AnswerShape::kListItem:
      return held.is_array() && std::find(held.begin(), held.end(), option.value) != held.end();
  }
  return false;
}

}  // namespace unknot::contract
