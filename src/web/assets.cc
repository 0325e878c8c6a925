#include "web/assets.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace unknot::web {

std::string_view embedded_asset(std::string_view url_path) {
  const std::string wanted = "web/" + std::string(url_path);
  for (const content::EmbeddedFile& file : embedded_assets()) {
    if (file.path == wanted) return file.bytes;
  }
  return {};
}

const std::string& assets_build_id() {
  static const std::string id = [] {
    // FNV-1a (64 bit): stable across runs and machines, unlike std::hash.
    std::uint64_t hash = 14695981039346656037ULL;
    auto mix = [&](std::string_view bytes) {
      for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
      }
      hash ^= 0xff;  // a separator, so "ab"+"c" and "a"+"bc" differ
      hash *= 1099511628211ULL;
    };
    for (const auto* table : {&embedded_assets(), &content::embedded_files()}) {
      for (const content::EmbeddedFile& file : *table) {
        mix(file.path);
        mix(file.bytes);
      }
    }
    return fmt::format("{:016x}", hash);
  }();
  return id;
}

}  // namespace unknot::web
