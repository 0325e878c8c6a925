// A QR code drawn with text, for the pairing link `unknot serve` prints: a phone's camera
// reads it off the terminal. libqrencode makes the code; this only draws it.
#pragma once

#include <string>
#include <string_view>

namespace unknot::web {

// `text` as a QR code in lines of Unicode half blocks (two modules a character cell, light
// modules drawn, so it reads on the usual dark terminal), with the quiet zone around it.
// With `ascii`, "##" and spaces instead, for terminals without UTF-8 (bigger, same code).
// "" when the text is too long for a QR code.
std::string qr_text(std::string_view text, bool ascii);

}  // namespace unknot::web
