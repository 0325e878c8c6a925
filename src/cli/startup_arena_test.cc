#include "cli/startup_arena.h"

#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace unknot::cli {
namespace {

TEST(BumpArena, HandsOutAlignedDisjointBlocksFrontToBack) {
  alignas(16) static char block[256];
  BumpArena arena(block, sizeof block);
  char* first = static_cast<char*>(arena.allocate(1));
  char* second = static_cast<char*>(arena.allocate(17));
  char* third = static_cast<char*>(arena.allocate(0));
  EXPECT_EQ(first, block);
  EXPECT_EQ(second, block + 16);  // 1 byte rounded up to the alignment
  EXPECT_EQ(third, block + 48);   // 17 bytes take 32; 0 bytes still get a block of their own
  for (char* p : {first, second, third}) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % BumpArena::kAlignment, 0u);
    EXPECT_TRUE(arena.owns(p));
  }
  EXPECT_EQ(arena.used(), 64u);
}

TEST(BumpArena, RefusesWhatDoesNotFitAndStillServesWhatDoes) {
  alignas(16) static char block[64];
  BumpArena arena(block, sizeof block);
  ASSERT_NE(arena.allocate(40), nullptr);                     // 48 used
  EXPECT_EQ(arena.allocate(32), nullptr);                     // 16 left
  EXPECT_EQ(arena.allocate(SIZE_MAX), nullptr);               // no overflow in the rounding
  EXPECT_EQ(arena.allocate(SIZE_MAX - 8), nullptr);
  EXPECT_EQ(arena.used(), 48u);                               // refusals move nothing
  EXPECT_EQ(arena.allocate(16), static_cast<void*>(block + 48));  // the last 16 bytes
  EXPECT_EQ(arena.allocate(1), nullptr);
  EXPECT_EQ(arena.used(), 64u);
}

TEST(BumpArena, OwnsOnlyItsOwnBytes) {
  alignas(16) static char memory[96];
  BumpArena arena(memory + 16, 64);
  EXPECT_FALSE(arena.owns(memory));
  EXPECT_FALSE(arena.owns(memory + 15));
  EXPECT_TRUE(arena.owns(memory + 16));
  EXPECT_TRUE(arena.owns(memory + 79));
  EXPECT_FALSE(arena.owns(memory + 80));
  EXPECT_FALSE(arena.owns(nullptr));
}

TEST(BumpArena, AnEmptyArenaRefusesEverything) {
  BumpArena arena(nullptr, 0);
  EXPECT_EQ(arena.allocate(1), nullptr);
  EXPECT_FALSE(arena.owns(nullptr));
}

TEST(BumpArena, ThreadsNeverGetTheSameBytes) {
  alignas(16) static char block[16 * 4000];
  BumpArena arena(block, sizeof block);
  std::vector<std::vector<void*>> got(4);
  std::vector<std::thread> threads;
  for (auto& mine : got) {
    threads.emplace_back([&arena, &mine] {
      while (void* p = arena.allocate(16)) mine.push_back(p);
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<void*> all;
  std::size_t count = 0;
  for (const auto& mine : got) {
    all.insert(mine.begin(), mine.end());
    count += mine.size();
  }
  EXPECT_EQ(count, 4000u);
  EXPECT_EQ(all.size(), 4000u);
  EXPECT_EQ(arena.used(), sizeof block);
}

}  // namespace
}  // namespace unknot::cli
