#include "clinic/patient_summary.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "core/plan.h"
#include "core/safety_status.h"

namespace unknot::clinic {

PatientView judge(const PatientData& data, long long data_version, const Catalogue& catalogue, int today) {
  PatientView view;
  view.summary = data.summary;
  view.summary.entries = static_cast<long long>(data.entry_lines.size());
  view.data_version = data_version;
  view.entries.reserve(data.entry_lines.size());
  for (const std::string& line : data.entry_lines) {
    // Lines were validated and made canonical when they were synced.
    if (auto entry = contract::parse_diary_entry(line, "clinic"); entry) view.entries.push_back(std::move(*entry));
  }
  if (data.intake_json) {
    if (auto intake = contract::parse_intake(*data.intake_json, "intake"); intake) {
      view.intake = std::move(*intake);
      view.screen = triage(*view.intake, catalogue.safety);
    }
  }
  view.review = build_review(view.entries, today,
                             view.intake ? planned_strength_days(*view.intake) : kDefaultStrengthDays);
  view.attention = attention_for(view.entries, view.screen, view.review, today);
  return view;
}

std::optional<Plan> patient_plan(const PatientView& view, const Catalogue& catalogue, int today) {
  if (!view.intake) return std::nullopt;
  PlanOptions options;
  options.strength_step = dose_step_for(view.review);
  std::vector<LoggedSign> logged = warning_signs_logged(view.entries, today);
  Plan plan = build_plan(with_logged_signs(*view.intake, logged), catalogue, options);
  plan.logged_signs = std::move(logged);
  return plan;
}

int days_with_data(const std::vector<DiaryEntry>& entries, int today, int window_days) {
  std::set<int> days;
  for (const DiaryEntry& entry : entries) {
    const auto day = day_number(entry.at);
    if (day && *day <= today && today - *day < window_days) days.insert(*day);
  }
  return static_cast<int>(days.size());
}

std::optional<std::string> newest_warning_sign(const std::vector<DiaryEntry>& entries, int today) {
  std::optional<int> newest;
  for (const DiaryEntry& entry : entries) {
    if (entry.type != EntryType::kSymptom) continue;
    const auto day = day_number(entry.at);
    if (day && *day <= today && today - *day < kWarningSignDays) newest = std::max(newest.value_or(*day), *day);
  }
  if (!newest) return std::nullopt;
  return iso_date(*newest);
}

std::optional<Level> level_from_code(const std::string& code) {
  for (Level level : {Level::kSelfCare, Level::kSeeProfessional, Level::kUrgent, Level::kEmergency}) {
    if (to_string(level) == code) return level;
  }
  return std::nullopt;
}

NeedSummary summarize(const PatientView& view, int today) {
  NeedSummary need;
  need.attention = view.attention;
  need.warning_sign_on = newest_warning_sign(view.entries, today);
  if (view.screen) need.screen_level = view.screen->level;
  need.days_with_data_last_30 = days_with_data(view.entries, today);
  need.week_pain = view.review.current.mean_nprs;
  need.verdict = view.review.verdict;
  return need;
}

namespace {

// Where a patient sorts: the place of their most urgent reason, 99 without one.
int need_rank(const std::vector<Attention>& attention) {
  return attention.empty() ? 99 : static_cast<int>(attention.front());
}

std::string codes_text(const std::vector<Attention>& attention) {
  std::string text;
  for (Attention reason : attention) {
    if (!text.empty()) text += ' ';
    text += to_string(reason);
  }
  return text;
}

std::vector<Attention> codes_from(const std::string& text) {
  std::vector<Attention> found;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find(' ', start), text.size());
    const std::string code = text.substr(start, end - start);
    if (auto reason = attention_from_code(code)) found.push_back(*reason);
    start = end + 1;
  }
  return found;
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

constexpr std::string_view kCreatedAt =
    "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at";

// The clinician's list in one statement: patients_by_clinician, each patient's summary by its
// key, `linked` by one probe of devices_by_patient. Rows whose summary is missing or stale
// come back whatever the filter, so the caller can judge them and ask again.
// `clinician` is the SQL of the clinician's id: a parameter, or the session's (kSessionClinicianSql).
std::string list_sql(std::string_view clinician) {
  const std::string id(clinician);
  return "SELECT p.id, p.display_name, "
         "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,"
         " p.last_entry_at, d.linked IS NOT NULL AS linked,"
         " (s.patient_id IS NOT NULL AND s.data_version = p.data_version AND s.judged_for = $2::date) AS fresh,"
         " array_to_string(s.attention, ' ') AS attention, s.warning_sign_on, s.screen_level, s.entries,"
         " s.days_with_data_30, s.week_pain, s.verdict"
         " FROM patients p"
         // The clinician named on both sides: their 50 summaries through patient_summaries_by_need,
         // never a scan of every clinician's.
         " LEFT JOIN patient_summaries s ON s.patient_id = p.id AND s.clinician_id = " +
         id +
         " LEFT JOIN LATERAL (SELECT true AS linked FROM devices v WHERE v.patient_id = p.id LIMIT 1) d ON true"
         " WHERE p.clinician_id = " +
         id +
         " AND ($3 = '' OR s.patient_id IS NULL OR s.data_version <> p.data_version OR s.judged_for <> $2::date"
         " OR $3 = ANY (s.attention))"
         " ORDER BY coalesce(s.need_rank, 99), s.reasons DESC, coalesce(p.last_entry_at, '') COLLATE \"C\","
         " p.created_at, p.id";
}
const std::string kListSql = list_sql("$1");
const std::string kListBySessionSql = list_sql(kSessionClinicianSql);

// The patient page's row: the clinician checked in the same statement.
std::string patient_sql(std::string_view clinician) {
  return std::string("SELECT p.id, p.display_name, p.data_version, p.last_entry_at, ") + std::string(kCreatedAt) +
         ", EXISTS (SELECT 1 FROM devices v WHERE v.patient_id = p.id) AS linked"
         " FROM patients p WHERE p.id = $2 AND p.clinician_id = " +
         std::string(clinician);
}
const std::string kPatientSql = patient_sql("$1");
const std::string kPatientBySessionSql = patient_sql(kSessionClinicianSql);

constexpr std::string_view kUpsertSql =
    "INSERT INTO patient_summaries (patient_id, clinician_id, data_version, judged_for, need_rank, reasons,"
    " attention, warning_sign_on, screen_level, entries, days_with_data_30, week_pain, verdict)"
    " VALUES ($1, $2, $3, $4::date, $5, $6, string_to_array($7, ' '), $8, $9, $10, $11, $12, $13)"
    " ON CONFLICT (patient_id) DO UPDATE SET data_version = EXCLUDED.data_version, judged_for = EXCLUDED.judged_for,"
    " need_rank = EXCLUDED.need_rank, reasons = EXCLUDED.reasons, attention = EXCLUDED.attention,"
    " warning_sign_on = EXCLUDED.warning_sign_on, screen_level = EXCLUDED.screen_level, entries = EXCLUDED.entries,"
    " days_with_data_30 = EXCLUDED.days_with_data_30, week_pain = EXCLUDED.week_pain, verdict = EXCLUDED.verdict"
    // Two judges racing (two syncs, or a sync and a list): the newer data and day win.
    " WHERE (patient_summaries.data_version, patient_summaries.judged_for) <= (EXCLUDED.data_version, EXCLUDED.judged_for)";

struct Loaded {
  PatientData data;
  long long clinician_id = 0;
  long long data_version = 0;
};

// The patient's row and lines, by id alone (the caller has checked who may see it).
Result<std::optional<Loaded>> load(PgConnection& db, const std::string& patient_id) {
  auto rows = db.query(std::string("SELECT p.id, p.display_name, p.clinician_id, p.data_version, p.intake,"
                                   " p.last_entry_at, ") +
                           std::string(kCreatedAt) +
                           ", EXISTS (SELECT 1 FROM devices v WHERE v.patient_id = p.id) AS linked"
                           " FROM patients p WHERE p.id = $1",
                       {patient_id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Loaded>{};
  Loaded loaded;
  loaded.clinician_id = std::stoll(rows->at(0, "clinician_id"));
  loaded.data_version = std::stoll(rows->at(0, "data_version"));
  PatientSummary& summary = loaded.data.summary;
  summary.id = rows->at(0, "id");
  summary.display_name = rows->at(0, "display_name");
  summary.created_at = rows->at(0, "created_at");
  if (!rows->is_null(0, "last_entry_at")) summary.last_entry_at = rows->at(0, "last_entry_at");
  summary.linked = rows->at(0, "linked") == "t";
  if (!rows->is_null(0, "intake")) loaded.data.intake_json = rows->at(0, "intake");
  // Read after the version: the lines are at least that version's, so a summary is never
  // stamped newer than what it saw (at worst older, and judged again).
  auto lines = db.query("SELECT line FROM entries WHERE patient_id = $1 ORDER BY at, id", {patient_id});
  if (!lines) return lines.error();
  loaded.data.entry_lines.reserve(lines->size());
  for (std::size_t r = 0; r < lines->size(); ++r) loaded.data.entry_lines.push_back(lines->at(r, "line"));
  summary.entries = static_cast<long long>(loaded.data.entry_lines.size());
  return std::optional<Loaded>{std::move(loaded)};
}

Status store_summary(PgConnection& db, const Loaded& loaded, const PatientView& view, int today) {
  const NeedSummary need = summarize(view, today);
  auto rows = db.query(kUpsertSql, {loaded.data.summary.id, std::to_string(loaded.clinician_id),
                                    std::to_string(loaded.data_version), iso_date(today),
                                    std::to_string(need_rank(need.attention)), std::to_string(need.attention.size()),
                                    codes_text(need.attention), need.warning_sign_on,
                                    need.screen_level ? PgParam(std::string(to_string(*need.screen_level))) : PgParam{},
                                    std::to_string(view.summary.entries), std::to_string(need.days_with_data_last_30),
                                    need.week_pain ? PgParam(number_text(*need.week_pain)) : PgParam{}, need.verdict});
  if (!rows) return rows.error();
  return Ok{};
}

}  // namespace

Status SummaryStore::refresh_on(PgConnection& db, const std::string& patient_id, int today) {
  auto loaded = load(db, patient_id);
  if (!loaded) return loaded.error();
  if (!*loaded) return Ok{};  // deleted meanwhile
  const PatientView view = judge((*loaded)->data, (*loaded)->data_version, catalogue_, today);
  return store_summary(db, **loaded, view, today);
}

Status SummaryStore::refresh(const std::string& patient_id, int today) {
  return pool_.run([&](PgConnection& db) -> Status { return refresh_on(db, patient_id, today); });
}

Result<long long> SummaryStore::refresh_stale(int today) {
  long long judged = 0;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(
        "SELECT p.id FROM patients p LEFT JOIN patient_summaries s ON s.patient_id = p.id"
        " WHERE s.patient_id IS NULL OR s.data_version <> p.data_version OR s.judged_for < $1::date ORDER BY p.id",
        {iso_date(today)});
    if (!rows) return rows.error();
    for (std::size_t r = 0; r < rows->size(); ++r) {
      if (auto refreshed = refresh_on(db, rows->at(r, "id"), today); !refreshed) return refreshed;
      ++judged;
    }
    return Ok{};
  });
  if (!done) return done.error();
  return judged;
}

