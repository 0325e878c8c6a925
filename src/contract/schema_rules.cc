#include "contract/schema_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

namespace unknot::contract {
namespace {

using Json = nlohmann::json;

class Compiler {
 public:
  explicit Compiler(OwnedSchemaRules& rules) : rules_(rules) {}

  // Compiles `schema` into a new node and returns its index. Children are compiled after
  // their parent's node is reserved, so node 0 is always the root.
  std::uint16_t compile(const Json& schema) {
    const auto index = static_cast<std::uint16_t>(rules_.nodes.size());
    rules_.nodes.emplace_back();
    SchemaNode node;
    if (!schema.is_object()) {
      node.certain = false;
      rules_.nodes[index] = node;
      return index;
    }
    for (const auto& [keyword, rule] : schema.items()) {
      if (keyword == "$schema" || keyword == "$id" || keyword == "title" || keyword == "description") continue;
      if (keyword == "const" || keyword == "enum") {
        // Both at once, or a const that is not a string, or an enum that is not a list: not read.
        if (node.has_allowed || (keyword == "const" && !rule.is_string()) || (keyword == "enum" && !rule.is_array())) {
          node.certain = false;
          continue;
        }
        node.has_allowed = true;
        node.allowed_first = static_cast<std::uint16_t>(rules_.strings.size());
        // Only strings are kept: the check compares strings alone, so any other listed value
        // could never be the one matched.
        const Json listed = keyword == "const" ? Json::array({rule}) : rule;
        for (const Json& value : listed) {
          if (value.is_string()) add_string(value.get<std::string>());
        }
        node.allowed_count = static_cast<std::uint16_t>(rules_.strings.size() - node.allowed_first);
      } else if (keyword == "type") {
        node.type = rule.is_string() ? type_named(rule.get<std::string>()) : SchemaType::kAny;
        if (node.type == SchemaType::kAny) node.certain = false;
      } else if (keyword == "minimum" || keyword == "maximum") {
        if (!rule.is_number()) {
          node.certain = false;
        } else if (keyword == "minimum") {
          node.has_minimum = true;
          node.minimum = rule.get<double>();
        } else {
          node.has_maximum = true;
          node.maximum = rule.get<double>();
        }
      } else if (keyword == "additionalProperties") {
        if (!rule.is_boolean()) node.certain = false;
        else node.additional_properties = rule.get<bool>();
      } else if (keyword == "required") {
        const bool all_strings = rule.is_array() && std::all_of(rule.begin(), rule.end(), [](const Json& key) { return key.is_string(); });
        if (!all_strings) {
          node.certain = false;
          continue;
        }
        node.required_first = static_cast<std::uint16_t>(rules_.strings.size());
        for (const Json& key : rule) add_string(key.get<std::string>());
        node.required_count = static_cast<std::uint16_t>(rules_.strings.size() - node.required_first);
      } else if (keyword == "uniqueItems") {
        if (!rule.is_boolean()) node.certain = false;
        else node.unique_items = rule.get<bool>();
      } else if (keyword != "properties" && keyword != "items") {
        node.certain = false;  // a keyword this check does not know: valijson decides
      }
    }
    // Subschemas last, so the tables fill in one pass; an object's keys come sorted.
    if (auto properties = schema.find("properties"); properties != schema.end()) {
      if (!properties->is_object()) {
        node.certain = false;
      } else {
        std::vector<std::pair<std::uint16_t, const Json*>> names;
        for (const auto& [key, item] : properties->items()) names.emplace_back(add_string(key), &item);
        node.properties_first = static_cast<std::uint16_t>(rules_.properties.size());
        node.properties_count = static_cast<std::uint16_t>(names.size());
        rules_.properties.resize(rules_.properties.size() + names.size());
        for (std::size_t i = 0; i < names.size(); ++i) {
          const std::uint16_t child = compile(*names[i].second);
          rules_.properties[node.properties_first + i] = {names[i].first, child};
        }
      }
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      if (!items->is_object()) node.certain = false;
      else node.items = static_cast<std::int16_t>(compile(*items));
    }
    rules_.nodes[index] = node;
    return index;
  }

 private:
  static SchemaType type_named(const std::string& type) {
    if (type == "object") return SchemaType::kObject;
    if (type == "array") return SchemaType::kArray;
    if (type == "string") return SchemaType::kString;
    if (type == "boolean") return SchemaType::kBoolean;
    if (type == "integer") return SchemaType::kInteger;
    if (type == "number") return SchemaType::kNumber;
    return SchemaType::kAny;
  }

  std::uint16_t add_string(const std::string& text) {
    rules_.strings.push_back(text);
    return static_cast<std::uint16_t>(rules_.strings.size() - 1);
  }

