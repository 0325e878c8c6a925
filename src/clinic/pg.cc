#include "clinic/pg.h"

#include <libpq-fe.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace unknot::clinic {
namespace {

// Our marker inside an error's message for a unique-key violation, so callers can tell a
// duplicate (a bad input) from a failure without libpq.
constexpr std::string_view kUniqueViolationMarker = "[23505]";

class LibpqConnection final : public PgConnection {
 public:
  explicit LibpqConnection(PGconn* conn) : conn_(conn) {}
  ~LibpqConnection() override { PQfinish(conn_); }

  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }

  Status run_script(std::string_view constant_sql) override {
    const std::string text(constant_sql);
    PGresult* result = PQexec(conn_, text.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      std::string message = std::string("clinic database: ") + PQresultErrorMessage(result);
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      PQclear(result);
      return Error::failure(message);
    }
    PQclear(result);
    return Ok{};
  }

  Result<PgRows> query(std::string_view sql, const PgParams& params) override {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
    const int count = static_cast<int>(values.size());
    PGresult* result = nullptr;
    if (const std::string* name = prepared_name(sql, count, result)) {
      result = PQexecPrepared(conn_, name->c_str(), count, values.data(), nullptr, nullptr, 0);
    } else if (result == nullptr) {
      const std::string text(sql);
      result = PQexecParams(conn_, text.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0);
    }
    return rows_of(result);
  }

  Result<std::vector<PgRows>> pipeline(const std::vector<PgStatement>& statements) override {
    // Prepared first, outside the pipeline (once per connection, as query() does).
    std::vector<const std::string*> names;
    names.reserve(statements.size());
    for (const PgStatement& statement : statements) {
      PGresult* failed = nullptr;
      names.push_back(prepared_name(statement.sql, static_cast<int>(statement.params.size()), failed));
      if (failed != nullptr) {
        auto error = rows_of(failed);
        return error.error();
      }
    }
    if (PQenterPipelineMode(conn_) != 1) return connection_error("cannot start a pipeline");
    for (std::size_t i = 0; i < statements.size(); ++i) {
      std::vector<const char*> values;
      values.reserve(statements[i].params.size());
      for (const auto& param : statements[i].params) values.push_back(param ? param->c_str() : nullptr);
      const int count = static_cast<int>(values.size());
      int sent = 0;
      if (names[i] != nullptr) {
        sent = PQsendQueryPrepared(conn_, names[i]->c_str(), count, values.data(), nullptr, nullptr, 0);
      } else {
        const std::string text(statements[i].sql);
        sent = PQsendQueryParams(conn_, text.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0);
      }
      if (sent != 1) return connection_error("cannot send a statement");
    }
    if (PQpipelineSync(conn_) != 1) return connection_error("cannot send a pipeline's end");

    // Each statement's result, then NULL; an aborted one (after a failure) says so. Then the
    // Sync's result, which comes after the transaction committed (or failed to).
    std::vector<PgRows> all;
    all.reserve(statements.size());
    std::optional<Error> first_error;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      PGresult* result = PQgetResult(conn_);
      if (result == nullptr) return connection_error("a statement's result is missing");
      if (PQresultStatus(result) == PGRES_PIPELINE_ABORTED) {
        PQclear(result);
        if (!first_error) first_error = Error::failure("clinic database: a statement was not run");
      } else if (auto rows = rows_of(result); rows) {
        all.push_back(std::move(*rows));
      } else if (!first_error) {
        first_error = rows.error();
      }
      while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);
    }
    for (;;) {
      PGresult* result = PQgetResult(conn_);
      if (result == nullptr) return connection_error("the pipeline's end is missing");
      const ExecStatusType status = PQresultStatus(result);
      if (status == PGRES_PIPELINE_SYNC) {
        PQclear(result);
        break;
      }
      // An error at the end: the commit failed.
      if (auto rows = rows_of(result); !rows && !first_error) first_error = rows.error();
    }
    if (PQexitPipelineMode(conn_) != 1) return connection_error("cannot end a pipeline");
    if (first_error) return *first_error;
    return all;
  }

 private:
  // The connection is in a state nothing can rely on: it is closed, not given back.
  Error connection_error(const char* what) {
    broken_ = true;
    std::string message = std::string("clinic database: ") + what + ": " + PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return Error::failure(message);
  }

  // The name of `sql` prepared on this connection, preparing it on its first use: the server
  // then parses and analyses each of the store's constant statements once per connection, not
  // on every request. nullptr when it is not prepared: the cache is full (the statement runs
  // unprepared) or preparing failed (`failed` holds the error's result then).
  const std::string* prepared_name(std::string_view sql, int params, PGresult*& failed) {
    if (const auto found = prepared_.find(sql); found != prepared_.end()) return &found->second;
    if (prepared_.size() >= kMaxPrepared) return nullptr;
    std::string name = "unknot_" + std::to_string(prepared_.size() + 1);
    const std::string text(sql);
    PGresult* made = PQprepare(conn_, name.c_str(), text.c_str(), params, nullptr);
    if (PQresultStatus(made) != PGRES_COMMAND_OK) {
      failed = made;
      return nullptr;
    }
    PQclear(made);
    return &prepared_.emplace(text, std::move(name)).first->second;
  }

  // The statements the store runs are constant strings, a few dozen; the bound only keeps a
  // connection's prepared statements finite whatever happens.
  static constexpr std::size_t kMaxPrepared = 256;

  Result<PgRows> rows_of(PGresult* result) {
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
      std::string message = "clinic database: ";
      message += PQresultErrorMessage(result);
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      if (state != nullptr) message += std::string(" [") + state + "]";
      PQclear(result);
      return Error::failure(message);
    }
    PgRows rows;
    const int columns = PQnfields(result);
    for (int c = 0; c < columns; ++c) rows.columns.emplace_back(PQfname(result, c));
    const int count = PQntuples(result);
    rows.rows.reserve(static_cast<std::size_t>(count));
    for (int r = 0; r < count; ++r) {
      auto& row = rows.rows.emplace_back();
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result, r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(result, r, c), static_cast<std::size_t>(PQgetlength(result, r, c))));
        }
      }
    }
    const char* tuples = PQcmdTuples(result);
    if (tuples != nullptr && *tuples != '\0') rows.affected = std::stoll(tuples);
    PQclear(result);
    return rows;
  }

  PGconn* conn_;
  bool broken_ = false;
  std::map<std::string, std::string, std::less<>> prepared_;  // SQL -> the statement's name
};

}  // namespace

