#include "cli/terminal.h"

#include <gtest/gtest.h>

namespace unknot::cli {
namespace {

TEST(Terminal, WrapsAtWidthWithPrefixes) {
  EXPECT_EQ("- one two\n  three\n", wrap("one two three", 10, "- ", "  "));
  EXPECT_EQ("short\n", wrap("short", 10));
  // A word longer than the line stays whole rather than being cut.
  EXPECT_EQ("abcdefghijkl\nx\n", wrap("abcdefghijkl x", 10));
}

TEST(Terminal, NoColourMeansPlainText) {
  TerminalStyle plain{80, false};
  EXPECT_EQ("hi", plain.bold("hi"));
  TerminalStyle colour{80, true};
  EXPECT_EQ("\033[1mhi\033[0m", colour.bold("hi"));
}

}  // namespace
}  // namespace unknot::cli
