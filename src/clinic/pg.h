// PostgreSQL for the clinic server: a small pool of libpq connections and parameterised
// queries. There is deliberately no way to run SQL with values spliced into its text: every
// value travels as a parameter ($1, $2, ...), so a patient's name or a diary note can never
// become SQL. libpq stays inside pg.cc.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace unknot::clinic {

// One value for a query: text (libpq sends every parameter as text), or SQL NULL.
using PgParam = std::optional<std::string>;
using PgParams = std::vector<PgParam>;

// The rows a query returned, every value as text (nullopt for NULL).
struct PgRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  long long affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  // The value in row `row` of column `name`; "" for NULL. REQUIRES: the column exists.
  const std::string& at(std::size_t row, std::string_view name) const;
  bool is_null(std::size_t row, std::string_view name) const;
};

// One statement of a pipeline: constant SQL and its parameters.
struct PgStatement {
  std::string_view sql;
  PgParams params;
};

// One borrowed connection. Queries on it run in the order given; `transaction` wraps a
// function in BEGIN/COMMIT (ROLLBACK when it returns an error or throws).
class PgConnection {
 public:
  virtual ~PgConnection() = default;
  virtual Result<PgRows> query(std::string_view sql, const PgParams& params = {}) = 0;
  // Runs `statements` in order as one transaction, sent together and answered together: one
  // round trip to the server instead of one each (libpq's pipeline mode, one Sync). If one
  // fails, those after it are not run and none of them is committed; the rows come back only
  // once the transaction has committed. The rows of each statement, in order.
  virtual Result<std::vector<PgRows>> pipeline(const std::vector<PgStatement>& statements) = 0;
  // Runs a constant script of several statements with no values at all (the schema's
  // migrations). Anything that carries a value goes through query() as a parameter.
  virtual Status run_script(std::string_view constant_sql) = 0;
  Status transaction(const std::function<Status(PgConnection&)>& work);
};

class PgPool {
 public:
  // Connects lazily; at most `size` connections at once. `wait` bounds how long `run` waits
  // for a free connection before it fails (the server answers 503 then).
  PgPool(std::string conninfo, std::size_t size, std::chrono::milliseconds wait);
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Runs `work` on a pooled connection. A connection that broke is dropped, not reused.
  Status run(const std::function<Status(PgConnection&)>& work);

  // Whether the database answers (connects and runs SELECT 1).
  Status check();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The value of a text[] parameter holding `items` (PostgreSQL's array literal, every item
// quoted, `"` and `\` escaped), so a list of any length travels as one parameter
// (`unnest($1::text[])`) instead of changing the statement's text.
std::string pg_text_array(const std::vector<std::string>& items);

// The SQLSTATE of a failed query's error message, if it carried one ("23505": unique).
bool is_unique_violation(const Error& error);

}  // namespace unknot::clinic
