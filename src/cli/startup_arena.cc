#include "cli/startup_arena.h"

#include <algorithm>

namespace unknot::cli {

void* BumpArena::allocate(std::size_t size) noexcept {
  // A request larger than the arena is refused first, so the rounding cannot overflow.
  if (size > size_) return nullptr;
  const std::size_t rounded = std::max<std::size_t>(kAlignment, (size + kAlignment - 1) & ~(kAlignment - 1));
  std::size_t offset = next_.load(std::memory_order_relaxed);
  do {
    // A request that does not fit leaves the offset where it was: a smaller one may still fit.
    if (rounded > size_ - offset) return nullptr;
  } while (!next_.compare_exchange_weak(offset, offset + rounded, std::memory_order_relaxed));
  return begin_ + offset;
}

}  // namespace unknot::cli