Status SummaryStore::list_on(PgConnection& db, long long clinician_id, std::optional<Attention> only, int today,
                             PgRows first, std::vector<ListedPatient>& list) {
  const std::string filter = only ? std::string(to_string(*only)) : "";
  // At most twice: the second time every summary is fresh (unless a sync raced us, and then
  // what is shown is what was judged a moment ago).
  PgRows rows = std::move(first);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt > 0) {
      auto again = db.query(kListSql, {std::to_string(clinician_id), iso_date(today), filter});
      if (!again) return again.error();
      rows = std::move(*again);
    }
    std::vector<std::string> stale;
    list.clear();
    const bool last = attempt == 1;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows.at(r, "fresh") != "t" && !last) {
        stale.push_back(rows.at(r, "id"));
        continue;
      }
      // Still stale the second time (a sync in between, or a summary judged for a later
      // day by a server whose clock is ahead): what is stored is shown.
      if (rows.is_null(r, "entries")) continue;
      ListedPatient item;
      item.summary.id = rows.at(r, "id");
      item.summary.display_name = rows.at(r, "display_name");
      item.summary.created_at = rows.at(r, "created_at");
      if (!rows.is_null(r, "last_entry_at")) item.summary.last_entry_at = rows.at(r, "last_entry_at");
      item.summary.linked = rows.at(r, "linked") == "t";
      item.summary.entries = std::stoll(rows.at(r, "entries"));
      item.need.attention = codes_from(rows.at(r, "attention"));
      if (!rows.is_null(r, "warning_sign_on")) item.need.warning_sign_on = rows.at(r, "warning_sign_on");
      if (!rows.is_null(r, "screen_level")) item.need.screen_level = level_from_code(rows.at(r, "screen_level"));
      item.need.days_with_data_last_30 = std::stoi(rows.at(r, "days_with_data_30"));
      if (!rows.is_null(r, "week_pain")) item.need.week_pain = std::stod(rows.at(r, "week_pain"));
      item.need.verdict = rows.at(r, "verdict");
      if (only && std::find(item.need.attention.begin(), item.need.attention.end(), *only) == item.need.attention.end()) {
        continue;
      }
      list.push_back(std::move(item));
    }
    if (stale.empty()) return Ok{};
    for (const std::string& id : stale) {
      if (auto refreshed = refresh_on(db, id, today); !refreshed) return refreshed;
    }
  }
  return Ok{};
}

