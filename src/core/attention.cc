#include "core/attention.h"

#include <algorithm>

namespace unknot {

std::string_view to_string(Attention attention) {
  switch (attention) {
    case Attention::kWarningSign: return "warning_sign";
    case Attention::kSeeProfessional: return "see_professional";
    case Attention::kPainWorse: return "pain_worse";
    case Attention::kPainfulSession: return "painful_session";
    case Attention::kNoRecentEntry: return "no_recent_entry";
    case Attention::kReviewDue: return "review_due";
  }
  return "unknown";
}

std::optional<Attention> attention_from_code(std::string_view code) {
  for (Attention attention : kAllAttention) {
    if (to_string(attention) == code) return attention;
  }
  return std::nullopt;
}

std::string_view describe(Attention attention) {
  switch (attention) {
    case Attention::kWarningSign: return "A warning sign was reported";
    case Attention::kSeeProfessional: return "The review says to see a professional";
    case Attention::kPainWorse: return "Morning pain is worse than in the first week";
    case Attention::kPainfulSession: return "A session hurt (above 5/10)";
    case Attention::kNoRecentEntry: return "Nothing logged for a week";
    case Attention::kReviewDue: return "The week-4 review is due";
  }
  return "";
}

std::vector<Attention> attention_for(const std::vector<DiaryEntry>& entries, const std::optional<Triage>& screen,
                                     const Review& review, int today) {
  std::vector<Attention> found;
  bool warning = screen && (screen->level == Level::kUrgent || screen->level == Level::kEmergency);
  bool painful = false;
  std::optional<int> last_day;
  for (const DiaryEntry& entry : entries) {
    const auto day = day_number(entry.at);
    if (!day || *day > today) continue;
    last_day = std::max(last_day.value_or(*day), *day);
    if (entry.type == EntryType::kSymptom && today - *day < kWarningSignDays) warning = true;
    if (entry.type == EntryType::kSession && entry.pain_during && *entry.pain_during > kPainfulSessionAbove &&
        today - *day < kPainfulSessionDays) {
      painful = true;
    }
  }
  if (warning || review.next_step == "rescreen") found.push_back(Attention::kWarningSign);
  if (review.next_step == "see_professional") found.push_back(Attention::kSeeProfessional);
  if (review.verdict == "worse") found.push_back(Attention::kPainWorse);
  if (painful) found.push_back(Attention::kPainfulSession);
  if (!last_day || today - *last_day >= kQuietDays) found.push_back(Attention::kNoRecentEntry);
  if (review.weeks_in_program >= 4.0 && review.weeks_in_program < 5.0) found.push_back(Attention::kReviewDue);
  return found;
}

}  // namespace unknot
