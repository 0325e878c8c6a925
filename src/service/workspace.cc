#include "service/workspace.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

#include "content/content_loader.h"
#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "contract/prescription_json.h"
#include "core/diary_check.h"
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

namespace {

// Inode, size and modification time of `path` ({-1, -1, -1, -1} when missing): whether a file
// changed (a durable write replaces the file, so a new inode even within one clock tick).
std::vector<long long> file_stamp(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {-1, -1, -1, -1};
  return {static_cast<long long>(info.st_ino), static_cast<long long>(info.st_size),
          static_cast<long long>(info.st_mtim.tv_sec), static_cast<long long>(info.st_mtim.tv_nsec)};
}

}  // namespace

Result<std::shared_ptr<const Catalogue>> Workspace::base_catalogue() {
  std::lock_guard hold(catalogue_mutex_);
  return base_catalogue_locked();
}

Result<std::shared_ptr<const Catalogue>> Workspace::base_catalogue_locked() {
  if (!base_catalogue_ && options_.content_dir) {
    auto loaded = content::load_catalogue(options_.content_dir);
    if (!loaded) return loaded.error();
    base_catalogue_ = std::make_shared<const Catalogue>(std::move(*loaded));
  } else if (!base_catalogue_) {
    // The process's one embedded knowledge base, never freed: held without an owner.
    auto shared = content::shared_embedded_catalogue();
    if (!shared) return shared.error();
    base_catalogue_ = std::shared_ptr<const Catalogue>(std::shared_ptr<const Catalogue>(), *shared);
  }
  return base_catalogue_;
}

Result<std::shared_ptr<const Catalogue>> Workspace::catalogue() {
  std::lock_guard hold(catalogue_mutex_);
  auto base = base_catalogue_locked();
  if (!base) return base.error();
  auto dir = data_dir();
  const std::vector<long long> stamp = dir ? file_stamp(storage::prescription_path(*dir)) : std::vector<long long>{};
  if (!prescription_checked_ || stamp != prescription_stamp_) {
    const std::optional<Prescription> prescribed = prescription(**base);
    // Without a prescription the knowledge base itself is the catalogue: copying it was a third
    // of `unknot techniques list`'s CPU (docs/performance.md).
    catalogue_ = prescribed ? std::make_shared<const Catalogue>(with_custom_exercises(**base, *prescribed)) : *base;
    prescription_stamp_ = stamp;
    prescription_checked_ = true;
  }
  return catalogue_;
}

void Workspace::warn(std::string warning) const {
  std::lock_guard hold(warnings_mutex_);
  warnings_.push_back(std::move(warning));
}

std::optional<Prescription> Workspace::prescription(const Catalogue& catalogue) const {
  auto dir = data_dir();
  if (!dir) return std::nullopt;
  const std::string path = storage::prescription_path(*dir);
  auto there = storage::probe_file(path);
  if (!there || !*there) return std::nullopt;
  auto text = storage::read_file(path);
  if (!text) {
    warn(text.error().message);
    return std::nullopt;
  }
  auto parsed = contract::parse_prescription_reply(*text, path, catalogue);
  if (!parsed) {
    warn(parsed.error().message + "; your physiotherapist's exercises are left out until the next clinic sync");
    return std::nullopt;
  }
  return *parsed;
}

Result<std::string> Workspace::data_dir() const { return storage::resolve_data_dir(options_.data_dir); }

bool Workspace::has_saved_intake() const {
  auto dir = data_dir();
  if (!dir) return false;
  auto there = storage::probe_file(storage::intake_path(*dir));
  return there && *there;
}

Result<Intake> Workspace::saved_intake() const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  const std::string saved = storage::intake_path(*dir);
  auto there = storage::probe_file(saved);
  if (!there) return there.error();
  if (!*there) {
    return Error::bad_input(
        "no intake yet: `unknot start` asks the questions (or `unknot start --intake FILE` saves a prepared intake)");
  }
  // One command reads the saved intake several times (`plan`: the plan, then the review twice);
  // it is parsed and checked against the schema once while the file stays the same.
  const std::vector<long long> stamp = file_stamp(saved);
  {
    std::lock_guard hold(saved_intake_mutex_);
    if (saved_intake_ && stamp == saved_intake_stamp_) return *saved_intake_;
  }
  auto read = contract::read_intake_file(saved);
  if (!read) return read.error();
  std::lock_guard hold(saved_intake_mutex_);
  saved_intake_ = *read;
  saved_intake_stamp_ = stamp;
  return read;
}

