// Terminal facts and plain-text layout: width, whether to use colour, word wrapping.
// Colour is off when NO_COLOR is set, TERM is dumb, or the output is not a terminal.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace unknot::cli {

struct TerminalStyle {
  int width = 80;
  bool color = false;
  bool unicode = true;  // the locale is UTF-8: block characters and symbols can be drawn

  std::string bold(std::string_view text) const { return wrap_sgr("1", text); }
  std::string dim(std::string_view text) const { return wrap_sgr("2", text); }
  std::string red(std::string_view text) const { return wrap_sgr("1;31", text); }
  std::string yellow(std::string_view text) const { return wrap_sgr("33", text); }
  std::string green(std::string_view text) const { return wrap_sgr("32", text); }
  std::string cyan(std::string_view text) const { return wrap_sgr("36", text); }

 private:
  std::string wrap_sgr(const char* code, std::string_view text) const;
};

// Width from the terminal (or $COLUMNS, else 80), clamped to 40..100 for readability;
// colour when `stream` is a terminal and color_allowed().
TerminalStyle detect_style(std::FILE* stream);

// Whether the environment allows colour and bold: NO_COLOR unset or empty (no-color.org),
// and TERM is not "dumb".
bool color_allowed();

// Wraps `text` to `width` columns. The first line starts with `first_prefix`, later lines
// with `rest_prefix`; prefixes count toward the width. Words longer than a line are kept whole.
std::string wrap(std::string_view text, int width, std::string_view first_prefix = "",
                 std::string_view rest_prefix = "");

// Whether the locale says UTF-8 (the first set of LC_ALL, LC_CTYPE, LANG); otherwise
// full-screen drawing keeps to ASCII so it works in any terminal.
bool locale_is_utf8();

// Whether standard input is a terminal someone can answer at.
bool stdin_is_terminal();

}  // namespace unknot::cli
