// unknot_compile_schema: the build step that compiles the intake schema into the constant
// tables the quick schema check reads (contract/schema_rules.h).
//
//   unknot_compile_schema SCHEMA.json OUT.cc
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "contract/schema_rules.h"

namespace {

// Writes `text` to `path` unless it already holds exactly that (no needless recompiles).
bool write_if_changed(const std::string& path, const std::string& text) {
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream old;
    old << in.rdbuf();
    if (in && old.str() == text) return true;
  }
  const std::string temporary = path + ".tmp";
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return out && std::rename(temporary.c_str(), path.c_str()) == 0;
}

}  // namespace

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
  if (!write_if_changed(argv[2], unknot::contract::schema_rules_cxx_source(rules, "compiled_intake_schema_rules"))) {
    std::cerr << argv[2] << ": cannot write\n";
    return 1;
  }
  return 0;
}
