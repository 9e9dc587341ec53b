// End-to-end: the 事实无人抚养儿童 check on the real binaries with mTLS. A guardianship concern
// becomes a case; the caseworker records both parents' status (one dead, the other
// deprived of liberty for more than six months): the criteria are met; the check is handed
// off to the 民政 agency of 520382 (not to 妇联), which sees it without person ids and
// answers (township, then county); 妇联 neither sees it nor may answer, and gets the same
// answer for an id that does not exist.
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform = RegisterPlatform({.with_guardianship = true});

constexpr char kFulian[] = "fulian-renhuai";      // 妇联: not a 民政 agency
constexpr char kMinzheng[] = "minzheng-renhuai";  // 民政 of 520382

absl::CivilDay Day(const cpb::Date& d) { return absl::CivilDay(d.year(), d.month(), d.day()); }

class UnattendedHandoffTest : public PlatformTest {
 protected:
  static Caller G(const User& u) { return P().GuardianshipUser(u); }
  static Caller GA(const std::string& code) { return P().GuardianshipAgency(code); }
};

TEST_F(UnattendedHandoffTest, MetCheckHandedOffToCivilAffairsOnly) {
  const absl::CivilDay today = TodayInChina();
  const pb::Referral r = AcceptedReferral(P().Agency("school-renhuai-1"),
                                          GuardianshipConcern(NewRequestId("uconcern")));
  ASSERT_FALSE(r.case_id().empty());

  // The father died; the mother serves a two-year sentence begun eight months ago.
  gpb::AssessUnattendedChildRequest assess;
  assess.set_request_id(NewRequestId("gassess"));
  assess.set_case_id(r.case_id());
  gpb::ParentStatus* father = assess.add_parents();
  father->set_role(gpb::PARENT_ROLE_FATHER);
  father->set_person_id(PersonIdOf(r, pb::PERSON_ROLE_GUARDIAN, "父亲"));
  father->set_condition(gpb::PARENT_CONDITION_DEAD);
  gpb::Evidence* death = father->add_evidence();
  death->set_kind("死亡证明");
  death->set_document_ref("仁医死字第0012号");
  death->set_issued_by("仁怀市人民医院");
  gpb::ParentStatus* mother = assess.add_parents();
  mother->set_role(gpb::PARENT_ROLE_MOTHER);
  mother->set_person_id(PersonIdOf(r, pb::PERSON_ROLE_GUARDIAN, "母亲"));
  mother->set_condition(gpb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY);
  *mother->mutable_since() = DateOf(today - 240);
  *mother->mutable_until() = DateOf(today + 490);
  mother->add_evidence()->set_kind("刑事判决书");
  gpb::UnattendedCheck check;
  grpc::Status st = G(kCaseworker).Call(&GuardUnattended::AssessUnattendedChild, assess, &check);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(check.criteria_met()) << check.explanation();
  EXPECT_EQ(check.matched_rule(), gpb::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS);
  EXPECT_EQ(check.status(), gpb::UNATTENDED_CHECK_STATUS_ASSESSED);

  // Only a 民政 agency takes the hand-off: 妇联 is refused, naming the field.
  gpb::HandOffUnattendedCheckRequest handoff;
  handoff.set_request_id(NewRequestId("ghandoff"));
  handoff.set_check_id(check.check_id());
  handoff.set_version(check.version());
  handoff.set_civil_affairs_agency_code(kFulian);
  Trailers trailers;
  gpb::UnattendedCheck out;
  st = G(kCaseworker).Call(&GuardUnattended::HandOffUnattendedCheck, handoff, &out, &trailers);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << StatusText(st);
  EXPECT_THAT(ViolatedFields(st, trailers), ::testing::Contains("civil_affairs_agency_code"));
  handoff.set_request_id(NewRequestId("ghandoff"));
  handoff.set_civil_affairs_agency_code(kMinzheng);
  st = G(kCaseworker).Call(&GuardUnattended::HandOffUnattendedCheck, handoff, &check);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(check.status(), gpb::UNATTENDED_CHECK_STATUS_HANDED_OFF);
  EXPECT_EQ(Day(check.handoff().handed_on()), today);
  EXPECT_GT(Day(check.handoff().township().due_on()), today);
  EXPECT_GT(Day(check.handoff().county().due_on()), Day(check.handoff().township().due_on()));

  // 民政 sees it (parents without person ids); 妇联 neither sees nor answers it.
  auto addressed_to = [&](const std::string& code) {
    gpb::ListAddressedUnattendedHandoffsResponse resp;
    grpc::Status s = GA(code).Call(&GuardUnattended::ListAddressedUnattendedHandoffs,
                                   gpb::ListAddressedUnattendedHandoffsRequest(), &resp);
    EXPECT_TRUE(s.ok()) << code << StatusText(s);
    std::optional<gpb::AgencyUnattendedHandoffView> found;
    for (const auto& v : resp.handoffs()) {
      if (v.check_id() == check.check_id()) found = v;
    }
    return found;
  };
  std::optional<gpb::AgencyUnattendedHandoffView> seen = addressed_to(kMinzheng);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->matched_rule(), gpb::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS);
  ASSERT_EQ(seen->parents_size(), 2);
  for (const auto& parent : seen->parents()) EXPECT_TRUE(parent.person_id().empty());
  EXPECT_FALSE(addressed_to(kFulian).has_value());

  gpb::RecordUnattendedAnswerRequest answer;
  answer.set_request_id(NewRequestId("ganswer"));
  answer.set_check_id(check.check_id());
  answer.set_version(seen->version());
  answer.set_answer(gpb::HANDOFF_ANSWER_RECOGNISED);
  *answer.mutable_answered_on() = DateOf(today);
  grpc::Status denied = GA(kFulian).Call(&GuardUnattended::RecordUnattendedAnswer, answer, &out);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(denied);
  gpb::RecordUnattendedAnswerRequest unknown = answer;
  unknown.set_request_id(NewRequestId("ganswer"));
  unknown.set_check_id(absl::StrCat("guc-520382-", std::string(16, '0')));
  grpc::Status denied_unknown =
      GA(kFulian).Call(&GuardUnattended::RecordUnattendedAnswer, unknown, &out);
  EXPECT_EQ(denied_unknown.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(denied_unknown.error_message(), denied.error_message());

  // 民政 answers: the township verifies, the county recognises.
  answer.set_request_id(NewRequestId("ganswer"));
  st = GA(kMinzheng).Call(&GuardUnattended::RecordUnattendedAnswer, answer, &check);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(check.status(), gpb::UNATTENDED_CHECK_STATUS_TOWNSHIP_DONE);
  answer.set_request_id(NewRequestId("ganswer"));
  answer.set_version(check.version());
  answer.set_county(true);
  answer.set_document_ref("仁民认字〔2026〕8号");
  st = GA(kMinzheng).Call(&GuardUnattended::RecordUnattendedAnswer, answer, &check);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(check.status(), gpb::UNATTENDED_CHECK_STATUS_ANSWERED);

  gpb::GetUnattendedCheckRequest get;
  get.set_check_id(check.check_id());
  st = G(kCaseworker).Call(&GuardUnattended::GetUnattendedCheck, get, &check);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(check.status(), gpb::UNATTENDED_CHECK_STATUS_ANSWERED);
  EXPECT_EQ(check.handoff().township().answer(), gpb::HANDOFF_ANSWER_RECOGNISED);
  EXPECT_EQ(check.handoff().county().answer(), gpb::HANDOFF_ANSWER_RECOGNISED);
  EXPECT_EQ(check.handoff().county().document_ref(), answer.document_ref());
}

}  // namespace
}  // namespace shouhu::e2e
