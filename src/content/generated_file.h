// Writing the C++ files the build generates (unknot_compile_content's catalogue,
// unknot_compile_schema's schema tables).
#pragma once

#include <string>

namespace unknot::content {

// Writes `text` to `path` unless it already holds exactly that, so an unchanged input does not
// recompile what includes it. The new text goes to PATH.tmp first and is renamed over `path`,
// so a failed write never leaves half a file. False when it cannot be written.
bool write_if_changed(const std::string& path, const std::string& text);

}  // namespace unknot::content
