// Why a clinician should look at a patient first (clinic mode): plain rules over the
// patient's synced diary, their intake's safety screen and the progress review. Pure.
// The codes are the API's `attention` values (docs/contract.md, clinic section).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/diary.h"
#include "core/review.h"
#include "core/triage.h"

namespace unknot {

// In order of urgency: the first one a patient has decides where they sort.
enum class Attention {
  kWarningSign,      // a warning symptom logged in the last 28 days, or an intake that screens urgent or emergency
  kSeeProfessional,  // the review says see a professional
  kPainWorse,        // weekly morning pain worse than the first week
  kPainfulSession,   // a session with pain during above 5/10 in the last 14 days
  kNoRecentEntry,    // nothing logged for 7 days (or nothing yet)
  kReviewDue,        // four weeks in: time for the week-4 review
};

std::string_view to_string(Attention attention);
// The reason an API code names ("warning_sign"), or nullopt for any other text.
std::optional<Attention> attention_from_code(std::string_view code);
// Every reason, most urgent first.
inline constexpr Attention kAllAttention[] = {Attention::kWarningSign,    Attention::kSeeProfessional,
                                              Attention::kPainWorse,      Attention::kPainfulSession,
                                              Attention::kNoRecentEntry,  Attention::kReviewDue};
// A short sentence for the clinician's list.
std::string_view describe(Attention attention);

// Days a logged warning sign keeps a patient on top; days that count as "recent" for a
// painful session; days without an entry before the patient is flagged.
inline constexpr int kWarningSignDays = 28;
inline constexpr int kPainfulSessionDays = 14;
inline constexpr int kQuietDays = 7;
inline constexpr int kPainfulSessionAbove = 5;

// The reasons that apply on day `today`, most urgent first. `screen` is the intake's safety
// screen when the patient has synced an intake; `review` the review as of `today`.
std::vector<Attention> attention_for(const std::vector<DiaryEntry>& entries, const std::optional<Triage>& screen,
                                     const Review& review, int today);

}  // namespace unknot