const std::string& PgRows::at(std::size_t row, std::string_view name) const {
  static const std::string kEmpty;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == name) {
      const auto& value = rows.at(row).at(c);
      return value ? *value : kEmpty;
    }
  }
  throw std::logic_error("no column " + std::string(name));
}

bool PgRows::is_null(std::size_t row, std::string_view name) const {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == name) return !rows.at(row).at(c).has_value();
  }
  throw std::logic_error("no column " + std::string(name));
}

Status PgConnection::transaction(const std::function<Status(PgConnection&)>& work) {
  if (auto begun = query("BEGIN"); !begun) return begun.error();
  Status outcome = Ok{};
  try {
    outcome = work(*this);
  } catch (...) {
    (void)query("ROLLBACK");
    throw;
  }
  if (!outcome) {
    (void)query("ROLLBACK");
    return outcome;
  }
  if (auto committed = query("COMMIT"); !committed) return committed.error();
  return Ok{};
}

struct PgPool::State {
  std::string conninfo;
  std::size_t size = 0;
  std::chrono::milliseconds wait{0};
  std::mutex mutex;
  std::condition_variable freed;
  std::vector<std::unique_ptr<LibpqConnection>> idle;
  std::size_t open = 0;  // idle + borrowed
};

PgPool::PgPool(std::string conninfo, std::size_t size, std::chrono::milliseconds wait)
    : state_(std::make_unique<State>()) {
  state_->conninfo = std::move(conninfo);
  state_->size = size == 0 ? 1 : size;
  state_->wait = wait;
}

PgPool::~PgPool() = default;

Status PgPool::run(const std::function<Status(PgConnection&)>& work) {
  std::unique_ptr<LibpqConnection> connection;
  {
    std::unique_lock lock(state_->mutex);
    const bool got = state_->freed.wait_for(lock, state_->wait, [&] {
      return !state_->idle.empty() || state_->open < state_->size;
    });
    if (!got) return Error::failure("clinic database: every connection is busy; try again shortly");
    if (!state_->idle.empty()) {
      connection = std::move(state_->idle.back());
      state_->idle.pop_back();
    } else {
      ++state_->open;  // reserved; connected below without holding the lock
    }
  }
  if (!connection) {
    PGconn* raw = PQconnectdb(state_->conninfo.c_str());
    if (PQstatus(raw) != CONNECTION_OK) {
      std::string message = std::string("clinic database: cannot connect: ") + PQerrorMessage(raw);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      PQfinish(raw);
      std::lock_guard lock(state_->mutex);
      --state_->open;
      state_->freed.notify_one();
      return Error::failure(message);
    }
    connection = std::make_unique<LibpqConnection>(raw);
  }
  Status outcome = Ok{};
  try {
    outcome = work(*connection);
  } catch (...) {
    std::lock_guard lock(state_->mutex);
    --state_->open;  // a connection in an unknown state is not reused
    state_->freed.notify_one();
    throw;
  }
  std::lock_guard lock(state_->mutex);
  if (connection->healthy()) {
    state_->idle.push_back(std::move(connection));
  } else {
    --state_->open;
  }
  state_->freed.notify_one();
  return outcome;
}

Status PgPool::check() {
  return run([](PgConnection& db) -> Status {
    auto rows = db.query("SELECT 1");
    if (!rows) return rows.error();
    return Ok{};
  });
}

std::string pg_text_array(const std::vector<std::string>& items) {
  std::string literal = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

bool is_unique_violation(const Error& error) {
  return error.message.find(kUniqueViolationMarker) != std::string::npos;
}

}  // namespace unknot::clinic
