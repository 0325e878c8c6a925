#include "cli/cli_help.h"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include "cli/cli_docs.h"

namespace unknot::cli {
namespace {

// A small tree shaped like unknot's: global options on the program, groups with subcommands.
struct Tree {
  CLI::App app{"test program", "unknot"};
  std::optional<std::string> data_dir;
  int value = 0;
  std::string as_of;
  CLI::App* log = nullptr;
  CLI::App* pain = nullptr;
  CLI::App* review = nullptr;
  Tree() {
    app.fallthrough();
    app.add_option("--data-dir", data_dir, "Where your data lives")->type_name("DIR");
    log = app.add_subcommand("log", "Add to your diary");
    log->require_subcommand(1);
    pain = log->add_subcommand("pain", "Pain now");
    pain->add_option("N", value, "0-10")->required();
    review = app.add_subcommand("review", "How it is going");
    review->add_option("--as-of", as_of, "As of this date")->type_name("DATE");
    app.add_option("--hidden", as_of, "not for people")->group("");
  }
  // Parses `words` and returns what describe_parse_error says about the error it throws.
  std::string error_for(const std::vector<std::string>& words) {
    std::vector<std::string> reversed(words.rbegin(), words.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& error) {
      CLI::App* where = &app;
      while (!where->get_subcommands().empty()) where = where->get_subcommands().front();
      return describe_parse_error(error, *where, words);
    }
    return "(parsed)";
  }
};

TEST(CliHelp, ClosestNameAllowsATypoNotAnyWord) {
  EXPECT_EQ("review", closest_name("revew", {"start", "review", "plan"}));
  EXPECT_EQ("review", closest_name("reivew", {"start", "review", "plan"}));
  EXPECT_EQ("--as-of", closest_name("--as-off", {"--as-of", "--json"}));
  EXPECT_FALSE(closest_name("banana", {"start", "review", "plan"}));
}

TEST(CliHelp, HelpShowsTheFullPathAndTheGlobalOptions) {
  Tree tree;
  const std::string help = render_help(*tree.pain, 80);
  EXPECT_EQ(0u, help.find("Usage: unknot log pain [OPTIONS] N\n")) << help;
  EXPECT_NE(std::string::npos, help.find("Global options")) << help;
  EXPECT_NE(std::string::npos, help.find("--data-dir DIR")) << help;
  EXPECT_EQ(std::string::npos, help.find("--hidden")) << help;
  EXPECT_EQ("unknot log pain", command_path(*tree.pain));
}

TEST(CliHelp, ParseErrorsArePlainSentencesWithSuggestions) {
  EXPECT_EQ("'revew' is not a command of unknot. Did you mean `unknot review`? `unknot --help` lists them.",
            Tree().error_for({"revew"}));
  EXPECT_NE(std::string::npos, Tree().error_for({"review", "--as-off", "x"}).find("Did you mean --as-of?"));
  const std::string conversion = Tree().error_for({"log", "pain", "five"});
  EXPECT_NE(std::string::npos, conversion.find("N should be a number, not 'five'")) << conversion;
  const std::string twice = Tree().error_for({"--data-dir", "a", "--data-dir", "b", "review"});
  EXPECT_EQ("--data-dir was given 2 times; give it once.", twice);
  EXPECT_NE(std::string::npos, Tree().error_for({"log", "pain"}).find("unknot log pain needs N"));
  const std::string stray = Tree().error_for({"log", "pian", "3"});
  EXPECT_NE(std::string::npos, stray.find("Did you mean `unknot log pain`?")) << stray;
}

TEST(CliDocs, EveryCommandIsInTheManPagesAndCompletions) {
  Tree tree;
  const auto pages = manual_pages(tree.app, "1.2.3");
  ASSERT_EQ(1u, pages.count("unknot.1"));
  ASSERT_EQ(1u, pages.count("unknot-log.1"));
  ASSERT_EQ(1u, pages.count("unknot-review.1"));
  EXPECT_NE(std::string::npos, pages.at("unknot-log.1").find(".B unknot log pain"));
  EXPECT_NE(std::string::npos, pages.at("unknot.1").find("\\-\\-data\\-dir DIR"));
  for (Shell shell : {Shell::kBash, Shell::kZsh, Shell::kFish}) {
    const std::string script = completion_script(tree.app, shell);
    for (const char* word : {"log", "pain", "review", "as-of", "data-dir"}) {
      EXPECT_NE(std::string::npos, script.find(word)) << word;
    }
    EXPECT_EQ(std::string::npos, script.find("hidden"));
  }
}

}  // namespace
}  // namespace unknot::cli
