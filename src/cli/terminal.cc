#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

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

std::string wrap(std::string_view text, int width, std::string_view first_prefix,
                 std::string_view rest_prefix) {
  std::string out;
  std::string line(first_prefix);
  std::size_t line_start_length = line.size();
  std::istringstream words{std::string(text)};
  std::string word;
  while (words >> word) {
    const bool empty = line.size() == line_start_length;
    if (!empty && static_cast<int>(line.size() + 1 + word.size()) > width) {
      out += line + "\n";
      line = std::string(rest_prefix);
      line_start_length = line.size();
    }
    if (line.size() != line_start_length) line += ' ';
    line += word;
  }
  out += line + "\n";
  return out;
}

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

}  // namespace unknot::cli
