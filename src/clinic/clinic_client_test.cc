// The patient's side of clinic mode against the real clinic app and PostgreSQL, with the
// network replaced by a transport that hands each call to ClinicApp::handle.
#include "clinic/clinic_client.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "clinic/clinic_test_support.h"
#include "testing/test_util.h"

namespace unknot::clinic {
namespace {

using testing::World;
using Json = nlohmann::json;

class ClinicClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("unknot-client-" + world_.address);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Transport transport() {
    return [this](const HttpCall& call, const HttpOptions&) -> Result<HttpReply> {
      if (offline_) return Error::failure("could not reach the clinic: connection refused");
      web::Request request = world_.request(call.method, call.url.substr(call.url.find('/', 8)), call.body);
      for (const auto& [name, value] : call.headers) {
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers[lower] = value;
      }
      const web::Response response = world_.app.handle(request);
      return HttpReply{response.status, response.body};
    };
  }

  std::string new_code() {
    auto made = world_.store.add_patient(world_.a.id, "Client test").value();
    patient_id_ = made.id;
    return made.link_code;
  }

  Json clinic_diary() {
    auto response = world_.app.handle(
        world_.as_clinician(world_.request("GET", "/api/clinic/patients/" + patient_id_ + "/diary"), world_.a));
    return Json::parse(response.body)["entries"];
  }

  World world_;
  std::filesystem::path dir_;
  std::string patient_id_;
  bool offline_ = false;
};

const std::string kPain1 = R"({"at":"2026-03-28T07:30:00","type":"pain","nprs":5,"context":"morning"})";
const std::string kPain2 = R"({"at":"2026-03-29T07:30:00","type":"pain","nprs":4,"context":"morning"})";

TEST_F(ClinicClientTest, LinkSavesAPrivateTokenAndSyncSendsOnlyWhatIsNew) {
  ClinicClient client(dir_.string(), transport());
  client.check_prescriptions_against(test_util::embedded_catalogue());
  ASSERT_TRUE(client.link("http://clinic.test:8443/", new_code(), std::nullopt, "2026-03-30T09:00:00").ok());
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "clinic.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  auto first = client.sync({kPain1, kPain2}, std::nullopt, "2026-03-30T09:01:00");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->pushed, 2);
  EXPECT_EQ(client.pending({kPain1, kPain2}).value(), 0);
  auto second = client.sync({kPain1, kPain2}, std::nullopt, "2026-03-30T09:02:00");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->pushed, 0);
  EXPECT_EQ(second->already_there, 0) << "nothing new should even be sent";
  EXPECT_EQ(clinic_diary().size(), 2u);
}

TEST_F(ClinicClientTest, AFailedSyncIsRecordedAndTheNextOneCatchesUp) {
  ClinicClient client(dir_.string(), transport());
  client.check_prescriptions_against(test_util::embedded_catalogue());
  ASSERT_TRUE(client.link("http://clinic.test/", new_code(), std::nullopt, "2026-03-30T09:00:00").ok());
  offline_ = true;
  auto failed = client.sync({kPain1}, std::nullopt, "2026-03-30T09:01:00");
  ASSERT_FALSE(failed.ok());
  auto state = client.state().value();
  ASSERT_TRUE(state.has_value());
  EXPECT_FALSE(state->last_sync_ok);
  EXPECT_NE(state->last_error.find("could not reach"), std::string::npos);
  EXPECT_EQ(client.pending({kPain1}).value(), 1);
  offline_ = false;
  auto caught_up = client.sync({kPain1, kPain2}, std::nullopt, "2026-03-30T09:05:00");
  ASSERT_TRUE(caught_up.ok());
  EXPECT_EQ(caught_up->pushed, 2);
  EXPECT_TRUE(client.state().value()->last_sync_ok);
}

TEST_F(ClinicClientTest, ARefusedCodeIsBadInputAndLinksNothing) {
  ClinicClient client(dir_.string(), transport());
  client.check_prescriptions_against(test_util::embedded_catalogue());
  auto refused = client.link("http://clinic.test/", "AAAA-BBBB-CCCC", std::nullopt, "2026-03-30T09:00:00");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kBadInput);
  EXPECT_FALSE(client.state().value().has_value());
  EXPECT_EQ(client.link("ftp://clinic.test/", "X", std::nullopt, "").error().kind, ErrorKind::kBadInput);
}

TEST_F(ClinicClientTest, UnlinkWithDeletionEmptiesTheClinicsCopyAndForgetsTheLink) {
  ClinicClient client(dir_.string(), transport());
  client.check_prescriptions_against(test_util::embedded_catalogue());
  ASSERT_TRUE(client.link("http://clinic.test/", new_code(), std::nullopt, "2026-03-30T09:00:00").ok());
  ASSERT_TRUE(client.sync({kPain1}, std::nullopt, "2026-03-30T09:01:00").ok());
  offline_ = true;
  EXPECT_FALSE(client.unlink(true).ok());
  EXPECT_TRUE(client.state().value().has_value()) << "an unlink that did not reach the clinic forgets nothing";
  offline_ = false;
  ASSERT_TRUE(client.unlink(true).ok());
  EXPECT_FALSE(client.state().value().has_value());
  EXPECT_EQ(clinic_diary().size(), 0u);
}

}  // namespace
}  // namespace unknot::clinic
