#include "contract/json_input.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "core/text_check.h"

namespace unknot::contract {
namespace {

using Json = nlohmann::json;

// "WHERE:LINE:COLUMN: what" for a document; "WHERE: what (column C)" for one line, whose
// `where` already names the line ("diary.jsonl:3").
std::string located(const std::string& where, std::string_view text, std::size_t offset, const std::string& what) {
  const TextPosition position = position_of(text, offset);
  if (text.find('\n') == std::string_view::npos) {
    return where + ": " + what + " (column " + std::to_string(position.column) + ")";
  }
  return where + ":" + std::to_string(position.line) + ":" + std::to_string(position.column) + ": " + what;
}

// The structure scan: one pass, no recursion, over text already known to be UTF-8. It only
// looks for what would hurt later (depth, item counts, overflowing numbers); nlohmann then
// checks the grammar properly.
std::optional<std::string> scan_structure(std::string_view text, const std::string& where, const JsonLimits& limits) {
  std::vector<std::size_t> items;  // entries seen so far in each open list or object
  std::string last_string;         // the most recent string token (a key when ':' follows)
  std::string key;                 // the most recent key, to name an overflowing number
  std::size_t index = 0;
  const std::size_t size = text.size();
  while (index < size) {
    const char c = text[index];
    if (c == '"') {
      const std::size_t start = ++index;
      while (index < size && text[index] != '"') index += text[index] == '\\' ? 2 : 1;
      last_string.assign(text.substr(start, std::min<std::size_t>(index, size) - start).substr(0, 40));
      ++index;
      continue;
    }
    if (c == ':') {
      key = last_string;
    } else if (c == '[' || c == '{') {
      if (static_cast<int>(items.size()) + 1 > limits.max_depth) {
        return located(where, text, index,
                       "nested more than " + std::to_string(limits.max_depth) + " levels deep");
      }
      items.push_back(0);
    } else if (c == ']' || c == '}') {
      if (!items.empty()) items.pop_back();
    } else if (c == ',') {
      if (!items.empty() && ++items.back() >= limits.max_items) {
        return located(where, text, index,
                       (key.empty() ? std::string() : key + ": ") + "more than " + std::to_string(limits.max_items) +
                           " entries in one list or object");
      }
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const std::size_t start = index;
      while (index < size && (std::isdigit(static_cast<unsigned char>(text[index])) || text[index] == '-' ||
                              text[index] == '+' || text[index] == '.' || text[index] == 'e' || text[index] == 'E')) {
        ++index;
      }
      const std::string number(text.substr(start, std::min<std::size_t>(index - start, 400)));
      if (!std::isfinite(std::strtod(number.c_str(), nullptr))) {
        return located(where, text, start,
                       (key.empty() ? std::string() : key + ": ") + "number too large (" + number.substr(0, 20) +
                           (number.size() > 20 ? "..." : "") + ")");
      }
      continue;
    }
    ++index;
  }
  return std::nullopt;
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 2: " prefix (the position is given our way).
std::string plain_reason(const std::string& what) {
  auto colon = what.find(": ", what.find("error"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::optional<std::string> first_bad_string(const Json& value, const std::string& path, int depth) {
  auto check = [&](const std::string& text, const std::string& at) -> std::optional<std::string> {
    if (auto offset = invalid_utf8_at(text)) return (at.empty() ? std::string("text") : at) + ": " + describe_invalid_utf8(text, *offset);
    return std::nullopt;
  };
  if (depth > 32) return path + ": nested too deep";
  if (value.is_string()) return check(value.get_ref<const std::string&>(), path);
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (auto bad = check(key, path.empty() ? "a key" : path + ": a key")) return bad;
      if (auto bad = first_bad_string(item, path.empty() ? key : path + "." + key, depth + 1)) return bad;
    }
  } else if (value.is_array()) {
    for (std::size_t index = 0; index < value.size(); ++index) {
      if (auto bad = first_bad_string(value[index], path + "[" + std::to_string(index) + "]", depth + 1)) return bad;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<Json> parse_json_input(std::string_view text, const std::string& where, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error::bad_input(where + ": too large (" + std::to_string(text.size()) + " bytes; at most " +
                            std::to_string(limits.max_bytes) + ")");
  }
  if (auto offset = invalid_utf8_at(text)) return Error::bad_input(where + ": " + describe_invalid_utf8(text, *offset));
  if (auto problem = scan_structure(text, where, limits)) return Error::bad_input(*problem);
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& error) {
    const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    return Error::bad_input(located(where, text, offset, "invalid JSON: " + plain_reason(error.what())));
  } catch (const Json::exception& error) {
    return Error::bad_input(where + ": invalid JSON: " + plain_reason(error.what()));
  }
}

std::string describe_json_value(const Json& value) {
  switch (value.type()) {
    case Json::value_t::array: return "a list";
    case Json::value_t::object: return "an object";
    case Json::value_t::string: {
      const std::string& text = value.get_ref<const std::string&>();
      if (text.size() <= 40 && !invalid_utf8_at(text)) return value.dump();
      std::string cut = text.substr(0, 40);
      while (!cut.empty() && invalid_utf8_at(cut)) cut.pop_back();  // never split a character
      return Json(cut).dump() + "...";
    }
    default: return value.dump();
  }
}

Result<Ok> check_json_strings(const Json& value, const std::string& where) {
  if (auto bad = first_bad_string(value, "", 0)) return Error::bad_input(where + ": " + *bad);
  return Ok{};
}

}  // namespace unknot::contract
