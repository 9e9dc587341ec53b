// The referral state machine, tenancy and access policy, redaction, response deadlines
// and page tokens.
#include <cstdlib>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/calendar/working_calendar.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "referral/core.h"
#include "referral/domain.h"
#include "support/field_violations.h"

namespace shouhu::referral {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr Action kAllActions[] = {Action::kAssign,      Action::kAccept,     Action::kDecline,
                                  Action::kRequestInfo, Action::kSupplement, Action::kWithdraw};

// ---------------------------------------------------------------------------------------
// State machine
// ---------------------------------------------------------------------------------------

// The transition table documented on ReferralStatus in referral.proto; every pair not
// listed is illegal.
const std::map<std::pair<pb::ReferralStatus, Action>, pb::ReferralStatus>& Documented() {
  static const auto* table = [] {
    auto* t = new std::map<std::pair<pb::ReferralStatus, Action>, pb::ReferralStatus>;
    for (pb::ReferralStatus open :
         {pb::REFERRAL_STATUS_SUBMITTED, pb::REFERRAL_STATUS_UNDER_REVIEW}) {
      (*t)[{open, Action::kAssign}] = pb::REFERRAL_STATUS_UNDER_REVIEW;
      (*t)[{open, Action::kAccept}] = pb::REFERRAL_STATUS_ACCEPTED;
      (*t)[{open, Action::kDecline}] = pb::REFERRAL_STATUS_DECLINED;
      (*t)[{open, Action::kRequestInfo}] = pb::REFERRAL_STATUS_INFO_REQUESTED;
      (*t)[{open, Action::kWithdraw}] = pb::REFERRAL_STATUS_WITHDRAWN;
    }
    (*t)[{pb::REFERRAL_STATUS_INFO_REQUESTED, Action::kSupplement}] =
        pb::REFERRAL_STATUS_UNDER_REVIEW;
    (*t)[{pb::REFERRAL_STATUS_INFO_REQUESTED, Action::kWithdraw}] = pb::REFERRAL_STATUS_WITHDRAWN;
    return t;
  }();
  return *table;
}

TEST(NextStatusTest, EveryStatusAndActionFollowsTheDocumentedTable) {
  int legal = 0;
  int illegal = 0;
  for (int s = pb::ReferralStatus_MIN; s <= pb::ReferralStatus_MAX; ++s) {
    const auto from = static_cast<pb::ReferralStatus>(s);
    for (Action a : kAllActions) {
      const std::string label = absl::StrCat(pb::ReferralStatus_Name(from), " + ", ActionName(a));
      absl::StatusOr<pb::ReferralStatus> next = NextStatus(from, a);
      auto it = Documented().find({from, a});
      if (it != Documented().end()) {
        ++legal;
        ASSERT_TRUE(next.ok()) << label << ": " << next.status();
        EXPECT_EQ(*next, it->second) << label;
      } else {
        ++illegal;
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition) << label;
        EXPECT_THAT(std::string(next.status().message()), HasSubstr(ActionName(a))) << label;
        EXPECT_THAT(std::string(next.status().message()), HasSubstr(pb::ReferralStatus_Name(from)))
            << label;
      }
    }
  }
  EXPECT_EQ(legal, 12);
  EXPECT_EQ(illegal, 7 * 6 - 12);
}

TEST(NextStatusTest, FinalStatesAreExactlyAcceptedDeclinedWithdrawn) {
  for (int s = pb::ReferralStatus_MIN; s <= pb::ReferralStatus_MAX; ++s) {
    const auto status = static_cast<pb::ReferralStatus>(s);
    const bool final_state = status == pb::REFERRAL_STATUS_ACCEPTED ||
                             status == pb::REFERRAL_STATUS_DECLINED ||
                             status == pb::REFERRAL_STATUS_WITHDRAWN;
    EXPECT_EQ(IsFinal(status), final_state) << pb::ReferralStatus_Name(status);
  }
}

