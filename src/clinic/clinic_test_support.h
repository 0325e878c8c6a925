// Test support for the clinic: a PostgreSQL from $UNKNOT_CLINIC_DB (scripts/with-postgres.sh
// starts one), migrated once per test binary, and a small world of two clinicians, each with
// a linked patient, to run requests against.
#pragma once

#include <memory>
#include <string>

#include "clinic/clinic_app.h"
#include "clinic/clinic_store.h"
#include "clinic/pg.h"
#include "web/http.h"

namespace unknot::clinic::testing {

// The pool for the test database; fails the test (never skips) when there is none.
PgPool& test_pool();

struct Clinician {
  std::string email;
  std::string password;
  long long id = 0;
  std::string session;  // cookie value
  std::string csrf;
};

struct Patient {
  std::string id;
  std::string device_token;
};

// Two clinicians A and B, each with one linked patient; names unique per world.
struct World {
  World();
  ClinicStore store;
  ClinicApp app;
  Clinician a, b;
  Patient pa, pb;
  std::string address;  // the client address requests come from (unique per world)

  void sign_in(Clinician& who);
  void relink(Patient& patient, const Clinician& owner);

  web::Request request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::string& content_type = "application/json") const;
  web::Request as_clinician(web::Request request, const Clinician& who) const;
  web::Request as_device(web::Request request, const Patient& who) const;
};

// "2026-03-30": the fixed today the app is given in tests.
inline constexpr const char* kToday = "2026-03-30";

}  // namespace unknot::clinic::testing
