// The memory `unknot`'s commands allocate first: one block, handed out front to back and never
// given back. A command like `unknot plan` makes about 5,000 small allocations (the knowledge
// base's strings, the plan, the text it prints) and exits a few milliseconds later; from
// malloc's heap each fresh 4 KB page costs a page fault, and in a virtual machine a fault costs
// 10-15 µs, more than everything else the command computes (docs/performance.md, "The start-up
// arena"). Served from one block backed by a single 2 MB huge page, the same allocations cost
// one fault and a few instructions each.
//
// BumpArena is the pure part (no system calls): where the next allocation goes, whether a
// pointer is the arena's. arena_new.cc, linked into the `unknot` program alone, reserves the
// block and routes the global operator new through it; an allocation that does not fit goes to
// malloc, so a command that allocates more than the block still works, and memory freed inside
// the block is simply not reused (at most the block's size, for the life of the process).
#pragma once

#include <atomic>
#include <cstddef>

namespace unknot::cli {

class BumpArena {
 public:
  // Every allocation is aligned like malloc's (the default alignment of operator new).
  static constexpr std::size_t kAlignment = 16;

  // An arena over [begin, begin + size); begin aligned to kAlignment. An empty arena
  // (nullptr, 0) refuses every allocation.
  BumpArena(char* begin, std::size_t size) noexcept : begin_(begin), size_(size) {}

  // `size` bytes (at least 1) aligned to kAlignment, or nullptr when they do not fit. Safe to
  // call from several threads at once; never blocks.
  void* allocate(std::size_t size) noexcept;

  // Whether `pointer` came from this arena (and so must not be passed to free).
  bool owns(const void* pointer) const noexcept {
    const char* p = static_cast<const char*>(pointer);
    return begin_ != nullptr && p >= begin_ && p < begin_ + size_;
  }

  // Bytes handed out so far.
  std::size_t used() const noexcept { return next_.load(std::memory_order_relaxed); }
  std::size_t size() const noexcept { return size_; }

 private:
  char* const begin_;
  const std::size_t size_;
  // The offset of the next allocation; never more than size_.
  std::atomic<std::size_t> next_{0};
};

}  // namespace unknot::cli