TEST(NextStatusTest, ActionNamesAreDistinct) {
  std::vector<std::string> names;
  for (Action a : kAllActions) names.emplace_back(ActionName(a));
  EXPECT_THAT(names, ElementsAre("assign", "accept", "decline", "request_information", "supplement",
                                 "withdraw"));
}

// ---------------------------------------------------------------------------------------
// Tenancy and access
// ---------------------------------------------------------------------------------------

TEST(TenantOfIdTest, ExtractsTheSixDigitTenant) {
  const std::pair<const char*, const char*> kCases[] = {
      {"ref-520382-0000000000000001", "520382"},
      {"case-110101-ABCDEFGH", "110101"},
      {"ref-52038-X", ""},
      {"ref-5203821-X", ""},
      {"ref-52038a-X", ""},
      {"ref-520382", ""},
      {"ref-520382-a-b", ""},
      {"520382", ""},
      {"", ""},
  };
  for (const auto& [id, tenant] : kCases) EXPECT_EQ(TenantOfId(id), tenant) << id;
}

Principal User(std::string id, std::string proc, std::set<Role> roles) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = std::move(id);
  p.procuratorate = std::move(proc);
  p.roles = std::move(roles);
  return p;
}

Principal Agency(std::string code, std::string proc) {
  Principal p;
  p.kind = Principal::Kind::kAgency;
  p.id = std::move(code);
  p.procuratorate = std::move(proc);
  p.roles = {Role::kAgency};
  return p;
}

Principal Service(std::string name) {
  Principal p;
  p.kind = Principal::Kind::kService;
  p.id = std::move(name);
  p.roles = {Role::kService};
  return p;
}

pb::Referral MakeReferral(std::string assigned_to = "") {
  pb::Referral r;
  r.set_referral_id("ref-520382-0000000000000007");
  r.set_procuratorate_code("520382");
  r.set_agency_code("edu-renhuai");
  r.set_kind(pb::REFERRAL_KIND_MANDATORY_REPORT);
  r.set_status(pb::REFERRAL_STATUS_UNDER_REVIEW);
  r.set_facts("学生身上多处伤痕");
  r.set_assigned_to(std::move(assigned_to));
  r.set_case_id("case-520382-0000000000000003");
  r.set_version(4);
  for (const char* pid : {"per-0000000000000001", "per-0000000000000002"}) {
    pb::ReferralPerson* person = r.add_people();
    person->set_role(r.people_size() == 1 ? pb::PERSON_ROLE_SUBJECT : pb::PERSON_ROLE_GUARDIAN);
    person->mutable_person()->set_person_id(pid);
    person->mutable_person()->set_name("王*");
    person->set_matched_existing(true);
    person->set_possible_duplicate(true);
  }
  return r;
}

TEST(CheckIdTenantTest, DeniesOtherProcuratoratesFromTheIdAlone) {
  const std::string own = "ref-520382-0000000000000007";
  const std::string other = "ref-520381-0000000000000007";
  const struct {
    const char* name;
    Principal p;
    std::string id;
    absl::StatusCode code;
  } kCases[] = {
      {"caseworker, own", User("u-li", "520382", {Role::kCaseworker}), own, absl::StatusCode::kOk},
      {"caseworker, other", User("u-li", "520382", {Role::kCaseworker}), other,
       absl::StatusCode::kPermissionDenied},
      {"agency, own", Agency("edu-renhuai", "520382"), own, absl::StatusCode::kOk},
      {"agency, other", Agency("edu-renhuai", "520382"), other,
       absl::StatusCode::kPermissionDenied},
      {"user, malformed id", User("u-li", "520382", {Role::kCaseworker}), "ref-xyz",
       absl::StatusCode::kInvalidArgument},
      {"service, any tenant", Service("aid"), other, absl::StatusCode::kOk},
      {"service, malformed id", Service("aid"), "garbage", absl::StatusCode::kOk},
  };
  for (const auto& c : kCases) EXPECT_EQ(CheckIdTenant(c.p, c.id, "id").code(), c.code) << c.name;
}

