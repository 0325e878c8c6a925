#include "core/text_check.h"

#include <cstdio>

namespace unknot {

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t index = 0;
  while (index < size) {
    const unsigned char lead = bytes[index];
    if (lead < 0x80) {
      ++index;
      continue;
    }
    // The table of well-formed sequences, Unicode 15 section 3.9, table 3-7: the allowed
    // range of the second byte depends on the first (no overlongs, no surrogates, <= U+10FFFF).
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3, low = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = 3;
    } else if (lead == 0xED) {
      length = 3, high = 0x9F;
    } else if (lead == 0xF0) {
      length = 4, low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4, high = 0x8F;
    } else {
      return index;
    }
    if (index + length > size) return index;
    if (bytes[index + 1] < low || bytes[index + 1] > high) return index;
    for (std::size_t next = 2; next < length; ++next) {
      if (bytes[index + next] < 0x80 || bytes[index + next] > 0xBF) return index;
    }
    index += length;
  }
  return std::nullopt;
}

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition position;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t index = 0; index < end; ++index) {
    if (text[index] == '\n') {
      ++position.line;
      position.column = 1;
    } else {
      ++position.column;
    }
  }
  return position;
}

std::string describe_invalid_utf8(std::string_view text, std::size_t offset) {
  const TextPosition position = position_of(text, offset);
  char byte[8] = "";
  if (offset < text.size()) std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[offset]));
  return "invalid UTF-8 at line " + std::to_string(position.line) + ", column " + std::to_string(position.column) +
         (offset < text.size() ? std::string(" (byte ") + byte + ")" : std::string()) +
         "; save the text as UTF-8";
}

}  // namespace unknot
