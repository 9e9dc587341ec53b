// CaseFactsService/GetCaseFacts of the guardianship service (案件质量评查) on a real
// MariaDB: an order served on both guardians and an issued 检察建议 of the case come back as
// facts with exactly the filled keys, the sealed texts as "*"; another case's records stay
// out; an unknown case has none; a malformed id is INVALID_ARGUMENT naming case_id; only
// the oversight service may call.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/base/dates.h"
#include "gmock/gmock.h"
#include "guardianship/case_facts.h"
#include "guardianship/escalation_grpc.h"
#include "guardianship/escalation_ops.h"
#include "integration/guardianship/order_fixture.h"

namespace shouhu::testing {
namespace {

namespace opb = ::shouhu::oversight::v1;

class GuardianshipCaseFactsTest : public OrderFixture {
 protected:
  void SetUp() override {
    OrderFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    esc_ = std::make_unique<guardianship::EscalationCore>(deps_);
    esc_table_ = std::make_unique<MethodTable>(guardianship::EscalationMethods(esc_.get()));
    facts_ = std::make_unique<guardianship::CaseFactsCore>(deps_);
    facts_table_ = std::make_unique<MethodTable>(guardianship::CaseFactsMethods(facts_.get()));
    ASSERT_TRUE(facts_table_->status().ok()) << facts_table_->status();
  }

  absl::StatusOr<opb::CaseFacts> Facts(const Principal& p, const std::string& case_id) {
    opb::GetCaseFactsRequest r;
    r.set_case_id(case_id);
    return Call<opb::CaseFacts>(*facts_table_, p, "GetCaseFacts", r);
  }