Result<std::vector<ListedPatient>> SummaryStore::list(long long clinician_id, std::optional<Attention> only,
                                                      int today) {
  std::vector<ListedPatient> list;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(kListSql, {std::to_string(clinician_id), iso_date(today),
                                    only ? std::string(to_string(*only)) : ""});
    if (!rows) return rows.error();
    return list_on(db, clinician_id, only, today, std::move(*rows), list);
  });
  if (!done) return done.error();
  return list;
}

Result<SummaryStore::RecordedList> SummaryStore::list(const RecordedRead& read, std::optional<Attention> only,
                                                      int today) {
  RecordedList found;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    PgStatement session = session_recording_statement(read);
    PgStatement listed{kListBySessionSql, {session.params[0], iso_date(today), only ? std::string(to_string(*only)) : ""}};
    auto answered = db.pipeline({std::move(session), std::move(listed)});
    if (!answered) return answered.error();
    auto signed_in = session_recorded((*answered)[0]);
    if (!signed_in) return signed_in.error();
    found.session = std::move(*signed_in);
    if (!found.session) return Ok{};
    return list_on(db, found.session->clinician.id, only, today, std::move((*answered)[1]), found.patients);
  });
  if (!done) return done.error();
  return found;
}

Status SummaryStore::patient_on(PgConnection& db, const PgRows& rows, const std::string& patient_id, int today,
                                ViewCache& cache, std::optional<Read>& found) {
  if (rows.empty()) return Ok{};
  Read read;
  read.summary.id = rows.at(0, "id");
  read.summary.display_name = rows.at(0, "display_name");
  read.summary.created_at = rows.at(0, "created_at");
  if (!rows.is_null(0, "last_entry_at")) read.summary.last_entry_at = rows.at(0, "last_entry_at");
  read.summary.linked = rows.at(0, "linked") == "t";
  const long long version = std::stoll(rows.at(0, "data_version"));
  read.judged = cache.find(patient_id, version, today);
  if (!read.judged) {
    auto loaded = load(db, patient_id);
    if (!loaded) return loaded.error();
    if (!*loaded) return Ok{};
    auto view = std::make_shared<const PatientView>(judge((*loaded)->data, (*loaded)->data_version, catalogue_, today));
    cache.put(patient_id, today, view);
    read.judged = std::move(view);
  }
  read.summary.entries = read.judged->summary.entries;
  found = std::move(read);
  return Ok{};
}

