// libFuzzer target: an intake document (the `--intake FILE` and `POST /api/intake` path).
// Whatever the bytes, parse_intake returns a Result; an intake it accepts must survive a
// round trip through the canonical text unchanged.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "contract/intake_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto intake = unknot::contract::parse_intake(text, "fuzz");
  if (!intake) return 0;
  auto again = unknot::contract::parse_intake(unknot::contract::intake_to_json_text(*intake), "round trip");
  if (!again) std::abort();
  return 0;
}
