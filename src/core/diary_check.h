// The checks a new diary entry gets before it is stored, beyond its shape (contract/diary_json):
// the session and techniques it names must exist, and it must not be dated in the future (a
// typo like 2099 would otherwise sit at the end of every review). Stored entries are not
// re-checked when read: a technique retired from the knowledge base keeps old entries valid.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/catalogue.h"
#include "core/diary.h"

namespace unknot {

// The session ids a plan can hold (core/plan.cc builds its sessions with these), and so the
// ones a `session` entry may name.
std::span<const std::string_view> plan_session_ids();

// How many days after today an entry may be dated (a late-evening entry across midnight, a
// clock a little off).
inline constexpr int kMaxDaysAhead = 1;

// What is wrong with `entry` as a new entry on day `today`, in one line naming the key; nullopt
// when nothing is.
std::optional<std::string> new_entry_problem(const DiaryEntry& entry, const Catalogue& catalogue, int today);

}  // namespace unknot
