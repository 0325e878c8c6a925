// Files compiled into the binary at build time (cmake/embed.cmake): the knowledge base
// under content/ and the intake schema, keyed by their path in the source tree.
#pragma once

#include <string_view>
#include <vector>

namespace unknot::content {

struct EmbeddedFile {
  std::string_view path;  // e.g. "content/techniques/heat_cold.yaml"
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

// The bytes of one embedded file; empty when there is none at `path`.
std::string_view embedded_file(std::string_view path);

}  // namespace unknot::content
