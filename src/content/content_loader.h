// Loads and validates the knowledge base (docs/content-format.md) into a core::Catalogue.
// The only module that includes yaml-cpp; at run time only `--content-dir` comes here, the
// embedded knowledge base is compiled at build time (compiled_catalogue.h). Every mistake is
// reported as one line, "FILE:LINE:COL: message", as a kBadInput error (exit code 2); loading
// stops at the first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/result.h"

namespace unknot::content {

struct ContentFile {
  std::string path;          // relative to the content root: "sources.yaml", "techniques/x.yaml"
  std::string display_name;  // what error messages call it
  std::string text;
};

// Parses and cross-checks a complete set of content files.
Result<Catalogue> load_catalogue(const std::vector<ContentFile>& files);

// The knowledge base compiled into the binary: built from the YAML by this loader at build
// time (compile_content.cc) and read back without parsing (compiled_catalogue.cc).
Result<Catalogue> load_embedded_catalogue();

// The same, decoded once per process on first use (thread-safe) and never freed: a short
// command ends without walking the knowledge base's thousands of strings to free them (about
// as many instructions as decoding them), and every Workspace of the web app shares one copy.
Result<const Catalogue*> shared_embedded_catalogue();

// The YAML files embedded in the binary (content/**.yaml), parsed and checked now: what the
// build compiles, and what compiled_catalogue_test compares the compiled catalogue with.
Result<Catalogue> load_embedded_yaml_catalogue();

// Reads every *.yaml under `directory` (same layout as content/), then loads it.
Result<Catalogue> load_catalogue_from_directory(const std::string& directory);

// The embedded catalogue, or the one in `directory` when given (`--content-dir`).
Result<Catalogue> load_catalogue(const std::optional<std::string>& directory);

}  // namespace unknot::content
