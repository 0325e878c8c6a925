// Checks on raw text before anything parses it: is it UTF-8, and where (line and column) a
// byte sits. Every boundary (JSON in, YAML content, command-line words, form values) refuses
// invalid UTF-8 here, first, because the libraries behind it either abort on it (nlohmann's
// dump throws) or pass it on to pages and files.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace unknot {

// The byte offset of the first byte that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are ill-formed); nullopt when
// the whole text is valid.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

// The line and column of byte `offset` in `text`.
TextPosition position_of(std::string_view text, std::size_t offset);

// "invalid UTF-8 at line L, column C (byte 0xFF)": the one wording every boundary uses.
std::string describe_invalid_utf8(std::string_view text, std::size_t offset);

}  // namespace unknot
