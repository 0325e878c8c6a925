// The global operator new and delete of the `unknot` program (and of no other: the servers in
// unknot-network, the desk reminder and the tests keep malloc's): allocations are served from a
// BumpArena over one 2 MB block, advised to be a transparent huge page, and from malloc once it
// is full (cli/startup_arena.h says why). Sanitizer builds keep the standard operators, so
// AddressSanitizer still sees every allocation.
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

#include "cli/startup_arena.h"

#if !defined(__SANITIZE_ADDRESS__) && !defined(UNKNOT_NO_STARTUP_ARENA)

namespace {

using unknot::cli::BumpArena;

constexpr std::size_t kHugePage = std::size_t{2} << 20;

// One huge page's worth of address space, aligned to a huge page so the kernel can back it
// with one (the first touch then costs one fault instead of one per 4 KB). Where the kernel
// gives no huge pages, the block is ordinary memory faulted in page by page, as malloc's is.
BumpArena make_arena() noexcept {
  constexpr int kProtection = PROT_READ | PROT_WRITE;
  constexpr int kFlags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
  // Linux 6.7 and later place a mapping of a huge page's size on a huge-page boundary.
  void* mapped = mmap(nullptr, kHugePage, kProtection, kFlags, -1, 0);
  if (mapped == MAP_FAILED) return BumpArena(nullptr, 0);
  char* block = static_cast<char*>(mapped);
  if (reinterpret_cast<std::uintptr_t>(block) % kHugePage != 0) {
    // Older kernels: twice the size holds an aligned block. The rest stays mapped but is
    // never touched, so it costs address space only (unmapping it measured slower here).
    munmap(mapped, kHugePage);
    mapped = mmap(nullptr, 2 * kHugePage, kProtection, kFlags, -1, 0);
    if (mapped == MAP_FAILED) return BumpArena(nullptr, 0);
    block = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(mapped) + kHugePage - 1) & ~(kHugePage - 1));
  }
#ifdef MADV_HUGEPAGE
  madvise(block, kHugePage, MADV_HUGEPAGE);
#endif
  return BumpArena(block, kHugePage);
}

// Made on the first allocation, which may come before any other static object is built; never
// destroyed, so a delete during the program's exit still finds it.
BumpArena& arena() noexcept {
  alignas(BumpArena) static unsigned char storage[sizeof(BumpArena)];
  static BumpArena* const made = new (storage) BumpArena(make_arena());
  return *made;
}

void* allocate_or_throw(std::size_t size) {
  if (void* memory = arena().allocate(size)) return memory;
  for (;;) {
    if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void release(void* memory) noexcept {
  if (memory != nullptr && !arena().owns(memory)) std::free(memory);
}

}  // namespace

void* operator new(std::size_t size) { return allocate_or_throw(size); }
void* operator new[](std::size_t size) { return allocate_or_throw(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate_or_throw(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* memory) noexcept { release(memory); }
void operator delete[](void* memory) noexcept { release(memory); }
void operator delete(void* memory, std::size_t) noexcept { release(memory); }
void operator delete[](void* memory, std::size_t) noexcept { release(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { release(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { release(memory); }

#endif
