// libFuzzer target: the diary's facts snapshot (storage/facts_snapshot.h), bytes that another
// program or a damaged disk may have written into the diary's database. A snapshot that
// decodes must hold only places inside its own lists and entries in time order, and must come
// back the same from its own encoding; one that does not must leave nothing behind.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/facts_snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  unknot::DiaryFacts diary;
  if (!unknot::storage::decode_facts_snapshot(bytes, diary)) {
    if (!diary.entries.empty() || !diary.names.empty() || !diary.items.empty()) std::abort();
    return 0;
  }
  for (std::size_t index = 0; index < diary.entries.size(); ++index) {
    const unknot::EntryFacts& entry = diary.entries[index];
    if (entry.trigger != unknot::EntryFacts::kNoName && entry.trigger >= diary.names.size()) std::abort();
    for (std::uint32_t item : diary.items_of(entry)) {
      if (item >= diary.names.size()) std::abort();
    }
    if (index > 0 && unknot::earlier(entry, diary.entries[index - 1])) std::abort();
  }
  unknot::DiaryFacts again;
  if (!unknot::storage::decode_facts_snapshot(unknot::storage::encode_facts_snapshot(diary), again) ||
      !(again.entries == diary.entries) || again.names != diary.names || again.items != diary.items) {
    std::abort();
  }
  return 0;
}
