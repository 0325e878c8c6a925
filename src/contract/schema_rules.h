// The intake schema's rules as plain tables, for the quick check that vouches for a document
// without valijson (intake_json.cc). Parsing the schema's 5 KB of JSON into nlohmann's tree
// cost every `unknot plan` more instructions than computing the plan (docs/performance.md),
// so the build compiles the schema into these tables (unknot_compile_schema writes
// generated/intake_schema_rules.cc) and the program reads them as constants. The schema file
// stays the one source: compile_schema_rules() is what the build runs, and a test holds the
// compiled tables equal to it run on the embedded schema.
//
// Only the subset of JSON Schema the intake uses is compiled: const and enum of strings, type,
// minimum, maximum, properties, additionalProperties, required, uniqueItems and items. A
// subschema with any other keyword, or a keyword in a form this check does not read, is
// compiled as not `certain`: the quick check then says no, and valijson decides.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace unknot::contract {

enum class SchemaType : std::uint8_t { kAny, kObject, kArray, kString, kBoolean, kInteger, kNumber };

// One subschema. Lists are ranges of the tables in SchemaRules: `allowed` and `required` of
// `strings`, `properties` of `properties`; `items` is a node index, or -1.
struct SchemaNode {
  bool certain = true;
  SchemaType type = SchemaType::kAny;
  bool has_allowed = false;  // const or enum: the value must be one of the allowed strings
  std::uint16_t allowed_first = 0;
  std::uint16_t allowed_count = 0;
  bool has_minimum = false;
  double minimum = 0;
  bool has_maximum = false;
  double maximum = 0;
  std::uint16_t properties_first = 0;  // sorted by name
  std::uint16_t properties_count = 0;
  bool additional_properties = true;
  std::uint16_t required_first = 0;
  std::uint16_t required_count = 0;
  bool unique_items = false;
  std::int16_t items = -1;

  bool operator==(const SchemaNode&) const = default;
};

struct SchemaProperty {
  std::uint16_t name;  // index into strings
  std::uint16_t node;

  bool operator==(const SchemaProperty&) const = default;
};

// The tables as the program reads them; node 0 is the whole schema.
struct SchemaRules {
  std::span<const SchemaNode> nodes;
  std::span<const std::string_view> strings;
  std::span<const SchemaProperty> properties;
};

// The tables compile_schema_rules builds, owning their strings.
struct OwnedSchemaRules {
  std::vector<SchemaNode> nodes;
  std::vector<std::string> strings;
  std::vector<std::string_view> string_views;  // views of `strings`, for view()
  std::vector<SchemaProperty> properties;

  SchemaRules view() const { return {nodes, string_views, properties}; }
};

// Compiles a parsed JSON Schema. Never fails: what it cannot read is not `certain`.
OwnedSchemaRules compile_schema_rules(const nlohmann::json& schema);

// Whether `value` certainly meets the schema: every rule holds in its strictest reading (no
// 30.0 for an integer, strings only in const and enum). A yes is always a document valijson
// accepts too; a no only means "ask valijson".
bool certainly_meets_schema_rules(const nlohmann::json& value, const SchemaRules& rules);

// The C++ source of a file defining `SchemaRules FUNCTION()` over constant tables (what the
// build writes for the intake schema).
std::string schema_rules_cxx_source(const OwnedSchemaRules& rules, const std::string& function);

// The intake schema's tables, compiled by the build from src/contract/intake.schema.json.
SchemaRules compiled_intake_schema_rules();

}  // namespace unknot::contract
