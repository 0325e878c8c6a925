// Entry point: hands the arguments and the real terminal to cli::run.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  unknot::cli::Io io{std::cin, std::cout, std::cerr, unknot::cli::detect_style(stdout),
                     unknot::cli::stdin_is_terminal(),
                     unknot::cli::stdin_is_terminal() && isatty(STDOUT_FILENO) == 1};
  return unknot::cli::run(args, io);
}