// Expected outcome per action, in kAllActions order (assign, accept, decline,
// request_information, supplement, withdraw): 'y' allowed, 'n' PERMISSION_DENIED.
struct AccessCase {
  const char* name;
  Principal p;
  std::string assigned_to;
  bool can_read;
  const char* acts;
};

std::vector<AccessCase> AccessCases() {
  const std::set<Role> kCaseworker = {Role::kCaseworker};
  return {
      {"own agency", Agency("edu-renhuai", "520382"), "", true, "nnnnyy"},
      {"own agency, assigned", Agency("edu-renhuai", "520382"), "u-li", true, "nnnnyy"},
      {"other agency, same procuratorate", Agency("edu-other", "520382"), "", false, "nnnnnn"},
      // Nobody assigned yet: the head assigns first (流转), or triages.
      {"caseworker, unassigned", User("u-li", "520382", kCaseworker), "", true, "nnnnnn"},
      {"caseworker, assigned to self", User("u-li", "520382", kCaseworker), "u-li", true, "nyyynn"},
      {"caseworker, assigned to someone else", User("u-li", "520382", kCaseworker), "u-wang", true,
       "nnnnnn"},
      {"caseworker, other procuratorate", User("u-li", "520381", kCaseworker), "u-li", false,
       "nnnnnn"},
      {"department head", User("u-zhao", "520382", {Role::kDepartmentHead}), "u-wang", true,
       "yyyynn"},
      {"department head, other procuratorate", User("u-zhao", "520381", {Role::kDepartmentHead}),
       "", false, "nnnnnn"},
      // The chief reads but passes no department-head check (separation of duties).
      {"chief", User("u-qian", "520382", {Role::kChief}), "u-wang", true, "nnnnnn"},
      {"chief, assigned", User("u-qian", "520382", {Role::kChief}), "u-qian", true, "nnnnnn"},
      {"chief and department head", User("u-qian", "520382", {Role::kChief, Role::kDepartmentHead}),
       "", true, "yyyynn"},
      {"department head, unassigned", User("u-zhao", "520382", {Role::kDepartmentHead}), "", true,
       "yyyynn"},
      {"analyst", User("u-sun", "520382", {Role::kAnalyst}), "", false, "nnnnnn"},
      {"volunteer", User("u-zhou", "520382", {Role::kVolunteer}), "", false, "nnnnnn"},
      {"finance", User("u-wu", "520382", {Role::kFinance}), "", false, "nnnnnn"},
      {"admin", User("u-zheng", "520382", {Role::kAdmin}), "", false, "nnnnnn"},
      {"user without roles", User("u-feng", "520382", {}), "", false, "nnnnnn"},
      // Services read cases (CaseService.GetCase), never referrals.
      {"service", Service("aid"), "", false, "nnnnnn"},
  };
}

TEST(AccessTest, CheckCanReadAndCheckCanActPerRoleAndScope) {
  for (const AccessCase& c : AccessCases()) {
    const pb::Referral r = MakeReferral(c.assigned_to);
    const absl::Status read = CheckCanRead(c.p, r);
    EXPECT_EQ(read.code(), c.can_read ? absl::StatusCode::kOk : absl::StatusCode::kPermissionDenied)
        << c.name << ": " << read;
    ASSERT_EQ(std::string(c.acts).size(), std::size(kAllActions)) << c.name;
    for (size_t i = 0; i < std::size(kAllActions); ++i) {
      const absl::Status act = CheckCanAct(c.p, r, kAllActions[i]);
      EXPECT_EQ(act.code(),
                c.acts[i] == 'y' ? absl::StatusCode::kOk : absl::StatusCode::kPermissionDenied)
          << c.name << ", " << ActionName(kAllActions[i]) << ": " << act;
    }
  }
}

TEST(AccessTest, IsCaseStaff) {
  EXPECT_TRUE(IsCaseStaff(User("u", "520382", {Role::kCaseworker})));
  EXPECT_TRUE(IsCaseStaff(User("u", "520382", {Role::kDepartmentHead})));
  EXPECT_TRUE(IsCaseStaff(User("u", "520382", {Role::kChief, Role::kAnalyst})));
  EXPECT_FALSE(IsCaseStaff(User("u", "520382", {Role::kAnalyst, Role::kAdmin})));
  EXPECT_FALSE(IsCaseStaff(Agency("edu-renhuai", "520382")));
  Principal service_with_role = Service("aid");
  service_with_role.roles.insert(Role::kCaseworker);
  EXPECT_FALSE(IsCaseStaff(service_with_role));
}

