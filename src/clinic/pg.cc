#include "clinic/pg.h"

#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>
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

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

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
    const std::string text(sql);
    PGresult* result = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
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

 private:
  PGconn* conn_;
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

bool is_unique_violation(const Error& error) {
  return error.message.find(kUniqueViolationMarker) != std::string::npos;
}

}  // namespace unknot::clinic