Result<std::string> Workspace::save_intake(const Intake& person) const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  if (auto made = storage::ensure_private_dir(*dir); !made) return made.error();
  const std::string path = storage::intake_path(*dir);
  if (auto written = storage::write_file_durably(path, contract::intake_to_json_text(person)); !written) {
    return written.error();
  }
  stored(*dir);
  return path;
}

namespace {

// The contract's parser for a stored line, naming the row in its messages.
Result<DiaryEntry> parse_stored_line(const std::string& line, long long row) {
  return contract::parse_diary_entry(line, "diary row " + std::to_string(row));
}

}  // namespace

namespace {

// Opens the diary at `path` to read it. A diary an older unknot wrote is migrated on its
// first read when it can be (its rows get their typed columns once, instead of being parsed
// on every read). Without a moment to wait for another writer, or in a read-only folder, it
// is read as it is.
Result<std::unique_ptr<storage::DiaryStore>> open_to_read(const std::string& path) {
  storage::StoreOptions options;
  options.read_only = true;
  auto store = storage::DiaryStore::open(path, options);
  if (!store) return store.error();
  if (auto version = (*store)->schema_version(); version && *version < storage::DiaryStore::kSchemaVersion &&
                                                 ::access(path.c_str(), W_OK) == 0) {
    storage::StoreOptions migrate;
    migrate.busy_wait_ms = 0;
    migrate.parse_line = parse_stored_line;
    if (auto migrated = storage::DiaryStore::open(path, migrate)) store = std::move(migrated);
  }
  return store;
}

}  // namespace

void Workspace::warn_of_damage(const std::vector<Error>& damaged, const std::string& path) const {
  // The database only ever holds validated entries: a bad row is damage. One damaged row
  // must not hide the rest of the diary, so it is skipped and named.
  for (const Error& damage : damaged) {
    warn("skipped a damaged diary entry (" + damage.message +
                        "); the rest of the diary is fine. To drop it for good: `unknot diary export > d.jsonl`, "
                        "move " + path + " away, then `unknot diary import d.jsonl`");
  }
}

Result<std::vector<DiaryEntry>> Workspace::diary() const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  const std::string path = storage::diary_path(*dir);
  auto there = storage::probe_file(path);
  if (!there) return there.error();
  if (!*there) return std::vector<DiaryEntry>{};
  auto store = open_to_read(path);
  if (!store) return store.error();
  auto read = (*store)->entries(parse_stored_line);
  if (!read) return read.error();
  warn_of_damage(read->damaged, path);
  return std::move(read->entries);
}

Result<DiaryFacts> Workspace::diary_facts() const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  const std::string path = storage::diary_path(*dir);
  auto there = storage::probe_file(path);
  if (!there) return there.error();
  if (!*there) return DiaryFacts{};
  auto store = open_to_read(path);
  if (!store) return store.error();
  auto read = (*store)->facts(parse_stored_line);
  if (!read) return read.error();
  warn_of_damage(read->damaged, path);
  return std::move(read->facts);
}

std::optional<std::string> Workspace::new_entry_problem(const DiaryEntry& entry) {
  // Only sessions and breaks name things the knowledge base holds; a pain reading does not
  // need it loaded.
  const bool names_things = entry.type == EntryType::kSession || entry.type == EntryType::kBreak;
  static const Catalogue kNothing;
  std::shared_ptr<const Catalogue> loaded_kb;
  const Catalogue* kb = &kNothing;
  if (names_things) {
    auto loaded = catalogue();
    if (!loaded) return loaded.error().message;
    loaded_kb = std::move(*loaded);
    kb = loaded_kb.get();
  }
  auto today = parse_day("", "today");
  return unknot::new_entry_problem(entry, *kb, today ? *today : 0);
}

