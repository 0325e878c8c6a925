#include "cli/terminal.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>

namespace unknot::cli {
namespace {

TEST(Terminal, WrapsAtWidthWithPrefixes) {
  EXPECT_EQ("- one two\n  three\n", wrap("one two three", 10, "- ", "  "));
  EXPECT_EQ("short\n", wrap("short", 10));
  // A word longer than the line stays whole rather than being cut.
  EXPECT_EQ("abcdefghijkl\nx\n", wrap("abcdefghijkl x", 10));
}

// wrap as it was written first, with a stream splitting the words: the one-pass wrap must
// give the same lines for any text, width and prefixes.
std::string wrap_with_a_stream(std::string_view text, int width, std::string_view first_prefix,
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

TEST(Terminal, WrapGivesTheSameLinesAsSplittingWithAStream) {
  std::mt19937 random(16);
  const std::string letters = "ab  \t\n\r\v\f\xc3\xa9-.";  // spaces of every kind, and UTF-8
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 120);
    for (int i = 0; i < length; ++i) text += letters[random() % letters.size()];
    const int width = static_cast<int>(random() % 30) - 2;
    const std::string first(random() % 6, '-'), rest(random() % 6, ' ');
    ASSERT_EQ(wrap_with_a_stream(text, width, first, rest), wrap(text, width, first, rest))
        << "text '" << text << "' width " << width << " prefixes '" << first << "' '" << rest << "'";
  }
}

TEST(Terminal, NoColourMeansPlainText) {
  TerminalStyle plain{80, false};
  EXPECT_EQ("hi", plain.bold("hi"));
  TerminalStyle colour{80, true};
  EXPECT_EQ("\033[1mhi\033[0m", colour.bold("hi"));
}

}  // namespace
}  // namespace unknot::cli
