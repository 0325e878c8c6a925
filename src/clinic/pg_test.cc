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

}  // namespace
}  // namespace unknot::clinic