  // A 检察建议 to mz-renhuai, drafted by zhang, submitted, approved by the deputy chief.
  gpb::Escalation IssuedSuggestion() {
    gpb::DraftEscalationRequest r;
    r.set_request_id(Rid());
    r.set_case_id(kCase);
    r.set_kind(gpb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
    r.set_basis(gpb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
    r.set_addressee_agency_code("mz-renhuai");
    r.set_content("监护人长期外出务工，未成年人无人照料，建议落实临时照护");
    auto e = Call<gpb::Escalation>(*esc_table_, zhang_, "DraftEscalation", r);
    EXPECT_TRUE(e.ok()) << e.status();
    for (const auto& [who, method] :
         {std::pair<const Principal*, const char*>{&zhang_, "SubmitEscalation"},
          {&deputy_, "ApproveEscalation"}}) {
      gpb::EscalationActionRequest a;
      a.set_request_id(Rid());
      a.set_escalation_id(e->escalation_id());
      a.set_version(e->version());
      a.set_agree(true);
      a.set_note("同意");
      e = Call<gpb::Escalation>(*esc_table_, *who, method, a);
      EXPECT_TRUE(e.ok()) << method << ": " << e.status();
    }
    return e.ok() ? *e : gpb::Escalation();
  }

  static std::set<std::string> Keys(const opb::RecordFacts& r) {
    std::set<std::string> out;
    for (const auto& [k, v] : r.fields()) out.insert(k);
    return out;
  }

  const Principal oversight_ = ::shouhu::testing::Service("oversight");
  std::unique_ptr<guardianship::EscalationCore> esc_;
  std::unique_ptr<MethodTable> esc_table_;
  std::unique_ptr<guardianship::CaseFactsCore> facts_;
  std::unique_ptr<MethodTable> facts_table_;
};

TEST_F(GuardianshipCaseFactsTest, AnOrderAndASuggestionOfTheCaseAsFacts) {
  const gpb::Order order = Supervised();
  const gpb::Escalation esc = IssuedSuggestion();
  // Another procuratorate's case: not in this case's facts.
  gpb::DraftOrderRequest other = Draft();
  other.set_case_id(kXsCase);
  other.clear_guidance();
  MustDraft(other, &xs_worker_);

  auto facts = Facts(oversight_, kCase);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->case_id(), kCase);
  EXPECT_EQ(facts->source(), "guardianship");
  ASSERT_EQ(facts->records_size(), 2) << facts->DebugString();

  const opb::RecordFacts& e = facts->records(0);  // "escalation" < "order"
  EXPECT_EQ(e.kind(), "escalation");
  EXPECT_EQ(e.record_id(), esc.escalation_id());
  EXPECT_EQ(e.status(), "ESCALATION_STATUS_ISSUED");
  EXPECT_EQ(e.assigned_to(), "u-zhang");
  EXPECT_EQ(Keys(e), (std::set<std::string>{"kind", "addressee_agency_code", "document_number",
                                            "issued_on", "reply_due_on", "content"}))
      << e.DebugString();
  EXPECT_EQ(e.fields().at("kind"), "ESCALATION_KIND_PROCURATORIAL_SUGGESTION");
  EXPECT_EQ(e.fields().at("addressee_agency_code"), "mz-renhuai");
  EXPECT_EQ(e.fields().at("document_number"), esc.document_number());
  EXPECT_EQ(e.fields().at("issued_on"), DateString(esc.issued_on()));
  EXPECT_EQ(e.fields().at("content"), "*");

  const opb::RecordFacts& o = facts->records(1);
  EXPECT_EQ(o.kind(), "order");
  EXPECT_EQ(o.record_id(), order.order_id());
  EXPECT_EQ(o.status(), "ORDER_STATUS_UNDER_SUPERVISION");
  EXPECT_EQ(o.assigned_to(), "u-zhang");
  EXPECT_EQ(Keys(o), (std::set<std::string>{"kind", "minor_person_id", "document_number",
                                            "order_date", "compliance_starts_on",
                                            "compliance_ends_on", "served_on", "facts"}))
      << o.DebugString();
  EXPECT_EQ(o.fields().at("kind"), "ORDER_KIND_SUPERVISION");
  EXPECT_EQ(o.fields().at("minor_person_id"), kMinor);
  EXPECT_EQ(o.fields().at("document_number"), order.document_number());
  EXPECT_EQ(o.fields().at("served_on"), DateString(ChinaDay(clock_.Now())));
  EXPECT_EQ(o.fields().at("compliance_starts_on"), o.fields().at("served_on"));
  EXPECT_EQ(o.fields().at("facts"), "*");

  // The evaluation fills its date and outcome.
  const gpb::Order current = Must(zhang_, "GetOrder", [&] {
    gpb::GetOrderRequest g;
    g.set_order_id(order.order_id());
    return g;
  }());
  clock_.Advance(absl::Hours(24 * 100));
  Must(head_, "EvaluateOrder", Evaluation(current, gpb::OVERALL_FINDING_FULLY_COMPLIED));
  facts = Facts(oversight_, kCase);
  ASSERT_TRUE(facts.ok()) << facts.status();
  const opb::RecordFacts& evaluated = facts->records(1);
  EXPECT_EQ(evaluated.status(), "ORDER_STATUS_COMPLIED") << evaluated.DebugString();
  EXPECT_EQ(evaluated.fields().at("evaluation_outcome"), "ORDER_STATUS_COMPLIED");
  EXPECT_TRUE(evaluated.fields().contains("evaluated_on"));
}

TEST_F(GuardianshipCaseFactsTest, UnknownAndMalformedCasesAndCallersOtherThanOversight) {
  Supervised();
  auto none = Facts(oversight_, "case-520382-0000000000000099");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->records_size(), 0);
  EXPECT_EQ(none->source(), "guardianship");
  for (const std::string& bad : {std::string(), std::string("order-520382-1"),
                                 std::string("case-52038-1"), std::string(65, 'c')}) {
    auto refused = Facts(oversight_, bad);
    EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << bad << refused.status();
    EXPECT_THAT(ViolatedFields(refused.status()), ::testing::ElementsAre("case_id"));
  }
  for (const Principal* p : {&zhang_, &chief_, &deputy_, &fulian_, &minzheng_}) {
    EXPECT_TRUE(absl::IsPermissionDenied(Facts(*p, kCase).status())) << p->Name();
  }
  EXPECT_TRUE(absl::IsPermissionDenied(Facts(::shouhu::testing::Service("visit"), kCase).status()));
  EXPECT_TRUE(
      absl::IsPermissionDenied(Facts(::shouhu::testing::Service("referral"), kCase).status()));
}

}  // namespace
}  // namespace shouhu::testing