TEST(RedactForCallerTest, AgenciesNeverSeeAssignmentCaseOrPersonIds) {
  const pb::Referral full = MakeReferral("u-li");
  const pb::Referral seen = RedactForCaller(Agency("edu-renhuai", "520382"), full);
  EXPECT_EQ(seen.assigned_to(), "");
  EXPECT_EQ(seen.case_id(), "");
  ASSERT_EQ(seen.people_size(), 2);
  for (const pb::ReferralPerson& person : seen.people()) {
    EXPECT_EQ(person.person().person_id(), "");
    EXPECT_FALSE(person.matched_existing());
    EXPECT_FALSE(person.possible_duplicate());
    EXPECT_EQ(person.person().name(), "王*");
  }
  // Everything else is untouched.
  EXPECT_EQ(seen.referral_id(), full.referral_id());
  EXPECT_EQ(seen.facts(), full.facts());
  EXPECT_EQ(seen.status(), full.status());
  EXPECT_EQ(seen.version(), full.version());
  EXPECT_EQ(seen.people(1).role(), pb::PERSON_ROLE_GUARDIAN);
}

TEST(RedactForCallerTest, StaffAndServicesSeeEverything) {
  const pb::Referral full = MakeReferral("u-li");
  for (const Principal& p : {User("u-li", "520382", {Role::kCaseworker}),
                             User("u-zhao", "520382", {Role::kDepartmentHead}), Service("aid")}) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(RedactForCaller(p, full), full))
        << p.Name();
  }
}

// ---------------------------------------------------------------------------------------
// Response deadlines, with the real calendar of deploy/calendar
// ---------------------------------------------------------------------------------------

class ResponseDueTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* source = std::getenv("SHOUHU_SOURCE_DIR");
    ASSERT_NE(source, nullptr) << "set SHOUHU_SOURCE_DIR to the source tree";
    auto calendar = WorkingCalendar::LoadFromDirectory(absl::StrCat(source, "/deploy/calendar"));
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = new WorkingCalendar(*std::move(calendar));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(calendar_, nullptr);
    ASSERT_TRUE(calendar_->Covers(2026));
  }

  static absl::Time China(int y, int mo, int d, int h = 0, int mi = 0) {
    return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), ChinaTime());
  }

  static WorkingCalendar* calendar_;
};

WorkingCalendar* ResponseDueTest::calendar_ = nullptr;

TEST_F(ResponseDueTest, MandatoryReportIsDueIn24HoursEvenOverHolidays) {
  const ReferralRules rules;
  for (absl::Time from :
       {China(2026, 9, 30, 10), China(2026, 10, 1, 23, 30), China(2026, 2, 14, 8)}) {
    for (bool urgent : {false, true}) {
      EXPECT_EQ(ResponseDue(rules, *calendar_, pb::REFERRAL_KIND_MANDATORY_REPORT, urgent, from),
                from + absl::Hours(24))
          << from;
    }
  }
  ReferralRules six_hours;
  six_hours.mandatory_report_response = absl::Hours(6);
  EXPECT_EQ(ResponseDue(six_hours, *calendar_, pb::REFERRAL_KIND_MANDATORY_REPORT, false,
                        China(2026, 9, 30, 10)),
            China(2026, 9, 30, 16));
}

