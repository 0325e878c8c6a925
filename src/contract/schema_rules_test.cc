#include "contract/schema_rules.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "content/embedded.h"

namespace unknot::contract {
namespace {

using Json = nlohmann::json;

bool meets(const Json& value, const Json& schema) {
  const OwnedSchemaRules rules = compile_schema_rules(schema);
  return certainly_meets_schema_rules(value, rules.view());
}

// The tables the build compiled into the binary are the ones compile_schema_rules makes from
// the schema the binary embeds for valijson: one source, and a stale or hand-edited table
// fails here.
TEST(SchemaRules, CompiledTablesAreTheEmbeddedSchemasRules) {
  const Json schema = Json::parse(content::embedded_file("src/contract/intake.schema.json"));
  const OwnedSchemaRules expected = compile_schema_rules(schema);
  const SchemaRules compiled = compiled_intake_schema_rules();
  ASSERT_EQ(compiled.nodes.size(), expected.nodes.size());
  for (std::size_t i = 0; i < expected.nodes.size(); ++i) EXPECT_EQ(compiled.nodes[i], expected.nodes[i]) << "node " << i;
  ASSERT_EQ(compiled.strings.size(), expected.strings.size());
  for (std::size_t i = 0; i < expected.strings.size(); ++i) EXPECT_EQ(compiled.strings[i], expected.strings[i]);
  ASSERT_EQ(compiled.properties.size(), expected.properties.size());
  for (std::size_t i = 0; i < expected.properties.size(); ++i) EXPECT_EQ(compiled.properties[i], expected.properties[i]);
  EXPECT_GT(expected.nodes.size(), 20u);  // the intake's schema, not an empty one
  EXPECT_TRUE(expected.nodes.front().certain);
}

TEST(SchemaRules, ReadsEachKeywordStrictly) {
  const Json schema = Json::parse(R"({
    "type": "object", "additionalProperties": false, "required": ["n", "tags"],
    "properties": {
      "n": {"type": "integer", "minimum": 0, "maximum": 10},
      "x": {"type": "number", "maximum": 2.5},
      "kind": {"enum": ["a", "b", 3]},
      "v": {"const": "one"},
      "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}
    }})");
  EXPECT_TRUE(meets(Json::parse(R"({"n": 3, "tags": []})"), schema));
  EXPECT_TRUE(meets(Json::parse(R"({"n": 0, "x": 2.5, "kind": "b", "v": "one", "tags": ["p", "q"]})"), schema));
  EXPECT_FALSE(meets(Json::parse(R"({"tags": []})"), schema));                    // required
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "tags": [], "extra": 1})"), schema));  // additionalProperties
  EXPECT_FALSE(meets(Json::parse(R"({"n": 11, "tags": []})"), schema));           // maximum
  EXPECT_FALSE(meets(Json::parse(R"({"n": -1, "tags": []})"), schema));           // minimum
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3.0, "tags": []})"), schema));          // 3.0: valijson decides
  EXPECT_FALSE(meets(Json::parse(R"({"n": "3", "tags": []})"), schema));          // type
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "x": 2.6, "tags": []})"), schema));
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "kind": "c", "tags": []})"), schema));  // enum
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "kind": 3, "tags": []})"), schema));    // strings only
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "v": "two", "tags": []})"), schema));   // const
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "tags": ["p", "p"]})"), schema));       // uniqueItems
  EXPECT_FALSE(meets(Json::parse(R"({"n": 3, "tags": [1]})"), schema));              // items
  EXPECT_FALSE(meets(Json::parse(R"([])"), schema));
}

TEST(SchemaRules, WhatItCannotReadIsNeverVouchedFor) {
  const Json anything = Json::parse(R"({"a": "x"})");
  for (const char* schema : {
           R"({"type": "object", "pattern": "x"})",              // a keyword it does not know
           R"({"type": ["object", "null"]})",                     // a type list
           R"({"type": "thing"})",                                // no such type
           R"({"type": "object", "required": ["a", 1]})",         // a key that is not a string
           R"({"type": "object", "minimum": "0"})",               // a bound that is not a number
           R"({"type": "object", "additionalProperties": {}})",   // a schema where a boolean was expected
           R"({"type": "object", "properties": []})",
           R"({"type": "object", "properties": {"a": {"const": 1}}})",
           R"({"type": "object", "properties": {"a": {"enum": "x"}}})",
           R"({"type": "object", "properties": {"a": {"const": "x", "enum": ["x"]}}})",
           R"({"type": "object", "properties": {"a": {"format": "email"}}})",
           R"("not a schema")"}) {
    EXPECT_FALSE(meets(anything, Json::parse(schema))) << schema;
  }
  EXPECT_TRUE(meets(anything, Json::parse(R"({"type": "object", "title": "t", "description": "d", "$id": "i"})")));
}

TEST(SchemaRules, GeneratedSourceHoldsEveryTable) {
  const OwnedSchemaRules rules = compile_schema_rules(Json::parse(R"({"properties": {"q\"\\?\n": {"enum": ["é"]}}})"));
  const std::string source = schema_rules_cxx_source(rules, "some_rules");
  EXPECT_NE(source.find("SchemaRules some_rules()"), std::string::npos);
  EXPECT_NE(source.find(R"("q\"\\\077\012"sv)"), std::string::npos) << source;  // escaped, trigraph-safe
  EXPECT_NE(source.find(R"("\303\251"sv)"), std::string::npos) << source;        // UTF-8 as octal bytes
  EXPECT_NE(source.find("    {0, 1},"), std::string::npos) << source;            // the property: name 0, node 1
}

}  // namespace
}  // namespace unknot::contract