Result<std::optional<SummaryStore::Read>> SummaryStore::patient(long long clinician_id, const std::string& patient_id,
                                                                int today, ViewCache& cache) {
  std::optional<Read> found;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    auto rows = db.query(kPatientSql, {std::to_string(clinician_id), patient_id});
    if (!rows) return rows.error();
    return patient_on(db, *rows, patient_id, today, cache, found);
  });
  if (!done) return done.error();
  return found;
}

Result<SummaryStore::RecordedPatient> SummaryStore::patient(const RecordedRead& read, const std::string& patient_id,
                                                            int today, ViewCache& cache) {
  RecordedPatient found;
  auto done = pool_.run([&](PgConnection& db) -> Status {
    PgStatement session = session_recording_statement(read);
    PgStatement row{kPatientBySessionSql, {session.params[0], patient_id}};
    auto answered = db.pipeline({std::move(session), std::move(row)});
    if (!answered) return answered.error();
    auto signed_in = session_recorded((*answered)[0]);
    if (!signed_in) return signed_in.error();
    found.session = std::move(*signed_in);
    if (!found.session) return Ok{};
    return patient_on(db, (*answered)[1], patient_id, today, cache, found.read);
  });
  if (!done) return done.error();
  return found;
}

std::shared_ptr<const PatientView> SummaryStore::ViewCache::find(const std::string& patient_id, long long data_version,
                                                                 int today) {
  std::lock_guard lock(mutex_);
  const auto found = slots_.find(patient_id);
  if (found == slots_.end() || found->second.data_version != data_version || found->second.today != today) {
    return nullptr;
  }
  recency_.splice(recency_.begin(), recency_, found->second.recency);
  return found->second.view;
}

