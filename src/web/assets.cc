#include "web/assets.h"

#include <string>

namespace unknot::web {

std::string_view embedded_asset(std::string_view url_path) {
  const std::string wanted = "web/" + std::string(url_path);
  for (const content::EmbeddedFile& file : embedded_assets()) {
    if (file.path == wanted) return file.bytes;
  }
  return {};
}

}  // namespace unknot::web
