// The order state machine (every move from every state), the failing code list, the
// result of an overall finding, the compliance period and evaluation overdue.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

#include "common/base/dates.h"
#include "guardianship/order_domain.h"

namespace shouhu::guardianship {
namespace {

using absl::CivilDay;

constexpr OrderMove kMoves[] = {
    OrderMove::kEditDraft, OrderMove::kSubmit,    OrderMove::kApprove,   OrderMove::kReturn,
    OrderMove::kServe,     OrderMove::kServeLast, OrderMove::kCancel,    OrderMove::kExtend,
    OrderMove::kSupervise, OrderMove::kEvaluate,  OrderMove::kTerminate,
};

using S = pb::OrderStatus;

TEST(OrderStateMachineTest, EveryLegalMoveAndNothingElse) {
  const std::map<std::pair<S, OrderMove>, S> legal = {
      {{pb::ORDER_STATUS_DRAFT, OrderMove::kEditDraft}, pb::ORDER_STATUS_DRAFT},
      {{pb::ORDER_STATUS_DRAFT, OrderMove::kSubmit}, pb::ORDER_STATUS_PENDING_APPROVAL},
      {{pb::ORDER_STATUS_DRAFT, OrderMove::kCancel}, pb::ORDER_STATUS_CANCELLED},
      {{pb::ORDER_STATUS_PENDING_APPROVAL, OrderMove::kApprove}, pb::ORDER_STATUS_ISSUED},
      {{pb::ORDER_STATUS_PENDING_APPROVAL, OrderMove::kReturn}, pb::ORDER_STATUS_DRAFT},
      {{pb::ORDER_STATUS_PENDING_APPROVAL, OrderMove::kCancel}, pb::ORDER_STATUS_CANCELLED},
      {{pb::ORDER_STATUS_ISSUED, OrderMove::kServe}, pb::ORDER_STATUS_ISSUED},
      {{pb::ORDER_STATUS_ISSUED, OrderMove::kServeLast}, pb::ORDER_STATUS_UNDER_SUPERVISION},
      {{pb::ORDER_STATUS_ISSUED, OrderMove::kCancel}, pb::ORDER_STATUS_CANCELLED},
      {{pb::ORDER_STATUS_UNDER_SUPERVISION, OrderMove::kExtend},
       pb::ORDER_STATUS_UNDER_SUPERVISION},
      {{pb::ORDER_STATUS_UNDER_SUPERVISION, OrderMove::kSupervise},
       pb::ORDER_STATUS_UNDER_SUPERVISION},
      {{pb::ORDER_STATUS_UNDER_SUPERVISION, OrderMove::kEvaluate}, pb::ORDER_STATUS_COMPLIED},
      {{pb::ORDER_STATUS_UNDER_SUPERVISION, OrderMove::kTerminate}, pb::ORDER_STATUS_TERMINATED},
  };
  int checked = 0;
  for (int s = pb::ORDER_STATUS_DRAFT; s <= pb::ORDER_STATUS_TERMINATED; ++s) {
    const S from = static_cast<S>(s);
    for (OrderMove m : kMoves) {
      absl::StatusOr<S> to = NextOrderStatus(from, m);
      auto it = legal.find({from, m});
      if (it == legal.end()) {
        EXPECT_EQ(to.status().code(), absl::StatusCode::kFailedPrecondition)
            << pb::OrderStatus_Name(from) << " " << OrderMoveName(m);
      } else {
        ASSERT_TRUE(to.ok()) << pb::OrderStatus_Name(from) << " " << OrderMoveName(m);
        EXPECT_EQ(*to, it->second) << pb::OrderStatus_Name(from) << " " << OrderMoveName(m);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8 * 11);
}

TEST(OrderStateMachineTest, FinalStatesAcceptNoMove) {
  for (pb::OrderStatus s : {pb::ORDER_STATUS_COMPLIED, pb::ORDER_STATUS_NOT_COMPLIED,
                            pb::ORDER_STATUS_CANCELLED, pb::ORDER_STATUS_TERMINATED}) {
    EXPECT_TRUE(IsFinal(s));
    for (OrderMove m : kMoves) EXPECT_FALSE(NextOrderStatus(s, m).ok());
  }
  EXPECT_FALSE(IsFinal(pb::ORDER_STATUS_UNDER_SUPERVISION));
}

TEST(FailingCodeListTest, EveryFailingHasItsArticleAndTheOthersAreApart) {
  const google::protobuf::EnumDescriptor* d = pb::Failing_descriptor();
  std::set<std::string> articles;
  for (int i = 0; i < d->value_count(); ++i) {
    const auto f = static_cast<pb::Failing>(d->value(i)->number());
    if (f == pb::FAILING_UNSPECIFIED) {
      EXPECT_EQ(FailingArticle(f), "");
      EXPECT_FALSE(IsSelectableFailing(f));
      continue;
    }
    EXPECT_TRUE(IsSelectableFailing(f));
    const std::string a = FailingArticle(f);
    EXPECT_FALSE(a.empty()) << d->value(i)->name();
    EXPECT_TRUE(articles.insert(a).second) << "two failings share " << a;
  }
  EXPECT_EQ(FailingArticle(pb::FAILING_COMPULSORY_EDUCATION),
            "《未成年人保护法》第十六条第（五）项");
  EXPECT_EQ(FailingArticle(pb::FAILING_OTHER_DUTY), "《未成年人保护法》第十六条第（十）项");
  EXPECT_EQ(FailingArticle(pb::FAILING_OTHER_PROHIBITED), "《未成年人保护法》第十七条第（十一）项");
  EXPECT_EQ(FailingArticle(pb::FAILING_UNDER_16_LIVING_ALONE),
            "《未成年人保护法》第二十一条第二款");
  EXPECT_FALSE(IsSelectableFailing(12345));
}

TEST(EvaluationTest, OverallFindingDecidesTheResult) {
  EXPECT_EQ(ResultOf(pb::OVERALL_FINDING_FULLY_COMPLIED), pb::ORDER_STATUS_COMPLIED);
  EXPECT_EQ(ResultOf(pb::OVERALL_FINDING_MOSTLY_COMPLIED), pb::ORDER_STATUS_COMPLIED);
  EXPECT_EQ(ResultOf(pb::OVERALL_FINDING_PARTLY_COMPLIED), pb::ORDER_STATUS_NOT_COMPLIED);
  EXPECT_EQ(ResultOf(pb::OVERALL_FINDING_NOT_COMPLIED), pb::ORDER_STATUS_NOT_COMPLIED);
  EXPECT_EQ(ResultOf(pb::OVERALL_FINDING_REFUSED), pb::ORDER_STATUS_NOT_COMPLIED);
  EXPECT_EQ(ResultOf(pb::OVERALL_FINDING_UNSPECIFIED), pb::ORDER_STATUS_UNSPECIFIED);
}

TEST(CompliancePeriodTest, MonthEndsLeapYearsAndOverdue) {
  EXPECT_EQ(ComplianceEnd(CivilDay(2025, 3, 10), 3), CivilDay(2025, 6, 10));
  EXPECT_EQ(ComplianceEnd(CivilDay(2025, 8, 31), 6), CivilDay(2026, 2, 28));
  EXPECT_EQ(ComplianceEnd(CivilDay(2023, 8, 31), 6), CivilDay(2024, 2, 29));
  EXPECT_EQ(ComplianceEnd(CivilDay(2023, 11, 30), 3), CivilDay(2024, 2, 29));
  EXPECT_EQ(ComplianceEnd(CivilDay(2024, 12, 31), 2), CivilDay(2025, 2, 28));

  pb::Order o;
  o.set_status(pb::ORDER_STATUS_UNDER_SUPERVISION);
  *o.mutable_compliance_ends_on() = FromCivilDay(CivilDay(2025, 6, 10));
  EXPECT_FALSE(EvaluationOverdue(o, CivilDay(2025, 6, 10)));  // the last day is still in time
  EXPECT_TRUE(EvaluationOverdue(o, CivilDay(2025, 6, 11)));
  o.set_status(pb::ORDER_STATUS_COMPLIED);
  EXPECT_FALSE(EvaluationOverdue(o, CivilDay(2025, 7, 1)));
}

TEST(DraftValidationTest, NamesEachBadField) {
  pb::DraftOrderRequest r;
  r.set_kind(pb::ORDER_KIND_COURT_GUIDANCE_ORDER);
  pb::Addressee* a = r.add_addressees();
  a->set_person_id("per-1");
  a->set_relation("父亲");
  r.add_addressees()->set_person_id("per-1");
  r.add_failings(pb::FAILING_TRUANCY);
  r.add_failings(pb::FAILING_TRUANCY);
  r.add_trigger_grounds(pb::TRIGGER_GROUND_UNSPECIFIED);
  r.set_compliance_months(7);
  pb::GuidanceArrangement* g = r.add_guidance();
  g->set_planned_sessions(0);
  FieldErrors e;
  ValidateDraftContent(e, r, 3, 6);
  std::set<std::string> fields;
  for (const auto& [f, d] : e.violations()) fields.insert(f);
  for (const char* want :
       {"kind", "addressees[1].person_id", "addressees[1].relation", "failings[1]",
        "trigger_grounds[0]", "facts", "actions", "legal_basis", "compliance_months",
        "guidance[0].agency_code", "guidance[0].planned_sessions"}) {
    EXPECT_TRUE(fields.count(want)) << want;
  }
  EXPECT_FALSE(fields.count("addressees[0].person_id"));
  EXPECT_FALSE(fields.count("failings[0]"));
}

TEST(GuardianServiceTest, GuidanceDirectiveNeedsAdmonition) {
  pb::GuardianService s;
  s.set_person_id("per-1");
  s.set_method(pb::SERVICE_METHOD_ANNOUNCED);
  *s.mutable_served_on() = FromCivilDay(CivilDay(2025, 3, 10));
  s.set_place("仁怀市人民检察院");
  s.set_guardian_signed(true);
  FieldErrors ok;
  ValidateGuardianService(ok, "guardians[0]", s, pb::ORDER_KIND_SUPERVISION, CivilDay(2025, 3, 10));
  EXPECT_TRUE(ok.empty());
  FieldErrors bad;
  ValidateGuardianService(bad, "guardians[0]", s, pb::ORDER_KIND_GUIDANCE_DIRECTIVE,
                          CivilDay(2025, 3, 9));
  std::set<std::string> fields;
  for (const auto& [f, d] : bad.violations()) fields.insert(f);
  EXPECT_TRUE(fields.count("guardians[0].admonished"));
  EXPECT_TRUE(fields.count("guardians[0].served_on"));  // in the future
}

}  // namespace
}  // namespace shouhu::guardianship
