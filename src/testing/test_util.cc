#include "testing/test_util.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "content/content_loader.h"

namespace unknot::test_util {

std::string source_dir() { return UNKNOT_SOURCE_DIR; }

bool skipping_allowed() {
  const char* allow = std::getenv("UNKNOT_ALLOW_SKIP");
  return allow != nullptr && std::string(allow) == "1";
}

Intake clean_intake() {
  Intake intake;
  intake.age = 35;
  intake.pain.now = 4;
  intake.pain.weeks_since_onset = 3;
  intake.pain.areas = {"between_shoulder_blades"};
  return intake;
}

const Catalogue& embedded_catalogue() {
  static const Catalogue* catalogue = [] {
    auto loaded = content::load_embedded_catalogue();
    if (!loaded) {
      std::cerr << "embedded catalogue does not load: " << loaded.error().message << "\n";
      std::abort();
    }
    return new Catalogue(std::move(loaded).value());
  }();
  return *catalogue;
}

bool read_text_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream out;
  out << in.rdbuf();
  text = out.str();
  return true;
}

DiaryEntry pain_entry(int day, int nprs, const std::string& context, const std::string& time) {
  DiaryEntry entry;
  entry.at = iso_date(day) + (time.empty() ? "" : "T" + time);
  entry.type = EntryType::kPain;
  entry.nprs = nprs;
  entry.context = context;
  return entry;
}

DiaryEntry trigger_entry(int day, const std::string& name) {
  DiaryEntry entry;
  entry.at = iso_date(day);
  entry.type = EntryType::kTrigger;
  entry.trigger = name;
  return entry;
}

}  // namespace unknot::test_util
