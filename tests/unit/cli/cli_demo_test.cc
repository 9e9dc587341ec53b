// The demo referrals in deploy/local/demo must stay valid SubmitReferralRequests with valid
// resident ID numbers, so that `shouhu submit` of each one is accepted.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/base/id_number.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::cli {
namespace {

namespace rv1 = ::shouhu::referral::v1;
namespace gv1 = ::shouhu::guardianship::v1;

std::vector<std::filesystem::path> DemoFiles() {
  const char* source = std::getenv("SHOUHU_SOURCE_DIR");
  std::filesystem::path dir =
      std::filesystem::path(source == nullptr ? "." : source) / "deploy/local/demo";
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  return files;
}

TEST(DemoReferralsTest, AreValidSubmitRequests) {
  std::vector<std::filesystem::path> files = DemoFiles();
  ASSERT_GE(files.size(), 6u) << "SHOUHU_SOURCE_DIR must point at the source tree";
  std::set<int> kinds;
  std::set<std::string> subject_ids;
  bool repeated_subject = false;
  bool subject_without_id = false;
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    // <agency code>__<name>.json
    EXPECT_NE(path.filename().string().find("__"), std::string::npos);
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    rv1::SubmitReferralRequest req;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(text.str(), &req, options).ok());
    kinds.insert(req.kind());
    EXPECT_FALSE(req.facts().empty());
    EXPECT_EQ(req.occurred_on().year(), 2026);
    int subjects = 0;
    for (const rv1::ReferralPersonInput& p : req.people()) {
      const auto& person = p.person();
      SCOPED_TRACE(person.name());
      EXPECT_FALSE(person.name().empty());
      if (p.role() == rv1::PERSON_ROLE_SUBJECT) {
        ++subjects;
        EXPECT_GE(person.birth_date().year(), 2010);
        EXPECT_LE(person.birth_date().year(), 2016);
        if (person.id_number().empty()) {
          subject_without_id = true;
        } else if (!subject_ids.insert(person.id_number()).second) {
          repeated_subject = true;
        }
      }
      if (person.id_number().empty()) {
        EXPECT_NE(person.birth_date().year(), 0) << "birth date needed without an ID number";
        continue;
      }
      // Checked by the service's own rules (common/base/id_number.h), as on submission.
      const std::string& id = person.id_number();
      EXPECT_TRUE(ValidateIdNumber(id, absl::CivilDay(2026, 12, 31)).ok())
          << ValidateIdNumber(id, absl::CivilDay(2026, 12, 31));
      EXPECT_EQ(id.substr(0, 6), "520382");
      const absl::StatusOr<absl::CivilDay> birth = BirthDateFromIdNumber(id);
      ASSERT_TRUE(birth.ok()) << birth.status();
      EXPECT_EQ(*birth, absl::CivilDay(person.birth_date().year(), person.birth_date().month(),
                                       person.birth_date().day()));
      const absl::StatusOr<Sex> sex = SexFromIdNumber(id);
      ASSERT_TRUE(sex.ok()) << sex.status();
      EXPECT_EQ(*sex == Sex::kMale, person.sex() == shouhu::common::v1::SEX_MALE);
    }
    EXPECT_EQ(subjects, 1);
    if (req.kind() == rv1::REFERRAL_KIND_MANDATORY_REPORT) {
      EXPECT_GT(req.situations_size(), 0);
    }
    if (req.kind() == rv1::REFERRAL_KIND_JUDICIAL_AID) {
      EXPECT_GT(req.aid_grounds_size(), 0);
    }
    if (req.kind() == rv1::REFERRAL_KIND_SPECIAL_MINOR) {
      EXPECT_GT(req.special_categories_size(), 0);
    }
  }
  EXPECT_EQ(kinds.size(), 4u) << "every referral kind has a demo";
  EXPECT_TRUE(repeated_subject) << "one minor is referred twice by ID number";
  EXPECT_TRUE(subject_without_id) << "one minor has no ID number (possible duplicate)";
}

std::filesystem::path SourceDir() {
  const char* source = std::getenv("SHOUHU_SOURCE_DIR");
  return std::filesystem::path(source == nullptr ? "." : source);
}

bool ParseFile(const std::filesystem::path& path, google::protobuf::Message* message) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return !text.str().empty() &&
         google::protobuf::util::JsonStringToMessage(text.str(), message, options).ok();
}

// The guardianship inputs of demo.sh (the guardian's person id is filled in by the script).
TEST(DemoGuardianshipTest, InputsAreValidRequestsOfTheOrderCommands) {
  const std::filesystem::path dir = SourceDir() / "deploy/local/demo/guardianship";
  for (const char* name : {"order-supervision.json", "order-draft-only.json"}) {
    SCOPED_TRACE(name);
    gv1::DraftOrderRequest req;
    ASSERT_TRUE(ParseFile(dir / name, &req)) << "SHOUHU_SOURCE_DIR must point at the source tree";
    EXPECT_EQ(req.addressees_size(), 1);
    EXPECT_TRUE(req.addressees(0).person_id().empty());
    EXPECT_GT(req.failings_size(), 0);
    EXPECT_GT(req.actions_size(), 0);
    EXPECT_FALSE(req.facts().empty());
    EXPECT_GE(req.compliance_months(), 3);
    EXPECT_LE(req.compliance_months(), 6);
    ASSERT_EQ(req.guidance_size(), 1);
  }
  gv1::DraftOrderRequest served;
  ASSERT_TRUE(ParseFile(dir / "order-supervision.json", &served));
  EXPECT_EQ(served.kind(), gv1::ORDER_KIND_SUPERVISION);
  // The 妇联 records the demo's guidance session: the order must name it.
  EXPECT_EQ(served.guidance(0).agency_code(), "fulian-renhuai");
  gv1::AssessUnattendedChildRequest check;
  ASSERT_TRUE(ParseFile(dir / "unattended-check.json", &check));
  ASSERT_EQ(check.parents_size(), 2);
  EXPECT_EQ(check.parents(0).role(), gv1::PARENT_ROLE_FATHER);
  EXPECT_EQ(check.parents(1).role(), gv1::PARENT_ROLE_MOTHER);

  std::ifstream script(SourceDir() / "deploy/local/demo.sh");
  std::stringstream text;
  text << script.rdbuf();
  for (const char* step : {"order draft", "order submit", "order approve", "order serve",
                           "order session", "order unattended-assess", "demo-order-2-draft"}) {
    EXPECT_NE(text.str().find(step), std::string::npos) << step;
  }
}

}  // namespace
}  // namespace shouhu::cli
