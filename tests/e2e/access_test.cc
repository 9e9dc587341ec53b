// End-to-end: who may see what. Certificates, tokens and record-level scope enforced by the
// real shouhu-referral binary (see docs/architecture.md "Identity and access").
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

// One platform for every test of this binary.
const ::testing::Environment* const kPlatform = RegisterPlatform({});

using RS = pb::ReferralService::Stub;
using CS = pb::CaseService::Stub;

class AccessTest : public PlatformTest {
 protected:
  // A referral of edu-renhuai (520382), accepted so that it also has a case.
  void SetUp() override {
    PlatformTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Caller owner = P().Agency("edu-renhuai");
    referral_ = MustSubmit(owner, MandatoryReport(NewRequestId("own")));
    ASSERT_FALSE(referral_.referral_id().empty());
    pb::AcceptReferralRequest accept;
    accept.set_request_id(NewRequestId("acc"));
    accept.set_referral_id(referral_.referral_id());
    accept.set_version(referral_.version());
    pb::Referral accepted;
    grpc::Status st = P().UserCaller(kHead).Call(&RS::AcceptReferral, accept, &accepted);
    ASSERT_TRUE(st.ok()) << StatusText(st);
    case_id_ = accepted.case_id();
    ASSERT_FALSE(case_id_.empty());
  }

  pb::Referral referral_;
  std::string case_id_;
};

grpc::StatusCode GetCode(const Caller& c, const std::string& referral_id) {
  pb::GetReferralRequest req;
  req.set_referral_id(referral_id);
  pb::Referral out;
  return c.Call(&RS::GetReferral, req, &out).error_code();
}

grpc::StatusCode ListCode(const Caller& c) {
  pb::ListReferralsRequest req;
  pb::ListReferralsResponse out;
  return c.Call(&RS::ListReferrals, req, &out).error_code();
}

