#include "core/readability.h"

#include <cctype>
#include <string>

namespace unknot {
namespace {

bool is_vowel(char letter) {
  switch (std::tolower(static_cast<unsigned char>(letter))) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
    default: return false;
  }
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

int syllables_in_word(std::string_view word) {
  std::string letters;
  for (char c : word) {
    if (std::isalpha(static_cast<unsigned char>(c))) letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (letters.empty()) return 1;  // a number
  int groups = 0;
  bool in_vowels = false;
  for (char c : letters) {
    const bool vowel = is_vowel(c);
    if (vowel && !in_vowels) ++groups;
    in_vowels = vowel;
  }
  const std::size_t n = letters.size();
  // A silent final "e" ("take"), but not "-le" after a consonant ("table") or "-ee" ("free").
  if (n > 2 && letters[n - 1] == 'e' && !is_vowel(letters[n - 2]) &&
      !(letters[n - 2] == 'l' && !is_vowel(letters[n - 3]))) {
    --groups;
  }
  // "-es"/"-ed" after most consonants add no syllable ("takes", "asked"), but do after t/d/s.
  if (n > 3 && (letters.substr(n - 2) == "ed" || letters.substr(n - 2) == "es") &&
      !is_vowel(letters[n - 3]) && letters[n - 3] != 't' && letters[n - 3] != 'd' &&
      letters[n - 3] != 's' && letters[n - 3] != 'x' && letters[n - 3] != 'z' && letters[n - 3] != 'l' &&
      !(letters[n - 3] == 'h' && n > 4 && (letters[n - 4] == 'c' || letters[n - 4] == 's'))) {
    --groups;
  }
  return groups < 1 ? 1 : groups;
}

TextCounts count_text(std::string_view text) {
  TextCounts counts;
  bool words_in_sentence = false;
  std::size_t index = 0;
  while (index < text.size()) {
    const char c = text[index];
    if (is_word_char(c)) {
      std::size_t end = index;
      // Inner apostrophes, hyphens and decimal points stay inside the word ("don't", "2.5").
      while (end < text.size() &&
             (is_word_char(text[end]) ||
              ((text[end] == '\'' || text[end] == '-' || text[end] == '.') && end + 1 < text.size() &&
               is_word_char(text[end + 1]) && end > index))) {
        ++end;
      }
      ++counts.words;
      counts.syllables += syllables_in_word(text.substr(index, end - index));
      words_in_sentence = true;
      index = end;
      continue;
    }
    if ((c == '.' || c == '!' || c == '?') && words_in_sentence) {
      ++counts.sentences;
      words_in_sentence = false;
    }
    ++index;
  }
  if (words_in_sentence) ++counts.sentences;
  return counts;
}

double flesch_kincaid_grade(std::string_view text) {
  const TextCounts counts = count_text(text);
  if (counts.words == 0) return 0;
  return 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59;
}

}  // namespace unknot
