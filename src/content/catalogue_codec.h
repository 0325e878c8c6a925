// The knowledge base in a compact binary form, so the binary can carry the catalogue the
// YAML loader built at build time and rebuild it at start-up without parsing YAML
// (tools: src/content/compile_content.cc writes it; compiled_catalogue.cc reads it).
// The form is private to one build: the same program writes and reads it, so it carries a
// format number only to catch a mismatched build, never to stay compatible across versions.
#pragma once

#include <string>
#include <string_view>

#include "core/catalogue.h"
#include "core/result.h"

namespace unknot::content {

// Every field of `catalogue`, in a fixed order.
std::string encode_catalogue(const Catalogue& catalogue);

// The catalogue `encode_catalogue` wrote. Bytes it did not write (truncated, another format
// number, an unknown kind or position) are a kFailure naming the byte offset: a build fault.
Result<Catalogue> decode_catalogue(std::string_view bytes);

}  // namespace unknot::content
