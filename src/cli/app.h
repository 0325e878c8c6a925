// unknot's command line: every command, its options and its output, over injectable
// streams so tests run it in-process. main() only forwards here.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/terminal.h"

namespace unknot::cli {

struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  TerminalStyle style;
  bool interactive = false;  // standard input is a terminal a person can answer at
  bool full_screen = false;  // standard input and output are both terminals (full-screen coach)
};

// Runs `unknot args...` (args without the program name) and returns the exit code:
// 0 success, 2 bad input, 1 any other failure (../shared/spec/README.md).
int run(const std::vector<std::string>& args, Io& io);

}  // namespace unknot::cli
