#include "storage/facts_snapshot.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace unknot::storage {
namespace {

// The packed facts of a row (the packed_facts column): an entry's EntryFacts but its names, in
// one non-negative integer. An on-disk format: append to the tables, never reorder them.
//   bits 0-2 type, 3-5 pain context, 6-7 break outcome (0 none, else 1 + its place),
//   8 a strength session, 9-12 nprs and 13-16 pain during (0 none, else 1 + the reading),
//   17-18 completed (0 none, 1 false, 2 true), 19-35 1 + the second of the day (0: a date
//   alone), 36-59 the day number + 2^22.
constexpr EntryType kPackedTypes[] = {EntryType::kPain,    EntryType::kSession, EntryType::kTrigger,
                                      EntryType::kSymptom, EntryType::kNote,    EntryType::kBreak};
constexpr PainContext kPackedContexts[] = {PainContext::kNone,           PainContext::kMorning,
                                           PainContext::kNextMorning,    PainContext::kEvening,
                                           PainContext::kDuringExercise, PainContext::kAfterSession,
                                           PainContext::kOther};
constexpr BreakOutcome kPackedOutcomes[] = {BreakOutcome::kDone, BreakOutcome::kSnoozed, BreakOutcome::kSkipped};
constexpr long long kPackedDayOffset = 1LL << 22;

template <typename T, std::size_t N>
std::uint64_t place_in(const T (&table)[N], T value) {
  return static_cast<std::uint64_t>(std::find(table, table + N, value) - table);
}

// Format (little-endian): u32 "UKF1" magic; u32 name count, then each name as u32 length and
// its bytes; u32 item count, then each item as u32 place in the names; u32 entry count, then
// each entry as u64 packed facts (pack_facts()), u32 trigger (place in the names, or
// EntryFacts::kNoName), u32 first item, u32 item count. An on-disk format: a change is a new
// magic.
constexpr std::uint32_t kSnapshotMagic = 0x31464b55;  // "UKF1"

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

void put_u64(std::string& out, std::uint64_t value) {
  put_u32(out, static_cast<std::uint32_t>(value));
  put_u32(out, static_cast<std::uint32_t>(value >> 32));
}

}  // namespace

std::int64_t pack_facts(const EntryFacts& facts) {
  auto reading = [](const std::optional<std::int8_t>& value) -> std::uint64_t { return value ? 1 + *value : 0; };
  const std::uint64_t code =
      place_in(kPackedTypes, facts.type) | place_in(kPackedContexts, facts.context) << 3 |
      (facts.outcome ? 1 + place_in(kPackedOutcomes, *facts.outcome) : 0) << 6 |
      std::uint64_t{facts.strength_session} << 8 | reading(facts.nprs) << 9 | reading(facts.pain_during) << 13 |
      (facts.completed ? (*facts.completed ? 2 : 1) : 0) << 17 | static_cast<std::uint64_t>(facts.second + 1) << 19 |
      static_cast<std::uint64_t>(facts.day + kPackedDayOffset) << 36;
  return static_cast<std::int64_t>(code);
}

bool unpack_facts_into(std::int64_t code, EntryFacts& facts) {
  if (code < 0 || (code >> 60) != 0) return false;
  auto bits = [&](int from, int count) { return static_cast<std::size_t>((code >> from) & ((1LL << count) - 1)); };
  const std::size_t type = bits(0, 3), context = bits(3, 3), outcome = bits(6, 2), nprs = bits(9, 4),
                    pain_during = bits(13, 4), completed = bits(17, 2), second = bits(19, 17);
  if (type >= std::size(kPackedTypes) || context >= std::size(kPackedContexts) || nprs > 11 || pain_during > 11 ||
      completed > 2 || second > 86400) {
    return false;
  }
  facts.type = kPackedTypes[type];
  facts.context = kPackedContexts[context];
  facts.outcome = outcome > 0 ? std::optional<BreakOutcome>(kPackedOutcomes[outcome - 1]) : std::nullopt;
  facts.strength_session = bits(8, 1) == 1;
  facts.nprs = nprs > 0 ? std::optional<std::int8_t>(static_cast<std::int8_t>(nprs - 1)) : std::nullopt;
  facts.pain_during =
      pain_during > 0 ? std::optional<std::int8_t>(static_cast<std::int8_t>(pain_during - 1)) : std::nullopt;
  facts.completed = completed > 0 ? std::optional<bool>(completed == 2) : std::nullopt;
  facts.second = static_cast<int>(second) - 1;
  facts.day = static_cast<int>(static_cast<long long>(bits(36, 24)) - kPackedDayOffset);
  return true;
}

std::optional<EntryFacts> unpack_facts(std::int64_t code) {
  EntryFacts facts;
  if (!unpack_facts_into(code, facts)) return std::nullopt;
  return facts;
}

std::string encode_facts_snapshot(const DiaryFacts& diary) {
  std::string out;
  std::size_t names_size = 0;
  for (const std::string& name : diary.names) names_size += 4 + name.size();
  out.reserve(16 + names_size + 4 * diary.items.size() + 20 * diary.entries.size());
  put_u32(out, kSnapshotMagic);
  put_u32(out, static_cast<std::uint32_t>(diary.names.size()));
  for (const std::string& name : diary.names) {
    put_u32(out, static_cast<std::uint32_t>(name.size()));
    out += name;
  }
  put_u32(out, static_cast<std::uint32_t>(diary.items.size()));
  for (std::uint32_t item : diary.items) put_u32(out, item);
  put_u32(out, static_cast<std::uint32_t>(diary.entries.size()));
  for (const EntryFacts& entry : diary.entries) {
    put_u64(out, static_cast<std::uint64_t>(pack_facts(entry)));
    put_u32(out, entry.trigger);
    put_u32(out, entry.first_item);
    put_u32(out, entry.item_count);
  }
  return out;
}

