#include "clinic/clinic_test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "clinic/secrets.h"
#include "testing/test_util.h"

namespace unknot::clinic::testing {

PgPool& test_pool() {
  static PgPool* pool = [] {
    const char* url = std::getenv("UNKNOT_CLINIC_DB");
    if (url == nullptr || *url == '\0') {
      ADD_FAILURE() << "UNKNOT_CLINIC_DB is not set: run the clinic tests through scripts/with-postgres.sh";
      std::abort();
    }
    auto* made = new PgPool(url, 4, std::chrono::seconds(10));
    auto version = migrate(*made);
    if (!version) {
      ADD_FAILURE() << version.error().message;
      std::abort();
    }
    return made;
  }();
  return *pool;
}

World::World()
    : store(test_pool()), app(store, test_util::embedded_catalogue(), {}, [] { return std::string(kToday); }) {
  const std::string tag = random_token(4);
  address = "client-" + tag;  // unique, so throttling in one test never reaches another
  a = {"a-" + tag + "@clinic.test", "password for A " + tag, 0, "", ""};
  b = {"b-" + tag + "@clinic.test", "password for B " + tag, 0, "", ""};
  a.id = store.add_clinician(a.email, "Dr A " + tag, a.password).value();
  b.id = store.add_clinician(b.email, "Dr B " + tag, b.password).value();
  sign_in(a);
  sign_in(b);
  pa.id = store.add_patient(a.id, "Patient of A").value().id;
  pb.id = store.add_patient(b.id, "Patient of B").value().id;
  relink(pa, a);
  relink(pb, b);
}

void World::sign_in(Clinician& who) {
  auto session = store.login(who.email, who.password, address).value();
  ASSERT_TRUE(session.has_value());
  who.session = session->token;
  who.csrf = session->csrf_token;
}

void World::relink(Patient& patient, const Clinician& owner) {
  auto code = store.renew_link_code(owner.id, patient.id).value();
  ASSERT_TRUE(code.has_value());
  auto token = store.link(code->link_code).value();
  ASSERT_TRUE(token.has_value());
  patient.device_token = *token;
}

web::Request World::request(const std::string& method, const std::string& target, const std::string& body,
                            const std::string& content_type) const {
  web::Request request;
  request.method = method;
  request.target = target;
  request.headers["host"] = "clinic.test";
  if (!body.empty()) request.headers["content-type"] = content_type;
  request.body = body;
  request.remote_address = address;
  return request;
}

web::Request World::as_clinician(web::Request request, const Clinician& who) const {
  request.headers["cookie"] = std::string(kSessionCookie) + "=" + who.session;
  request.headers["x-csrf-token"] = who.csrf;
  if (request.headers["content-type"] == "application/x-www-form-urlencoded") {
    request.body += (request.body.empty() ? "" : "&") + std::string("csrf=") + who.csrf;
  }
  return request;
}

web::Request World::as_device(web::Request request, const Patient& who) const {
  request.headers["authorization"] = "Bearer " + who.device_token;
  return request;
}

}  // namespace unknot::clinic::testing
