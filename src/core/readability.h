// How hard a text is to read: the Flesch-Kincaid grade level, with a syllable count by
// rule of thumb. Used by the tests that keep the safety-critical texts at grade 8 or below
// (issue 12): a tired or frightened person must understand them first. Pure.
#pragma once

#include <string_view>

namespace unknot {

struct TextCounts {
  int sentences = 0;
  int words = 0;
  int syllables = 0;
};

// Syllables in one word by rule of thumb: groups of vowels (y counts), less a silent final
// "e" (but not "-le"), at least one. Digits count as one syllable per word.
int syllables_in_word(std::string_view word);

// Words are runs of letters, digits and inner apostrophes or hyphens; a sentence ends at
// ".", "!" or "?" (or the end of the text).
TextCounts count_text(std::string_view text);

// 0.39 * words/sentence + 11.8 * syllables/word - 15.59 (Kincaid et al. 1975). 0 for an
// empty text.
double flesch_kincaid_grade(std::string_view text);

}  // namespace unknot
