// The one door for JSON that comes from outside (an intake file or request body, a diary line
// from an import, the web API or the store). Before nlohmann sees the text it checks, cheaply
// and without recursion: the size, invalid UTF-8, the nesting depth, the number of items in
// one list or object, and numbers too large for a double (naming the key). Then it parses,
// turning every nlohmann exception into kBadInput. Messages name the source, and line and
// column where there is one, and never quote more than a short piece of the value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace unknot::contract {

struct JsonLimits {
  std::size_t max_bytes;
  int max_depth;          // nesting of lists and objects; the top-level value is depth 1
  std::size_t max_items;  // entries in any one list or object
};

// An intake is a few hundred bytes, three levels deep, lists of at most a few dozen names.
inline constexpr JsonLimits kIntakeLimits{64 * 1024, 8, 256};
// One diary line: a note can be long, a session lists its items.
inline constexpr JsonLimits kDiaryLineLimits{64 * 1024, 6, 256};

// Parses `text` as one JSON document within `limits`. Errors are kBadInput, "WHERE: ..." or
// "WHERE:LINE:COLUMN: ...".
Result<nlohmann::json> parse_json_input(std::string_view text, const std::string& where, const JsonLimits& limits);

// A value for an error message: scalars as JSON (strings cut at 40 characters), lists and
// objects by kind only, so a message never dumps a huge or deep value.
std::string describe_json_value(const nlohmann::json& value);

// Refuses invalid UTF-8 in every string (keys too) of a value built from outside pieces (form
// fields, command-line words) before it is dumped: nlohmann's dump() throws on it.
// `where` prefixes the message.
Result<Ok> check_json_strings(const nlohmann::json& value, const std::string& where);

}  // namespace unknot::contract
