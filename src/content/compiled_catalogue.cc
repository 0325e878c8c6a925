#include "content/compiled_catalogue.h"

#include "content/catalogue_codec.h"
#include "content/content_loader.h"

namespace unknot::content {

Result<Catalogue> load_embedded_catalogue() { return decode_catalogue(compiled_catalogue_bytes()); }

Result<const Catalogue*> shared_embedded_catalogue() {
  static const Result<Catalogue>* const decoded = new Result<Catalogue>(load_embedded_catalogue());
  if (!*decoded) return decoded->error();
  return &**decoded;
}

Result<Catalogue> load_catalogue(const std::optional<std::string>& directory) {
  return directory ? load_catalogue_from_directory(*directory) : load_embedded_catalogue();
}

}  // namespace unknot::content
