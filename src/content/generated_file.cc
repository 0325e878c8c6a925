#include "content/generated_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace unknot::content {

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

}  // namespace unknot::content
