// The diary's facts on disk, in two forms the store keeps beside its rows: one row's facts but
// its names packed in one integer (the `packed_facts` column, schema 3), and the facts of many
// rows in one blob (the facts snapshot, schema 4: names, sessions' items and each entry's
// packed facts). Both are on-disk formats, so their layouts are fixed here and pinned by
// tests; a change is a new migration (or, for the snapshot, a new magic). Decoding takes bytes
// that another program or a damaged disk may have written: it checks every count and place
// before using it and never reads past what it was given (a fuzz target walks it). Pure: the
// store hands over the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/diary_facts.h"

namespace unknot::storage {

// The facts of an entry but its names (trigger, items), in one non-negative integer.
std::int64_t pack_facts(const EntryFacts& facts);
// Puts the facts packed in `code` into `facts`, leaving its names as they are; false, with
// `facts` partly written, when `code` is not a packing of facts.
bool unpack_facts_into(std::int64_t code, EntryFacts& facts);
// The facts packed in `code` (names left out); nullopt when it is not a packing of facts.
std::optional<EntryFacts> unpack_facts(std::int64_t code);

// The snapshot of `diary`, whose entries are in time order (earlier()).
std::string encode_facts_snapshot(const DiaryFacts& diary);

// Copies `size` bytes of the snapshot from `offset` to `out`; false when it cannot.
using SnapshotBytes = std::function<bool(unsigned char* out, std::size_t size, std::size_t offset)>;

// The facts in a snapshot of `size` bytes read through `read` (a piece at a time: ten years
// are 280 KB, and copying them whole into fresh memory cost more than decoding them), added to
// `diary` (empty before). False, and `diary` left empty, when it is not a snapshot in this
// format or says something no diary could: a count past its size, a place past the names or
// items, a packing that does not unpack, entries out of time order, bytes left over.
bool decode_facts_snapshot(std::size_t size, const SnapshotBytes& read, DiaryFacts& diary);
// The same, from bytes in memory.
bool decode_facts_snapshot(std::string_view bytes, DiaryFacts& diary);

}  // namespace unknot::storage