TEST_F(ResponseDueTest, OtherKindsCountWorkingDaysOfTheChineseCalendar) {
  const ReferralRules rules;
  const struct {
    const char* name;
    absl::Time from;
    bool urgent;
    absl::Time due;
  } kCases[] = {
      // National Day: 1-7 October off; working 8, 9, Saturday 10 (make-up), 12, 13.
      {"before National Day", China(2026, 9, 30, 10), false, China(2026, 10, 14)},
      {"before National Day, urgent", China(2026, 9, 30, 10), true, China(2026, 10, 9)},
      // Received on a holiday: the same working days follow.
      {"on National Day", China(2026, 10, 3, 15), false, China(2026, 10, 14)},
      // Sunday 20 September is a make-up working day.
      {"Friday before a make-up Sunday", China(2026, 9, 18, 17), false, China(2026, 9, 25)},
      {"Friday before a make-up Sunday, urgent", China(2026, 9, 18, 17), true, China(2026, 9, 21)},
      // The day is the China day: 01:00 on Saturday 10 October is 17:00 UTC on the 9th.
      {"just after midnight China time", China(2026, 10, 10, 1), false, China(2026, 10, 17)},
      {"just before midnight China time", China(2026, 10, 9, 23, 59), false, China(2026, 10, 16)},
      // An ordinary week.
      {"ordinary Monday", China(2026, 3, 16, 9), false, China(2026, 3, 24)},
      {"ordinary Monday, urgent", China(2026, 3, 16, 9), true, China(2026, 3, 18)},
  };
  for (pb::ReferralKind kind :
       {pb::REFERRAL_KIND_JUDICIAL_AID, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
        pb::REFERRAL_KIND_SPECIAL_MINOR}) {
    for (const auto& c : kCases) {
      EXPECT_EQ(ResponseDue(rules, *calendar_, kind, c.urgent, c.from), c.due)
          << pb::ReferralKind_Name(kind) << ", " << c.name;
    }
  }
}

TEST_F(ResponseDueTest, WorkingDaysComeFromTheRules) {
  ReferralRules rules;
  rules.response_working_days = 3;
  rules.urgent_response_working_days = 2;
  const absl::Time from = China(2026, 9, 30, 10);
  EXPECT_EQ(ResponseDue(rules, *calendar_, pb::REFERRAL_KIND_JUDICIAL_AID, false, from),
            China(2026, 10, 11));
  EXPECT_EQ(ResponseDue(rules, *calendar_, pb::REFERRAL_KIND_JUDICIAL_AID, true, from),
            China(2026, 10, 10));
}

// ---------------------------------------------------------------------------------------
// Page tokens
// ---------------------------------------------------------------------------------------

TEST(PageTokenTest, RoundTrips) {
  for (int64_t seq :
       {int64_t{1}, int64_t{42}, int64_t{1000000007}, std::numeric_limits<int64_t>::max()}) {
    const std::string token = EncodePageToken(seq);
    EXPECT_FALSE(token.empty());
    absl::StatusOr<int64_t> back = DecodePageToken(token);
    ASSERT_TRUE(back.ok()) << seq << ": " << back.status();
    EXPECT_EQ(*back, seq);
  }
  EXPECT_NE(EncodePageToken(1), EncodePageToken(2));
}

TEST(PageTokenTest, EmptyTokenIsTheFirstPage) {
  absl::StatusOr<int64_t> first = DecodePageToken("");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 0);
}

TEST(PageTokenTest, RejectsGarbage) {
  const std::string kGarbage[] = {
      "!!!",
      "not a token",
      "%%%%",
      absl::WebSafeBase64Escape("x42"),
      absl::WebSafeBase64Escape("s"),
      absl::WebSafeBase64Escape("s0"),
      absl::WebSafeBase64Escape("s-5"),
      absl::WebSafeBase64Escape("sabc"),
      absl::WebSafeBase64Escape("s12abc"),
      absl::WebSafeBase64Escape("s99999999999999999999999"),
      EncodePageToken(42) + "!",
  };
  for (const std::string& token : kGarbage) {
    absl::StatusOr<int64_t> seq = DecodePageToken(token);
    ASSERT_FALSE(seq.ok()) << token << " decoded as " << *seq;
    EXPECT_EQ(seq.status().code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_THAT(::shouhu::testing::ViolatedFields(seq.status()),
                ::testing::ElementsAre("page_token"))
        << token;
  }
}

}  // namespace
}  // namespace shouhu::referral
