// libFuzzer target: the content loader with one YAML document replaced by the input (the
// `--content-dir` path). The rest of the knowledge base is the embedded one, so the input
// meets the full cross-checks. Any input must give a Result, never a crash or an exception.
#include <cstdint>
#include <string>
#include <vector>

#include "content/content_loader.h"
#include "content/embedded.h"

namespace {

std::vector<unknot::content::ContentFile> embedded_content() {
  std::vector<unknot::content::ContentFile> files;
  const std::string prefix = "content/";
  for (const unknot::content::EmbeddedFile& file : unknot::content::embedded_files()) {
    if (file.path.rfind(prefix, 0) != 0 || !file.path.ends_with(".yaml")) continue;
    files.push_back({std::string(file.path.substr(prefix.size())), std::string(file.path), std::string(file.bytes)});
  }
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<unknot::content::ContentFile> base = embedded_content();
  std::vector<unknot::content::ContentFile> files = base;
  // The first byte picks which file the rest replaces: a technique file, a topic, sources...
  if (size == 0 || files.empty()) return 0;
  unknot::content::ContentFile& replaced = files[data[0] % files.size()];
  replaced.text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)unknot::content::load_catalogue(files);
  return 0;
}
