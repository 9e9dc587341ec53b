// Unmasked reads of an application (GetApplicationRequest.unmask_purpose) on a real
// MariaDB: the applicant and the case card in clear only for the assigned caseworker, a
// department head and the chief, each read audited with its purpose sealed; everyone
// else refused without an audit record, and bad purposes refused naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "aid/application_grpc.h"
#include "common/crypto/sealed_fields.h"
#include "common/server/tenant.h"
#include "integration/aid/aid_fixture.h"
#include "support/access_matrix.h"

namespace shouhu::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPurpose[] = "核对收款账户后办理发放";
constexpr char kGet[] = "shouhu.aid.v1.AidApplicationService/GetApplication";

class AidUnmaskTest : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tables_.push_back(aid::AidApplicationMethods(core_.get()));
    app_ = MustRegister(zhang_, Registration());
    ASSERT_FALSE(app_.application_id().empty());
  }

  absl::StatusOr<apb::Application> Get(const Principal& p, const std::string& purpose) {
    apb::GetApplicationRequest req;
    req.set_application_id(app_.application_id());
    req.set_unmask_purpose(purpose);
    absl::StatusOr<std::string> out = CallThrough(tables_, kGet, p, req);
    if (!out.ok()) return out.status();
    apb::Application a;
    if (!a.ParseFromString(*out)) return absl::InternalError("unparsable answer");
    return a;
  }

  int64_t UnmaskedReads(const std::string& actor = "") {
    return Int(absl::StrCat(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'aid.read_unmasked' AND entity_id = '",
        app_.application_id(), "'",
        actor.empty() ? "" : absl::StrCat(" AND actor = '", actor, "'")));
  }

  static void ExpectClear(const apb::Application& a) {
    EXPECT_TRUE(a.applicant().unmasked());
    EXPECT_EQ(a.applicant().name(), "张大山");
    EXPECT_EQ(a.applicant().id_number(), kAdultId());
    EXPECT_EQ(a.applicant().phone(), "13800001234");
    EXPECT_EQ(a.applicant().address(), "贵州省仁怀市中枢街道1号");
    EXPECT_EQ(a.details().household_registration(), "贵州省仁怀市茅台镇");
    EXPECT_EQ(a.details().bank_account().name(), "张大山");
    EXPECT_EQ(a.details().bank_account().account_number(), "6228480012345678");
  }

  static void ExpectMasked(const apb::Application& a) {
    EXPECT_FALSE(a.applicant().unmasked());
    EXPECT_NE(a.applicant().name(), "张大山");
    EXPECT_NE(a.applicant().id_number(), kAdultId());
    EXPECT_THAT(a.applicant().id_number(), HasSubstr("*"));
    EXPECT_NE(a.applicant().phone(), "13800001234");
    EXPECT_NE(a.details().household_registration(), "贵州省仁怀市茅台镇");
    EXPECT_EQ(a.details().bank_account().account_number(), "****5678");
  }

  std::vector<MethodTable> tables_;
  apb::Application app_;
};

TEST_F(AidUnmaskTest, TheAssignedCaseworkerReadsInClearAndTheReadIsAuditedWithItsPurposeSealed) {
  auto masked = Get(zhang_, "");
  ASSERT_TRUE(masked.ok()) << masked.status();
  ExpectMasked(*masked);
  EXPECT_EQ(UnmaskedReads(), 0);

  auto clear = Get(zhang_, kPurpose);
  ASSERT_TRUE(clear.ok()) << clear.status();
  ExpectClear(*clear);
  EXPECT_EQ(clear->version(), app_.version());  // a read changes nothing
  ASSERT_EQ(UnmaskedReads("user:u-zhang"), 1);

  const std::vector<std::string> detail = Strings(absl::StrCat(
      "SELECT detail FROM audit_log WHERE action = 'aid.read_unmasked' AND entity_id = '",
      app_.application_id(), "'"));
  ASSERT_EQ(detail.size(), 1u);
  EXPECT_THAT(detail[0], Not(HasSubstr(kPurpose)));
  EXPECT_THAT(detail[0], Not(HasSubstr("6228480012345678")));
  const std::string prefix = "{\"purpose_sealed\":\"";
  ASSERT_TRUE(absl::StartsWith(detail[0], prefix)) << detail[0];
  std::string sealed;
  ASSERT_TRUE(absl::Base64Unescape(
      detail[0].substr(prefix.size(), detail[0].size() - prefix.size() - 2), &sealed));
  auto opened =
      SealedFields(cipher_.get())
          .Open(sealed, "audit",
                UnmaskPurposeRow("aid_application", app_.application_id(), "user:u-zhang"),
                "purpose");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, kPurpose);
  // Bound to its record: it does not open as another actor's.
  EXPECT_FALSE(SealedFields(cipher_.get())
                   .Open(sealed, "audit",
                         UnmaskPurposeRow("aid_application", app_.application_id(), "user:u-head"),
                         "purpose")
                   .ok());
  EXPECT_EQ(Int(absl::StrCat("SELECT procuratorate_code = '", kRenhuai,
                             "' FROM audit_log WHERE action = 'aid.read_unmasked'")),
            1);

  // Each unmasked read is one more record.
  ASSERT_TRUE(Get(zhang_, kPurpose).ok());
  EXPECT_EQ(UnmaskedReads("user:u-zhang"), 2);
}

TEST_F(AidUnmaskTest, HeadsAndTheChiefReadInClearOtherCallersAreRefusedWithoutARecord) {
  for (const Principal* p : {&head_, &chief_, &deputy_, &untitled_chief_}) {
    auto clear = Get(*p, kPurpose);
    ASSERT_TRUE(clear.ok()) << p->id << ": " << clear.status();
    ExpectClear(*clear);
    EXPECT_EQ(UnmaskedReads(p->Name()), 1) << p->id;
  }
  const int64_t before = UnmaskedReads();
  // A caseworker the application is not assigned to reads it masked, never in clear.
  auto refused = Get(wang_, kPurpose);
  EXPECT_TRUE(absl::IsPermissionDenied(refused.status())) << refused.status();
  auto wang_masked = Get(wang_, "");
  ASSERT_TRUE(wang_masked.ok()) << wang_masked.status();
  ExpectMasked(*wang_masked);
  // Roles that do not read cards at all, and another procuratorate: refused at the gate or
  // from the id, purpose or not.
  for (const Principal* p :
       {&finance_, &analyst_, &admin_, &agency_, &xs_worker_, &xs_head_, &xs_chief_}) {
    for (const std::string purpose : {std::string(kPurpose), std::string()}) {
      auto got = Get(*p, purpose);
      EXPECT_TRUE(absl::IsPermissionDenied(got.status()))
          << p->id << " purpose '" << purpose << "': " << got.status();
    }
  }
  EXPECT_EQ(UnmaskedReads(), before);
}

TEST_F(AidUnmaskTest, APurposeTooShortOrTooLongIsRefusedNamingTheField) {
  for (const std::string purpose : {std::string("查"), std::string(201, 'x')}) {
    auto got = Get(zhang_, purpose);
    EXPECT_TRUE(absl::IsInvalidArgument(got.status())) << got.status();
    EXPECT_THAT(ViolatedFields(got.status()), ::testing::Contains("unmask_purpose"))
        << got.status();
  }
  EXPECT_EQ(UnmaskedReads(), 0);
}

}  // namespace
}  // namespace shouhu::testing
