// libFuzzer target: one diary line (an import line, `POST /api/diary`, a stored row). An
// accepted entry must come back identical from its canonical JSON, and make a CSV row.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "contract/diary_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto entry = unknot::contract::parse_diary_entry(text, "fuzz:1");
  if (!entry) return 0;
  auto again = unknot::contract::parse_diary_entry(unknot::contract::diary_entry_to_json_text(*entry), "round trip");
  if (!again || !(*again == *entry)) std::abort();
  (void)unknot::contract::diary_entry_to_csv_row(*entry);
  return 0;
}