void SummaryStore::ViewCache::put(const std::string& patient_id, int today, std::shared_ptr<const PatientView> view) {
  std::lock_guard lock(mutex_);
  if (capacity_ == 0) return;
  if (const auto found = slots_.find(patient_id); found != slots_.end()) {
    // Keep the newer of two racing judgements.
    if (found->second.data_version > view->data_version ||
        (found->second.data_version == view->data_version && found->second.today > today)) {
      return;
    }
    recency_.erase(found->second.recency);
    slots_.erase(found);
  }
  while (slots_.size() >= capacity_ && !recency_.empty()) {
    slots_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(patient_id);
  slots_.emplace(patient_id, Slot{view->data_version, today, std::move(view), recency_.begin()});
}

SummaryRefresher::SummaryRefresher(SummaryStore& summaries) : summaries_(summaries), thread_([this] { work(); }) {}

SummaryRefresher::~SummaryRefresher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void SummaryRefresher::request(const std::string& patient_id, int today) {
  {
    std::lock_guard lock(mutex_);
    auto [slot, added] = waiting_.emplace(patient_id, today);
    if (!added) slot->second = std::max(slot->second, today);
  }
  changed_.notify_all();
}

void SummaryRefresher::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return waiting_.empty() && !busy_; });
}

void SummaryRefresher::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
    if (stopping_) return;
    const auto next = waiting_.begin();
    const std::string patient_id = next->first;
    const int today = next->second;
    waiting_.erase(next);
    busy_ = true;
    lock.unlock();
    // A failure leaves the summary stale; the next list judges it.
    (void)summaries_.refresh(patient_id, today);
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace unknot::clinic
