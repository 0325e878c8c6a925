#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace unknot::cli {

std::string TerminalStyle::wrap_sgr(const char* code, std::string_view text) const {
  if (!color) return std::string(text);
  return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
}

TerminalStyle detect_style(std::FILE* stream) {
  TerminalStyle style;
  const int fd = ::fileno(stream);
  const bool is_terminal = ::isatty(fd) == 1;
  int width = 0;
  winsize size{};
  if (is_terminal && ::ioctl(fd, TIOCGWINSZ, &size) == 0) width = size.ws_col;
  if (width <= 0) {
    if (const char* columns = std::getenv("COLUMNS")) width = std::atoi(columns);
  }
  if (width <= 0) width = 80;
  style.width = std::clamp(width, 40, 100);
  style.color = is_terminal && color_allowed();
  style.unicode = locale_is_utf8();
  return style;
}

bool color_allowed() {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
}

bool locale_is_utf8() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (!value || !*value) continue;
    std::string lower(value);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
  }
  return false;
}

// One pass over `text`, appending to one string: the plan alone wraps a hundred paragraphs, and
// splitting them with an istringstream (a stream, its locale and a string per word) was most
// of rendering it. Words are split at the characters `>>` skips in the classic locale.
std::string wrap(std::string_view text, int width, std::string_view first_prefix,
                 std::string_view rest_prefix) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  std::string out;
  out.reserve(first_prefix.size() + text.size() + text.size() / 16 * (rest_prefix.size() + 1) + 1);
  out.append(first_prefix);
  std::size_t line_start = 0;               // where the current line begins in `out`
  std::size_t prefix_size = first_prefix.size();
  std::size_t next = 0;
  while (true) {
    while (next < text.size() && is_space(text[next])) ++next;
    if (next == text.size()) break;
    std::size_t end = next;
    while (end < text.size() && !is_space(text[end])) ++end;
    const std::string_view word = text.substr(next, end - next);
    next = end;
    const std::size_t line_size = out.size() - line_start;
    if (line_size != prefix_size && static_cast<int>(line_size + 1 + word.size()) > width) {
      out += '\n';
      line_start = out.size();
      out.append(rest_prefix);
      prefix_size = rest_prefix.size();
    }
    if (out.size() - line_start != prefix_size) out += ' ';
    out.append(word);
  }
  out += '\n';
  return out;
}

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

}  // namespace unknot::cli
