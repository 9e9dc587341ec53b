// GuardianshipConfigService on a real MariaDB, through its handlers: the defaults, an
// update with its version, bad input writing nothing and naming the field, replay by
// request id, stale versions, admin-only writes and own-procuratorate reads.
#include <gtest/gtest.h>

#include <memory>

#include "guardianship/config_grpc.h"
#include "guardianship/config_ops.h"
#include "guardianship/policy.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "support/table_counts.h"

namespace shouhu::guardianship {
namespace {

using ::shouhu::testing::kRenhuai;
using ::shouhu::testing::kXishui;

class GuardianshipConfigTest : public ::shouhu::testing::GuardianshipFixture {
 protected:
  void SetUp() override {
    GuardianshipFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    core_ = std::make_unique<ConfigCore>(deps_);
    table_ = std::make_unique<MethodTable>(GuardianshipConfigMethods(core_.get()));
    ASSERT_TRUE(table_->status().ok()) << table_->status();
  }

  absl::StatusOr<pb::OrderPolicy> Get(const Principal& p, const std::string& code = "") {
    pb::GetOrderPolicyRequest req;
    req.set_procuratorate_code(code);
    return Call<pb::OrderPolicy>(*table_, p, "GetOrderPolicy", req);
  }
  absl::StatusOr<pb::OrderPolicy> Update(const pb::OrderPolicy& policy, std::string rid = "",
                                         const Principal* p = nullptr) {
    pb::UpdateOrderPolicyRequest req;
    req.set_request_id(rid.empty() ? Rid() : rid);
    *req.mutable_policy() = policy;
    return Call<pb::OrderPolicy>(*table_, p ? *p : admin_, "UpdateOrderPolicy", req);
  }

  std::unique_ptr<ConfigCore> core_;
  std::unique_ptr<MethodTable> table_;
};

TEST_F(GuardianshipConfigTest, DefaultsThenAnUpdateWithItsVersion) {
  auto p = Get(zhang_);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->version(), 0);
  EXPECT_EQ(p->procuratorate_code(), kRenhuai);
  EXPECT_EQ(p->max_compliance_months(), 6);

  pb::OrderPolicy want = *p;
  want.set_max_compliance_months(9);
  want.set_document_prefix("仁检督监令");
  want.set_township_working_days(10);
  want.set_county_working_days(5);
  auto stored = Update(want);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->version(), 1);
  EXPECT_EQ(stored->max_compliance_months(), 9);
  EXPECT_EQ(DocumentPrefixFor(*stored, pb::DOCUMENT_KIND_SUPERVISION_ORDER), "仁检督监令");
  EXPECT_EQ(DocumentPrefixFor(*stored, pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE), "检家教令");
  EXPECT_EQ(stored->county_working_days(), 5);
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.policy.update'"), 1);

  auto read = Get(head_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->version(), 1);
  EXPECT_EQ(read->township_working_days(), 10);
  EXPECT_EQ(read->step_actors_size(), 4);

  // Stale: the version read before the update.
  want.set_max_compliance_months(8);
  auto stale = Update(want);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
}

TEST_F(GuardianshipConfigTest, ReplayReturnsTheStoredAnswer) {
  pb::OrderPolicy want = DefaultOrderPolicy(kRenhuai);
  want.set_max_compliance_months(7);
  const std::string rid = Rid();
  auto first = Update(want, rid);
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = Update(want, rid);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->version(), 1);
  EXPECT_EQ(Int("SELECT version FROM guard_policies WHERE procuratorate_code = '520382'"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.policy.update'"), 1);
}

TEST_F(GuardianshipConfigTest, BadInputNamesTheFieldAndWritesNothing) {
  auto before = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok());
  pb::OrderPolicy bad = DefaultOrderPolicy(kRenhuai);
  bad.set_min_compliance_months(0);
  auto r = Update(bad);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasField(r.status(), "policy.min_compliance_months")) << r.status();

  bad = DefaultOrderPolicy(kRenhuai);
  bad.mutable_step_actors(1)->set_step(pb::APPROVAL_STEP_UNSPECIFIED);
  r = Update(bad);
  EXPECT_TRUE(HasField(r.status(), "policy.step_actors[1].step")) << r.status();

  bad = DefaultOrderPolicy("52038");
  r = Update(bad);
  EXPECT_TRUE(HasField(r.status(), "policy.procuratorate_code")) << r.status();

  auto after = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*before, *after);
}

TEST_F(GuardianshipConfigTest, OnlyAdminsWriteAndStaffReadTheirOwn) {
  const pb::OrderPolicy want = DefaultOrderPolicy(kRenhuai);
  EXPECT_EQ(Update(want, "", &head_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Update(want, "", &chief_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Get(xs_worker_, kRenhuai).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Get(fulian_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Get(analyst_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Get(admin_, kXishui).ok());
  EXPECT_EQ(Count("guard_policies"), 0);
}

}  // namespace
}  // namespace shouhu::guardianship