Result<int> Workspace::store(const std::vector<DiaryEntry>& entries) {
  for (std::size_t index = 0; index < entries.size(); ++index) {
    if (auto problem = new_entry_problem(entries[index])) {
      return Error::bad_input(entries.size() == 1 ? *problem
                                                  : "entry " + std::to_string(index + 1) + " (" + entries[index].at +
                                                        "): " + *problem);
    }
  }
  auto dir = data_dir();
  if (!dir) return dir.error();
  storage::StoreOptions options;
  options.busy_wait_ms = options_.write_wait_ms;
  options.parse_line = parse_stored_line;
  auto store = storage::DiaryStore::open(storage::diary_path(*dir), options);
  if (!store) return store.error();
  std::vector<storage::StoredEntry> rows;
  rows.reserve(entries.size());
  for (const DiaryEntry& entry : entries) {
    rows.push_back({entry.at, std::string(to_string(entry.type)), contract::diary_entry_to_json_text(entry), 0, entry});
  }
  auto added = (*store)->add_all(rows);
  if (added && *added > 0) stored(*dir);
  return added;
}

Status Workspace::backup(const std::string& target, std::ostream& out) const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  const std::string path = storage::diary_path(*dir);
  auto there = storage::probe_file(path);
  if (!there) return there.error();
  if (!*there) return Error::failure("there is no diary to back up yet (" + path + ")");
  storage::StoreOptions options;
  options.read_only = true;
  auto store = storage::DiaryStore::open(path, options);
  if (!store) return store.error();
  // SQLite writes the copy to a private (0600) temporary file; its bytes then go
  // to the target like any other output file (through links, into pipes, "-").
  char temporary[] = "/tmp/unknot-backup-XXXXXX";
  const int fd = ::mkstemp(temporary);
  if (fd < 0) return Error::failure("cannot create a temporary file for the backup");
  ::close(fd);
  auto copied = (*store)->backup_to(temporary);
  auto bytes = copied ? storage::read_file(temporary) : Result<std::string>(copied.error());
  ::unlink(temporary);
  if (!bytes) return bytes.error();
  return storage::write_output_file(target, *bytes, out, 0600);
}

Status Workspace::restore(const std::string& backup_path) const {
  auto dir = data_dir();
  if (!dir) return dir.error();
  return storage::restore_diary(storage::diary_path(*dir), backup_path);
}

Result<Review> Workspace::review(int as_of) const {
  auto entries = diary_facts();
  if (!entries) return entries.error();
  auto person = saved_intake();
  return build_review_from_facts(*entries, as_of, person ? planned_strength_days(*person) : kDefaultStrengthDays);
}

Plan Workspace::plan_for(const Intake& person, const Catalogue& catalogue, std::optional<int> as_of) const {
  PlanOptions options;
  Result<int> today = as_of ? Result<int>(*as_of) : parse_day("", "today");
  if (today) {
    if (auto found = review(*today); found) options.strength_step = dose_step_for(*found);
  }
  std::vector<LoggedSign> logged;
  if (today) {
    if (auto entries = diary(); entries) logged = warning_signs_logged(*entries, *today);
  }
  const Intake screened = with_logged_signs(person, logged);
  Plan plan = build_plan(screened, catalogue, options);
  // The clinician's prescription, under the same safety screen and constraints.
  if (const std::optional<Prescription> prescribed = prescription(catalogue)) {
    plan = apply_prescription(std::move(plan), *prescribed, catalogue, screened);
  }
  plan.logged_signs = std::move(logged);
  return plan;
}

Result<SafetyStatus> Workspace::safety_status(int as_of) {
  auto kb = catalogue();
  if (!kb) return kb.error();
  auto entries = diary();
  if (!entries) return entries.error();
  std::optional<Intake> saved;
  if (has_saved_intake()) {
    auto person = saved_intake();
    if (!person) return person.error();
    saved = std::move(*person);
  }
  return unknot::safety_status(saved, *entries, as_of, (*kb)->safety);
}

Result<Plan> Workspace::current_plan() {
  auto kb = catalogue();
  if (!kb) return kb.error();
  auto person = saved_intake();
  if (!person) return person.error();
  return plan_for(*person, **kb);
}

Result<report::Report> Workspace::report(int today) {
  auto entries = diary();
  if (!entries) return entries.error();
  auto found = review(today);
  if (!found) return found.error();
  auto person = saved_intake();
  std::optional<Plan> plan;
  if (person) {
    auto kb = catalogue();
    if (!kb) return kb.error();
    plan = plan_for(*person, **kb, today);  // with the safety status as of `today`
  }
  return unknot::report::build_report(
      {person ? &*person : nullptr, plan ? &*plan : nullptr, &*entries, &*found, today});
}

}  // namespace unknot::service
