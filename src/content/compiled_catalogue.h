// The knowledge base compiled at build time: the build runs the YAML loader over content/
// (unknot_compile_content, src/content/compile_content.cc; a broken file fails the build
// with the loader's message) and embeds the result in catalogue_codec's binary form, which
// load_embedded_catalogue() (content_loader.h) reads back in microseconds, without yaml-cpp.
#pragma once

#include <string_view>

namespace unknot::content {

// The encoded catalogue (catalogue_codec.h), defined in the generated compiled_catalogue.cc.
std::string_view compiled_catalogue_bytes();

}  // namespace unknot::content