namespace {

// Little-endian loads from bytes that are known to be there.
inline std::uint32_t load_u32(const unsigned char* bytes) {
  std::uint32_t value;
  std::memcpy(&value, bytes, sizeof value);
  if constexpr (std::endian::native == std::endian::big) value = __builtin_bswap32(value);
  return value;
}
inline std::uint64_t load_u64(const unsigned char* bytes) {
  return std::uint64_t{load_u32(bytes)} | std::uint64_t{load_u32(bytes + 4)} << 32;
}

// Reads a snapshot's bytes in order through a small buffer, from `read`. Reading past the
// end marks it bad.
class SnapshotReader {
 public:
  SnapshotReader(std::size_t size, const SnapshotBytes& read) : read_(read), size_(size) {}
  bool good() const { return good_; }
  std::size_t left() const { return size_ - taken_; }
  // Copies the next `size` bytes to `out`; false (and bad) when they are not all there.
  bool read(void* out, std::size_t size) {
    if (!good_ || size > left()) return good_ = false;
    auto* to = static_cast<unsigned char*>(out);
    taken_ += size;
    while (size > 0) {
      if (at_ == filled_ && !refill()) return good_ = false;
      const std::size_t part = std::min(size, filled_ - at_);
      std::memcpy(to, buffer_ + at_, part);
      at_ += part;
      to += part;
      size -= part;
    }
    return true;
  }
  std::uint32_t u32() {
    unsigned char bytes[4];
    return read(bytes, 4) ? load_u32(bytes) : 0;
  }

 private:
  bool refill() {
    const std::size_t offset = read_from_source_;
    const std::size_t part = std::min(sizeof buffer_, size_ - offset);
    if (part == 0 || !read_(buffer_, part, offset)) return false;
    read_from_source_ += part;
    at_ = 0;
    filled_ = part;
    return true;
  }
  const SnapshotBytes& read_;
  std::size_t size_;
  std::size_t taken_ = 0;             // bytes given out
  std::size_t read_from_source_ = 0;  // bytes read into the buffer so far
  std::size_t at_ = 0, filled_ = 0;
  bool good_ = true;
  unsigned char buffer_[16384];
};

}  // namespace

bool decode_facts_snapshot(std::size_t size, const SnapshotBytes& read, DiaryFacts& diary) {
  SnapshotReader in(size, read);
  auto fail = [&] {
    diary.entries.clear();
    diary.names.clear();
    diary.items.clear();
    return false;
  };
  if (in.u32() != kSnapshotMagic) return fail();
  const std::uint32_t name_count = in.u32();
  if (!in.good() || name_count > in.left() / 4) return fail();
  diary.names.reserve(name_count);
  for (std::uint32_t index = 0; index < name_count; ++index) {
    const std::uint32_t size = in.u32();
    if (!in.good() || size > in.left()) return fail();
    std::string& name = diary.names.emplace_back(size, '\0');
    if (!in.read(name.data(), size)) return fail();
  }
  const std::uint32_t item_count = in.u32();
  if (!in.good() || item_count > in.left() / 4) return fail();
  diary.items.resize(item_count);
  for (std::uint32_t& item : diary.items) {
    item = in.u32();
    if (item >= name_count) return fail();
  }
  const std::uint32_t entry_count = in.u32();
  if (!in.good() || in.left() != std::uint64_t{entry_count} * 20) return fail();
  // Written in place: ten years of entries are the one large thing a review holds.
  diary.entries.resize(entry_count);
  constexpr std::uint32_t kBlock = 512;  // records read at a time
  unsigned char block[20 * kBlock];
  for (std::uint32_t index = 0; index < entry_count; ++index) {
    const std::uint32_t in_block = index % kBlock;
    if (in_block == 0 && !in.read(block, 20 * std::size_t{std::min(kBlock, entry_count - index)})) return fail();
    const unsigned char* record = block + 20 * std::size_t{in_block};
    EntryFacts& entry = diary.entries[index];
    if (!unpack_facts_into(static_cast<std::int64_t>(load_u64(record)), entry)) return fail();
    entry.trigger = load_u32(record + 8);
    entry.first_item = load_u32(record + 12);
    entry.item_count = load_u32(record + 16);
    if ((entry.trigger != EntryFacts::kNoName && entry.trigger >= name_count) ||
        std::uint64_t{entry.first_item} + entry.item_count > item_count ||
        (index > 0 && earlier(entry, diary.entries[index - 1]))) {
      return fail();
    }
  }
  return true;
}

bool decode_facts_snapshot(std::string_view bytes, DiaryFacts& diary) {
  return decode_facts_snapshot(bytes.size(), [&](unsigned char* out, std::size_t size, std::size_t offset) {
    std::memcpy(out, bytes.data() + offset, size);
    return true;
  }, diary);
}

}  // namespace unknot::storage
