#include "web/qr.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace unknot::web {

std::string qr_text(std::string_view text, bool ascii) {
  const std::string data(text);
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                  QRcode_free);
  if (!code) return "";
  constexpr int kQuiet = 2;  // modules of light border; readers want some
  const int width = code->width;
  const int size = width + 2 * kQuiet;
  // Dark module at (x, y) of the bordered square.
  auto dark = [&](int x, int y) {
    x -= kQuiet;
    y -= kQuiet;
    if (x < 0 || y < 0 || x >= width || y >= width) return false;
    return (code->data[y * width + x] & 1) != 0;
  };
  std::string out;
  if (ascii) {
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) out += dark(x, y) ? "  " : "##";
      out += '\n';
    }
    return out;
  }
  for (int y = 0; y < size; y += 2) {
    for (int x = 0; x < size; ++x) {
      const bool top = !dark(x, y);
      const bool bottom = y + 1 < size && !dark(x, y + 1);
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += '\n';
  }
  return out;
}

}  // namespace unknot::web
