// The PostgreSQL layer against a real server: statements prepared once per connection and
// reused, a failed statement leaving the connection usable, and text[] parameters carrying any
// text exactly (quotes, backslashes, braces, commas, "NULL").
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "clinic/clinic_test_support.h"
#include "clinic/pg.h"

namespace unknot::clinic {
namespace {

TEST(Pg, AStatementIsPreparedOnItsFirstUseAndReusedAfter) {
  (void)testing::test_pool();  // fails clearly when UNKNOT_CLINIC_DB is not set
  PgPool pool(std::getenv("UNKNOT_CLINIC_DB"), 1, std::chrono::seconds(10));
  const std::string sql = "SELECT $1::int + 1 AS next";
  const std::string listed = "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1";
  ASSERT_TRUE(pool.run([&](PgConnection& db) -> Status {
    for (int i = 0; i < 3; ++i) {
      auto rows = db.query(sql, {std::to_string(i)});
      if (!rows) return rows.error();
      EXPECT_EQ(rows->at(0, "next"), std::to_string(i + 1));
    }
    auto prepared = db.query(listed, {sql});
    if (!prepared) return prepared.error();
    EXPECT_EQ(prepared->at(0, "n"), "1");  // once, however often it ran
    return Ok{};
  }));
  // The same connection again (a pool of one): still prepared, still one.
  ASSERT_TRUE(pool.run([&](PgConnection& db) -> Status {
    auto prepared = db.query(listed, {sql});
    if (!prepared) return prepared.error();
    EXPECT_EQ(prepared->at(0, "n"), "1");
    return Ok{};
  }));
}

TEST(Pg, AStatementThatFailsToPrepareIsAnErrorAndTheConnectionStaysUsable) {
  (void)testing::test_pool();
  PgPool pool(std::getenv("UNKNOT_CLINIC_DB"), 1, std::chrono::seconds(10));
  ASSERT_TRUE(pool.run([&](PgConnection& db) -> Status {
    auto bad = db.query("SELECT FROM WHERE $1", {"x"});
    EXPECT_FALSE(bad);
    auto missing = db.query("SELECT x FROM no_such_table_here WHERE x = $1", {"x"});
    EXPECT_FALSE(missing);
    if (!missing) {
      EXPECT_NE(missing.error().message.find("no_such_table_here"), std::string::npos);
    }
    // Inside a transaction a failure rolls it back, and the next statements work.
    auto failed = db.transaction([](PgConnection& tx) -> Status {
      auto rows = tx.query("SELECT 1 / $1::int AS q", {"0"});
      if (!rows) return rows.error();
      return Ok{};
    });
    EXPECT_FALSE(failed);
    auto good = db.query("SELECT 1 / $1::int AS q", {"1"});
    if (!good) return good.error();
    EXPECT_EQ(good->at(0, "q"), "1");
    return Ok{};
  }));
}

TEST(Pg, ATextArrayParameterCarriesAnyTextExactly) {
  (void)testing::test_pool();
  const std::vector<std::string> items = {"plain", "", "NULL", "a \"quoted\" word", "back\\slash \\\" both",
                                          "{braces}, commas", "x'); DROP TABLE entries; --", "line\nbreak\ttab",
                                          "ünïcödé ✓"};
  EXPECT_EQ(pg_text_array({}), "{}");
  ASSERT_TRUE(testing::test_pool().run([&](PgConnection& db) -> Status {
    auto rows = db.query("SELECT u.item, u.n FROM unnest($1::text[]) WITH ORDINALITY AS u(item, n) ORDER BY u.n",
                         {pg_text_array(items)});
    if (!rows) return rows.error();
    EXPECT_EQ(rows->size(), items.size());
    for (std::size_t i = 0; i < items.size() && i < rows->size(); ++i) {
      EXPECT_FALSE(rows->is_null(i, "item")) << i;
      EXPECT_EQ(rows->at(i, "item"), items[i]) << i;
    }
    return Ok{};
  }));
}

TEST(Pg, APipelineAnswersEveryStatementInOrderInOneTransaction) {
  (void)testing::test_pool();
  PgPool pool(std::getenv("UNKNOT_CLINIC_DB"), 1, std::chrono::seconds(10));
  ASSERT_TRUE(pool.run([&](PgConnection& db) -> Status {
    auto made = db.query("CREATE TEMP TABLE IF NOT EXISTS pipeline_rows (n int)");
    if (!made) return made.error();
    auto answered = db.pipeline({{"INSERT INTO pipeline_rows VALUES ($1::int) RETURNING n", {"7"}},
                                 {"SELECT count(*) AS n, txid_current_if_assigned() IS NOT NULL AS in_tx"
                                  " FROM pipeline_rows WHERE n = $1::int",
                                  {"7"}},
                                 {"SELECT $1::text AS same", {PgParam{}}}});
    if (!answered) return answered.error();
    EXPECT_EQ(answered->size(), 3u);
    if (answered->size() == 3) {
      EXPECT_EQ((*answered)[0].at(0, "n"), "7");
      EXPECT_EQ((*answered)[1].at(0, "n"), "1");      // sees the first statement's row
      EXPECT_EQ((*answered)[1].at(0, "in_tx"), "t");  // one transaction: the insert's
      EXPECT_TRUE((*answered)[2].is_null(0, "same"));
    }
    // The connection works as before after a pipeline, and again in one.
    auto after = db.query("SELECT count(*) AS n FROM pipeline_rows");
    if (!after) return after.error();
    EXPECT_EQ(after->at(0, "n"), "1");
    auto again = db.pipeline({{"SELECT count(*) AS n FROM pipeline_rows WHERE n = $1::int", {"7"}}});
    if (!again) return again.error();
    EXPECT_EQ((*again)[0].at(0, "n"), "1");
    return Ok{};
  }));
}

TEST(Pg, AFailureInAPipelineRunsNothingAfterItAndCommitsNothing) {
  (void)testing::test_pool();
  PgPool pool(std::getenv("UNKNOT_CLINIC_DB"), 1, std::chrono::seconds(10));
  ASSERT_TRUE(pool.run([&](PgConnection& db) -> Status {
    auto made = db.query("CREATE TEMP TABLE IF NOT EXISTS pipeline_failures (n int)");
    if (!made) return made.error();
    auto failed = db.pipeline({{"INSERT INTO pipeline_failures VALUES ($1::int)", {"1"}},
                               {"SELECT 1 / $1::int AS q", {"0"}},
                               {"INSERT INTO pipeline_failures VALUES ($1::int)", {"2"}}});
    EXPECT_FALSE(failed);
    if (!failed) {
      EXPECT_NE(failed.error().message.find("division by zero"), std::string::npos);
    }
    auto rows = db.query("SELECT count(*) AS n FROM pipeline_failures");
    if (!rows) return rows.error();
    EXPECT_EQ(rows->at(0, "n"), "0");  // the first insert rolled back, the third never ran
    return Ok{};
  }));
}

}  // namespace
}  // namespace unknot::clinic