TEST_F(AccessTest, AnotherAgencyCannotTouchTheReferral) {
  Caller police = P().Agency("police-renhuai");
  EXPECT_EQ(GetCode(police, referral_.referral_id()), grpc::StatusCode::PERMISSION_DENIED);

  pb::GetTimelineRequest tl;
  tl.set_referral_id(referral_.referral_id());
  pb::GetTimelineResponse timeline;
  EXPECT_EQ(police.Call(&RS::GetTimeline, tl, &timeline).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  pb::WithdrawReferralRequest withdraw;
  withdraw.set_request_id(NewRequestId("wd"));
  withdraw.set_referral_id(referral_.referral_id());
  withdraw.set_version(2);
  pb::Referral out;
  EXPECT_EQ(police.Call(&RS::WithdrawReferral, withdraw, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The same answer for a referral that does not exist: nothing is revealed.
  EXPECT_EQ(GetCode(police, "ref-520382-0000000000000000"), grpc::StatusCode::PERMISSION_DENIED);

  // Agencies never read cases, not even the owner of the referral.
  pb::GetCaseRequest get_case;
  get_case.set_case_id(case_id_);
  pb::Case c;
  EXPECT_EQ(police.Call(&CS::GetCase, get_case, &c).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(P().Agency("edu-renhuai").Call(&CS::GetCase, get_case, &c).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Nor follow it as a stream.
  {
    grpc::ClientContext ctx;
    police.Prepare(&ctx, absl::Seconds(10));
    pb::WatchReferralRequest watch;
    watch.set_referral_id(referral_.referral_id());
    RS stub(police.channel());
    auto reader = stub.WatchReferral(&ctx, watch);
    pb::TimelineEntry e;
    EXPECT_FALSE(reader->Read(&e)) << "no entry may reach another agency";
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }

  // The police's list does not contain it; the owner's does.
  auto police_list = ListAll(police);
  ASSERT_TRUE(police_list.ok()) << police_list.status();
  for (const auto& r : *police_list) EXPECT_NE(r.referral_id(), referral_.referral_id());
  EXPECT_EQ(GetCode(P().Agency("edu-renhuai"), referral_.referral_id()), grpc::StatusCode::OK);
}

TEST_F(AccessTest, StaffSeeOnlyTheirProcuratorate) {
  // Another procuratorate: decided from the id alone.
  Caller xishui_head = P().UserCaller(kHeadXishui);
  EXPECT_EQ(GetCode(xishui_head, referral_.referral_id()), grpc::StatusCode::PERMISSION_DENIED);
  pb::GetCaseRequest get_case;
  get_case.set_case_id(case_id_);
  pb::Case c;
  EXPECT_EQ(xishui_head.Call(&CS::GetCase, get_case, &c).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto xishui_list = ListAll(xishui_head);
  ASSERT_TRUE(xishui_list.ok()) << xishui_list.status();
  for (const auto& r : *xishui_list) EXPECT_EQ(r.procuratorate_code(), "520330");

  // Own procuratorate: an unknown id is NOT_FOUND, a known one is readable.
  Caller caseworker = P().UserCaller(kCaseworker);
  EXPECT_EQ(GetCode(caseworker, "ref-520382-0000000000000000"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetCode(caseworker, referral_.referral_id()), grpc::StatusCode::OK);
  EXPECT_EQ(caseworker.Call(&CS::GetCase, get_case, &c).error_code(), grpc::StatusCode::OK);

  // Volunteers and analysts have no record-level access.
  EXPECT_EQ(ListCode(P().UserCaller(kVolunteer)), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListCode(P().UserCaller(kAnalyst)), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetCode(P().UserCaller(kVolunteer), referral_.referral_id()),
            grpc::StatusCode::PERMISSION_DENIED);

  // Only a department head assigns.
  pb::AssignReferralRequest assign;
  assign.set_request_id(NewRequestId("asg"));
  assign.set_referral_id(referral_.referral_id());
  assign.set_version(2);
  assign.set_caseworker(kCaseworker2.id);
  pb::Referral out;
  EXPECT_EQ(caseworker.Call(&RS::AssignReferral, assign, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, OtherServicesReadCasesButDoNotSubmit) {
  // The documented service-to-service path: CaseService.GetCase with a service certificate.
  Caller aid_service(P().Channel(P().referral().address(), "services/aid"), "");
  pb::GetCaseRequest get_case;
  get_case.set_case_id(case_id_);
  pb::Case c;
  grpc::Status st = aid_service.Call(&CS::GetCase, get_case, &c);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(c.case_id(), case_id_);
  EXPECT_EQ(c.status(), pb::CASE_STATUS_OPEN);
  pb::Referral out;
  st = aid_service.Call(&RS::SubmitReferral, MandatoryReport(NewRequestId("svc")), &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);

  // GetCase is all a service may call: no referral, timeline, list or watch
  // (docs/access-policy.md).
  EXPECT_EQ(GetCode(aid_service, referral_.referral_id()), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListCode(aid_service), grpc::StatusCode::PERMISSION_DENIED);
  pb::GetTimelineRequest tl;
  tl.set_referral_id(referral_.referral_id());
  pb::GetTimelineResponse timeline;
  EXPECT_EQ(aid_service.Call(&RS::GetTimeline, tl, &timeline).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::ListCasesRequest list_cases;
  pb::ListCasesResponse cases;
  EXPECT_EQ(aid_service.Call(&CS::ListCases, list_cases, &cases).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  {
    grpc::ClientContext ctx;
    aid_service.Prepare(&ctx, absl::Seconds(10));
    pb::WatchReferralRequest watch;
    watch.set_referral_id(referral_.referral_id());
    RS stub(aid_service.channel());
    auto reader = stub.WatchReferral(&ctx, watch);
    pb::TimelineEntry e;
    EXPECT_FALSE(reader->Read(&e)) << "no timeline entry may reach a service";
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
}

// Separation of duties through the real binary: the chief reads but does not assign; a
// caseworker triages only what the head assigned to them.
TEST_F(AccessTest, TheChiefReadsAndCaseworkersTriageOnlyWhatIsAssigned) {
  const User chief{"chief-qian", "钱检察长", "520382", {"chief"}};
  Caller chief_caller = P().UserCaller(chief);
  EXPECT_EQ(GetCode(chief_caller, referral_.referral_id()), grpc::StatusCode::OK);

  pb::Referral fresh = MustSubmit(P().Agency("edu-renhuai"), MandatoryReport(NewRequestId("sod")));
  ASSERT_FALSE(fresh.referral_id().empty());
  pb::AssignReferralRequest assign;
  assign.set_request_id(NewRequestId("sod-assign"));
  assign.set_referral_id(fresh.referral_id());
  assign.set_version(fresh.version());
  assign.set_caseworker(kCaseworker.id);
  pb::Referral out;
  grpc::Status st = chief_caller.Call(&RS::AssignReferral, assign, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  EXPECT_EQ(st.error_message(), "only a department head may assign referrals");

  pb::AcceptReferralRequest accept;
  accept.set_request_id(NewRequestId("sod-accept"));
  accept.set_referral_id(fresh.referral_id());
  accept.set_version(fresh.version());
  st = P().UserCaller(kCaseworker).Call(&RS::AcceptReferral, accept, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);

  st = P().UserCaller(kHead).Call(&RS::AssignReferral, assign, &out);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  accept.set_request_id(NewRequestId("sod-accept-2"));
  accept.set_version(out.version());
  st = P().UserCaller(kCaseworker2).Call(&RS::AcceptReferral, accept, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  st = P().UserCaller(kCaseworker).Call(&RS::AcceptReferral, accept, &out);
  EXPECT_TRUE(st.ok()) << StatusText(st);
}

TEST_F(AccessTest, PeopleNeedAValidTokenAndEveryoneACertificate) {
  const std::string address = P().referral().address();
  pb::ListReferralsRequest list;
  pb::ListReferralsResponse out;

  // The CLI certificate without a token.
  Caller no_token(P().Channel(address, "clients/shouhu-cli"), "");
  grpc::Status st = no_token.Call(&RS::ListReferrals, list, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED) << StatusText(st);

  // A well-formed token signed by a key the platform does not trust.
  auto foreign_key = P().ForeignSigningKey();
  ASSERT_TRUE(foreign_key.ok()) << foreign_key.status();
  auto foreign = TokenIssuer::FromPrivateKeyPem(*foreign_key);
  ASSERT_TRUE(foreign.ok()) << foreign.status();
  Claims claims;
  claims.subject = kHead.id;
  claims.name = kHead.name;
  claims.procuratorate = kHead.procuratorate;
  claims.roles = kHead.roles;
  claims.issued_at = absl::Now();
  claims.expires_at = absl::Now() + absl::Hours(1);
  auto forged = (*foreign)->Issue(claims);
  ASSERT_TRUE(forged.ok()) << forged.status();
  Caller forger(P().Channel(address, "clients/shouhu-cli"), *forged);
  st = forger.Call(&RS::ListReferrals, list, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED) << StatusText(st);

  // The right key, but expired.
  Caller expired(P().Channel(address, "clients/shouhu-cli"),
                 P().TokenFor(kHead, absl::Now() - absl::Hours(2), absl::Now() - absl::Hours(1)));
  st = expired.Call(&RS::ListReferrals, list, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED) << StatusText(st);
  // Said once, not "invalid token: invalid token: expired".
  EXPECT_EQ(st.error_message(), "invalid token: expired");

  // A token is no use on an agency's certificate: agencies are who their certificate says.
  Caller agency_with_token(P().Channel(address, "agencies/edu-xishui"), P().TokenFor(kHead));
  EXPECT_EQ(GetCode(agency_with_token, referral_.referral_id()),
            grpc::StatusCode::PERMISSION_DENIED);

  // TLS without a client certificate: the handshake fails.
  Caller anonymous(P().Channel(address, ""), P().TokenFor(kHead));
  st = anonymous.Call(&RS::ListReferrals, list, &out, nullptr, absl::Seconds(5));
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << StatusText(st);

  // The same token with the certificate works: the refusals above are about identity.
  Caller head = P().UserCaller(kHead);
  st = head.Call(&RS::ListReferrals, list, &out);
  EXPECT_TRUE(st.ok()) << StatusText(st);
}

// Agency staff: a person's token with an agency claim over a people-facing client
// certificate (as the browser console calls) is the agency, exactly as its certificate:
// the own referral is readable, another agency's is refused with the certificate's answer.
TEST_F(AccessTest, AgencyStaffTokensAreTheirAgencyAsItsCertificate) {
  const User edu_staff{"s-edu-renhuai", "仁怀市教育局 王老师", "520382", {"agency"}, "",
                       "edu-renhuai"};
  const User police_staff{"s-police-renhuai", "仁怀市公安局 李警官", "520382", {"agency"}, "",
                          "police-renhuai"};
  const std::string& id = referral_.referral_id();
  Caller edu = P().UserCaller(edu_staff);
  Caller police = P().UserCaller(police_staff);
  Caller police_cert = P().Agency("police-renhuai");
  EXPECT_EQ(GetCode(edu, id), grpc::StatusCode::OK);
  EXPECT_EQ(GetCode(police, id), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetCode(police, id), GetCode(police_cert, id));
  const std::string unknown = "ref-520382-0000000000000000";
  EXPECT_EQ(GetCode(police, unknown), GetCode(police_cert, unknown));
  pb::GetTimelineRequest tl;
  tl.set_referral_id(id);
  pb::GetTimelineResponse timeline;
  EXPECT_TRUE(edu.Call(&RS::GetTimeline, tl, &timeline).ok());
  EXPECT_EQ(police.Call(&RS::GetTimeline, tl, &timeline).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // No case internals, as for the certificate.
  pb::GetCaseRequest get_case;
  get_case.set_case_id(case_id_);
  pb::Case c;
  EXPECT_EQ(edu.Call(&CS::GetCase, get_case, &c).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  pb::Referral own;
  pb::GetReferralRequest get;
  get.set_referral_id(id);
  ASSERT_TRUE(edu.Call(&RS::GetReferral, get, &own).ok());
  EXPECT_TRUE(own.case_id().empty());
  EXPECT_TRUE(own.assigned_to().empty());
  // Lists: the agency's own referrals.
  auto police_list = ListAll(police);
  ASSERT_TRUE(police_list.ok()) << police_list.status();
  for (const auto& r : *police_list) EXPECT_EQ(r.agency_code(), "police-renhuai");

  // A referral submitted by a person is the agency's, and the person is in its timeline
  // and audit.
  pb::Referral mine = MustSubmit(edu, MandatoryReport(NewRequestId("staff")));
  EXPECT_EQ(mine.agency_code(), "edu-renhuai");
  EXPECT_EQ(GetCode(P().Agency("edu-renhuai"), mine.referral_id()), grpc::StatusCode::OK);
  tl.set_referral_id(mine.referral_id());
  ASSERT_TRUE(edu.Call(&RS::GetTimeline, tl, &timeline).ok());
  ASSERT_GE(timeline.entries_size(), 1);
  EXPECT_EQ(timeline.entries(0).actor().principal(), "agency:edu-renhuai");
  EXPECT_EQ(timeline.entries(0).actor().display_name(), edu_staff.name);
  auto audited = P().QueryInt(
      absl::StrCat("SELECT COUNT(*) FROM audit_log WHERE actor = 'agency:edu-renhuai/s-edu-renhuai'"
                   " AND entity_id = '",
                   mine.referral_id(), "'"));
  ASSERT_TRUE(audited.ok()) << audited.status();
  EXPECT_EQ(*audited, 1);

  // Not the procuratorate's statistics.
  pb::GetReferralStatisticsRequest stats;
  stats.set_period(pb::STATISTICS_PERIOD_MONTH);
  stats.set_year(2025);
  stats.set_first_period(1);
  pb::GetReferralStatisticsResponse figures;
  EXPECT_EQ(edu.Call(&RS::GetReferralStatistics, stats, &figures).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Refused: an unregistered agency, another procuratorate than the agency's.
  User ghost = edu_staff;
  ghost.agency = "edu-nowhere";
  EXPECT_EQ(GetCode(P().UserCaller(ghost), id), grpc::StatusCode::UNAUTHENTICATED);
  User elsewhere = edu_staff;
  elsewhere.procuratorate = "520330";
  EXPECT_EQ(GetCode(P().UserCaller(elsewhere), id), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace shouhu::e2e