  OwnedSchemaRules& rules_;
};

bool meets_type(const Json& value, SchemaType type) {
  switch (type) {
    case SchemaType::kAny: return true;
    case SchemaType::kObject: return value.is_object();
    case SchemaType::kArray: return value.is_array();
    case SchemaType::kString: return value.is_string();
    case SchemaType::kBoolean: return value.is_boolean();
    case SchemaType::kInteger: return value.is_number_integer();
    case SchemaType::kNumber: return value.is_number();
  }
  return false;
}

bool meets_node(const Json& value, const SchemaRules& rules, std::size_t index) {
  const SchemaNode& node = rules.nodes[index];
  if (!node.certain || !meets_type(value, node.type)) return false;
  const auto strings = [&](std::uint16_t first, std::uint16_t count) { return rules.strings.subspan(first, count); };
  if (node.has_allowed) {
    if (!value.is_string()) return false;
    const auto allowed = strings(node.allowed_first, node.allowed_count);
    if (std::find(allowed.begin(), allowed.end(), value.get_ref<const std::string&>()) == allowed.end()) return false;
  }
  if (value.is_number() && (node.has_minimum || node.has_maximum)) {
    const double number = value.get<double>();
    if (!std::isfinite(number)) return false;
    if (node.has_minimum && number < node.minimum) return false;
    if (node.has_maximum && number > node.maximum) return false;
  }
  if (value.is_object()) {
    const auto properties = rules.properties.subspan(node.properties_first, node.properties_count);
    for (const auto& entry : value.items()) {
      // Not a structured binding: clang 14 cannot capture one in the lambda.
      const std::string& key = entry.key();
      auto property = std::find_if(properties.begin(), properties.end(),
                                   [&](const SchemaProperty& candidate) { return rules.strings[candidate.name] == key; });
      if (property == properties.end()) {
        if (!node.additional_properties) return false;
      } else if (!meets_node(entry.value(), rules, property->node)) {
        return false;
      }
    }
    for (std::string_view key : strings(node.required_first, node.required_count)) {
      if (!value.contains(key)) return false;
    }
  }
  if (value.is_array()) {
    if (node.unique_items) {
      std::set<std::string_view> seen;
      for (const Json& item : value) {
        if (!item.is_string() || !seen.insert(item.get_ref<const std::string&>()).second) return false;
      }
    }
    if (node.items >= 0) {
      for (const Json& item : value) {
        if (!meets_node(item, rules, static_cast<std::size_t>(node.items))) return false;
      }
    }
  }
  return true;
}

std::string cxx_string(std::string_view text) {
  std::string literal = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      literal += '\\';
      literal += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f && c != '?') {
      literal += static_cast<char>(c);
    } else {
      // An octal escape takes at most three digits, so the next character cannot extend it.
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\%03o", c);
      literal += escaped;
    }
  }
  return literal + "\"";
}

std::string cxx_double(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string cxx_bool(bool value) { return value ? "true" : "false"; }

const char* cxx_type(SchemaType type) {
  switch (type) {
    case SchemaType::kAny: return "SchemaType::kAny";
    case SchemaType::kObject: return "SchemaType::kObject";
    case SchemaType::kArray: return "SchemaType::kArray";
    case SchemaType::kString: return "SchemaType::kString";
    case SchemaType::kBoolean: return "SchemaType::kBoolean";
    case SchemaType::kInteger: return "SchemaType::kInteger";
    case SchemaType::kNumber: return "SchemaType::kNumber";
  }
  return "SchemaType::kAny";
}

}  // namespace

OwnedSchemaRules compile_schema_rules(const nlohmann::json& schema) {
  OwnedSchemaRules rules;
  Compiler(rules).compile(schema);
  rules.string_views.assign(rules.strings.begin(), rules.strings.end());
  return rules;
}

bool certainly_meets_schema_rules(const nlohmann::json& value, const SchemaRules& rules) {
  return !rules.nodes.empty() && meets_node(value, rules, 0);
}

std::string schema_rules_cxx_source(const OwnedSchemaRules& rules, const std::string& function) {
  std::string out =
      "// Generated by unknot_compile_schema (src/contract/compile_schema.cc). Do not edit.\n"
      "#include \"contract/schema_rules.h\"\n\n"
      "namespace unknot::contract {\nnamespace {\n\n"
      "using namespace std::string_view_literals;\n\n"
      "constexpr SchemaNode kNodes[] = {\n";
  for (const SchemaNode& node : rules.nodes) {
    out += "    {" + cxx_bool(node.certain) + ", " + cxx_type(node.type) + ", " + cxx_bool(node.has_allowed) + ", " +
           std::to_string(node.allowed_first) + ", " + std::to_string(node.allowed_count) + ", " +
           cxx_bool(node.has_minimum) + ", " + cxx_double(node.minimum) + ", " + cxx_bool(node.has_maximum) + ", " +
           cxx_double(node.maximum) + ", " + std::to_string(node.properties_first) + ", " +
           std::to_string(node.properties_count) + ", " + cxx_bool(node.additional_properties) + ", " +
           std::to_string(node.required_first) + ", " + std::to_string(node.required_count) + ", " +
           cxx_bool(node.unique_items) + ", " + std::to_string(node.items) + "},\n";
  }
  out += "};\n\nconstexpr std::string_view kStrings[] = {\n";
  for (const std::string& text : rules.strings) out += "    " + cxx_string(text) + "sv,\n";
  if (rules.strings.empty()) out += "    \"\"sv,\n";  // no zero-length arrays
  out += "};\n\nconstexpr SchemaProperty kProperties[] = {\n";
  for (const SchemaProperty& property : rules.properties) {
    out += "    {" + std::to_string(property.name) + ", " + std::to_string(property.node) + "},\n";
  }
  if (rules.properties.empty()) out += "    {0, 0},\n";
  out += "};\n\n}  // namespace\n\nSchemaRules " + function + "() {\n  return {kNodes, std::span(kStrings).first(" +
         std::to_string(rules.strings.size()) + "), std::span(kProperties).first(" +
         std::to_string(rules.properties.size()) + ")};\n}\n\n}  // namespace unknot::contract\n";
  return out;
}

}  // namespace unknot::contract
