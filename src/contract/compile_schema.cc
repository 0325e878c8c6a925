// unknot_compile_schema: the build step that compiles the intake schema into the constant
// tables the quick schema check reads (contract/schema_rules.h).
//
//   unknot_compile_schema SCHEMA.json OUT.cc
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "content/generated_file.h"
#include "contract/schema_rules.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: unknot_compile_schema SCHEMA.json OUT.cc\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json schema = nlohmann::json::parse(text.str(), nullptr, false);
  if (!in || schema.is_discarded()) {
    std::cerr << argv[1] << ": not readable JSON\n";
    return 2;
  }
  const auto rules = unknot::contract::compile_schema_rules(schema);
  const std::string source = unknot::contract::schema_rules_cxx_source(rules, "compiled_intake_schema_rules");
  if (!unknot::content::write_if_changed(argv[2], source)) {
    std::cerr << argv[2] << ": cannot write\n";
    return 1;
  }
  return 0;
}
