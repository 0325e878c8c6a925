#include "service/workspace.h"

#include <cstdio>
#include <ctime>

#include "content/content_loader.h"
#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "storage/data_dir.h"
#include "storage/diary_store.h"

namespace unknot::service {

std::string local_now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
  return text;
}

std::string utc_stamp_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  return stamp;
}

namespace {
// "+0100" (strftime's %z) -> "+01:00" (FHIR's form).
std::string offset_of(const std::tm& local) {
  char offset[8];
  std::strftime(offset, sizeof offset, "%z", &local);
  return std::string(offset).substr(0, 3) + ":" + std::string(offset).substr(3, 2);
}
}  // namespace

std::string local_utc_offset() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return offset_of(local);
}

std::string utc_offset_at(const std::string& local_time) {
  std::tm local{};
  if (local_time.size() < 16 ||
      std::sscanf(local_time.c_str(), "%4d-%2d-%2dT%2d:%2d", &local.tm_year, &local.tm_mon, &local.tm_mday,
                  &local.tm_hour, &local.tm_min) != 5) {
    return {};
  }
  local.tm_year -= 1900;
  local.tm_mon -= 1;
  local.tm_isdst = -1;  // let the time zone rules say whether daylight saving was in force
  if (std::mktime(&local) == static_cast<std::time_t>(-1)) return {};
  return offset_of(local);
}

Result<int> parse_day(const std::string& date, const std::string& what) {
  const std::string text = date.empty() ? local_now().substr(0, 10) : date;
  auto day = day_number(text);
  if (!day || text.size() != 10) return Error::bad_input(what + ": '" + text + "' is not a date like 2026-03-30");
  return *day;
}

Result<const Catalogue*> Workspace::catalogue() {
  if (!catalogue_) {
    auto loaded = content::load_catalogue(options_.content_dir);
    if (!loaded) return loaded.error();
    catalogue_ = std::move(*loaded);
  }
  return &*catalogue_;
}

Result<std::string> Workspace::data_dir() const { return storage::resolve_data_dir(options_.data_dir); }

bool Workspace::has_saved_intake() const {
  auto dir = data_dir();
  return dir && storage::file_exists(storage::intake_path(*dir));
}

Result<Intake> Workspace::saved_intake() const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  const std::string saved = storage::intake_path(*dir);
  if (!storage::file_exists(saved)) {
    return Error::bad_input(
        "no intake yet: `unknot start` asks the questions (or `unknot start --intake FILE` saves a prepared intake)");
  }
  return contract::read_intake_file(saved);
}

Result<std::string> Workspace::save_intake(const Intake& person) const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  const std::string path = storage::intake_path(*dir);
  if (auto written = storage::write_file_durably(path, contract::intake_to_json_text(person)); !written) {
    return written.error();
  }
  return path;
}

Result<std::vector<DiaryEntry>> Workspace::diary() const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  if (!storage::file_exists(storage::diary_path(*dir))) return std::vector<DiaryEntry>{};
  auto store = storage::DiaryStore::open(storage::diary_path(*dir));
  if (!store) return store.error();
  auto stored = (*store)->all();
  if (!stored) return stored.error();
  std::vector<DiaryEntry> entries;
  entries.reserve(stored->size());
  for (const storage::StoredEntry& row : *stored) {
    auto entry = contract::parse_diary_entry(row.body, "diary entry " + row.at);
    // The database only ever holds validated entries: a bad row is damage, not bad input.
    if (!entry) return Error::failure(entry.error().message);
    entries.push_back(std::move(*entry));
  }
  return entries;
}

Result<int> Workspace::store(const std::vector<DiaryEntry>& entries) const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  auto store = storage::DiaryStore::open(storage::diary_path(*dir));
  if (!store) return store.error();
  std::vector<storage::StoredEntry> rows;
  rows.reserve(entries.size());
  for (const DiaryEntry& entry : entries) {
    rows.push_back({entry.at, std::string(to_string(entry.type)), contract::diary_entry_to_json_text(entry)});
  }
  return (*store)->add_all(rows);
}

Result<Review> Workspace::review(int as_of) const {
  auto entries = diary();
  if (!entries) return entries.error();
  auto person = saved_intake();
  return build_review(*entries, as_of, person ? planned_strength_days(*person) : kDefaultStrengthDays);
}

Plan Workspace::plan_for(const Intake& person, const Catalogue& catalogue) const {
  PlanOptions options;
  auto today = parse_day("", "today");
  if (today) {
    if (auto found = review(*today); found) options.strength_step = dose_step_for(*found);
  }
  return build_plan(person, catalogue, options);
}

Result<Plan> Workspace::current_plan() {
  auto kb = catalogue();
  if (!kb) return kb.error();
  auto person = saved_intake();
  if (!person) return person.error();
  return plan_for(*person, **kb);
}

}  // namespace unknot::service
