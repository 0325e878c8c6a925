#include "core/diary_check.h"

#include <algorithm>

namespace unknot {
namespace {

// "physio": the session of items a physiotherapist prescribed (core/prescription.h).
constexpr std::string_view kPlanSessionIds[] = {"daily-relief", "strength", "relief-as-needed", "physio"};

std::string join(std::span<const std::string_view> names) {
  std::string text;
  for (std::string_view name : names) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

}  // namespace

std::span<const std::string_view> plan_session_ids() { return kPlanSessionIds; }

std::optional<std::string> new_entry_problem(const DiaryEntry& entry, const Catalogue& catalogue, int today) {
  if (auto day = day_number(entry.at); day && *day > today + kMaxDaysAhead) {
    return "at: '" + entry.at + "' is in the future; give the date it happened (or leave it out for now)";
  }
  auto unknown_technique = [&](const std::string& key, const std::string& id) -> std::optional<std::string> {
    if (catalogue.find_technique(id)) return std::nullopt;
    return key + ": unknown technique '" + id + "'; `unknot techniques list` shows them all";
  };
  if (entry.type == EntryType::kSession) {
    if (std::find(kPlanSessionIds, std::end(kPlanSessionIds), entry.session) == std::end(kPlanSessionIds)) {
      return "session: unknown session '" + entry.session + "' (expected one of: " + join(kPlanSessionIds) + ")";
    }
    for (const SessionItemDone& item : entry.items) {
      if (auto problem = unknown_technique("items", item.technique)) return problem;
    }
  }
  if (entry.type == EntryType::kBreak) return unknown_technique("technique", entry.technique);
  return std::nullopt;
}

}  // namespace unknot
