// The access matrix, generated from the referral service's access table
// (services/referral/access_policy.cc): for every RPC of the table (one test each), every
// caller kind and role, and a record of the caller's own and of another procuratorate
// (assigned to the caller or to nobody where a row has conditions), the call goes through
// the service's method tables (the policy gate, then the core) on a real MariaDB, and the
// status must be the one the row implies:
//   - no grant admits the caller: PERMISSION_DENIED;
//   - a record out of the grant's scope: PERMISSION_DENIED (NOT_FOUND for people, like an
//     unknown id), so nothing tells whether another procuratorate's record exists;
//   - a condition of the grant that does not hold on the record: PERMISSION_DENIED;
//   - otherwise OK (lists: OK, without the other procuratorate's record).
// The expectations come from the table, not from a second copy of the outcomes; the spot
// checks at the end are hand-written, so that a wrong table fails too.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server/rpc_service.h"
#include "common/server/worker_pool.h"
#include "gmock/gmock.h"
#include "integration/referral_fixture.h"
#include "referral/access_policy.h"
#include "referral/grpc_service.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "support/access_matrix.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;

// Every caller lives in Renhuai (or nowhere): "own" records are Renhuai's, "other" ones
// Xishui's. Records are submitted by edu-renhuai / edu-xishui and, when assigned, assigned
// to u-zhang.
std::vector<Caller> Callers() {
  std::vector<Caller> callers = {
      {"agency, submitter", Agency("edu-renhuai", kRenhuai)},
      {"agency, same procuratorate", Agency("police-renhuai", kRenhuai)},
      {"service", Service("aid")},
      {"oversight service", Service("oversight")},
  };
  for (Caller& c : StaffCallers(kRenhuai)) callers.push_back(std::move(c));
  return callers;
}

bool IsList(const std::string& method) {
  return method == "SubmitReferral" || method == "ListReferrals" || method == "ListCases" ||
         method == "ListIncomingTransfers" || method == "ListDuplicateCandidates" ||
         method == "ListAgencies" || method == "GetReferralStatistics";
}

class AccessFixture : public ReferralCoreFixture {
 protected:
  void SetUp() override {
    ReferralCoreFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workers_ = std::make_unique<WorkerPool>(WorkerPool::Options{.threads = 2});
    auto grpc = referral::ReferralGrpc::Create(core_.get(), nullptr, workers_.get(), {});
    ASSERT_TRUE(grpc.ok()) << grpc.status();
    grpc_ = std::move(grpc).value();
    tables_.push_back(referral::ReferralMethods(core_.get(), &grpc_->hub()));
    tables_.push_back(referral::CaseMethods(core_.get()));
    tables_.push_back(referral::PersonMethods(core_.get()));
    tables_.push_back(referral::RegistryMethods(core_.get()));
    tables_.push_back(referral::CaseFactsMethods(core_.get()));
  }
  void TearDown() override {
    if (grpc_ != nullptr) grpc_->BeginShutdown();
    grpc_.reset();
    if (workers_ != nullptr) workers_->Shutdown();
    ReferralCoreFixture::TearDown();
  }

  // Calls `method` (the full key) as `p` through the bound tables.
  absl::StatusOr<std::string> Call(const std::string& method, const Principal& p,
                                   const Message& req) {
    return CallThrough(tables_, method, p, req);
  }

  const Principal& AgencyOf(bool other) { return other ? edu_xishui_ : edu_; }
  const Principal& HeadOf(bool other) { return other ? xs_head_ : head_; }
  std::string TenantOf(bool other) { return other ? kXishui : kRenhuai; }

  // A referral of the own or the other procuratorate about a new child; assigned to
  // u-zhang when `assigned`.
  pb::Referral SeedReferral(bool other, bool assigned, bool with_guardian = false) {
    SubmissionSpec spec;
    spec.request_id = Rid();
    spec.occurred_on = absl::CivilDay(2025, 3, 1);
    const int k = ++seeds_;
    spec.subject = Person("陈小雨", Date(2012 + k % 4, 1 + k % 12, 1 + k % 28));
    spec.with_guardian = with_guardian;
    pb::Referral r = MustSubmit(AgencyOf(other), ValidSubmission(spec));
    if (assigned) {
      auto a = Assign(HeadOf(other), r.referral_id(), r.version(), "u-zhang");
      EXPECT_TRUE(a.ok()) << a.status();
      if (a.ok()) r = *a;
    }
    return r;
  }

  pb::Case SeedCase(bool other, bool assigned) {
    pb::Referral r = SeedReferral(other, assigned);
    auto accepted = Accept(HeadOf(other), r.referral_id(), r.version());
    EXPECT_TRUE(accepted.ok()) << accepted.status();
    if (!accepted.ok()) return pb::Case();
    auto c = GetCase(HeadOf(other), accepted->case_id());
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : pb::Case();
  }

  // A case offered to the caller's procuratorate (own), or one of the caller's own
  // procuratorate offered elsewhere (other: not addressed to the caller).
  pb::Case SeedTransfer(bool other) {
    const bool from_other = !other;
    pb::Case c = SeedCase(from_other, false);
    pb::TransferCaseRequest req;
    req.set_request_id(Rid());
    req.set_case_id(c.case_id());
    req.set_version(c.version());
    req.set_to_procuratorate_code(TenantOf(!from_other));
    req.set_reason("监护人迁居，由当地检察院继续跟进。");
    auto t = core_->TransferCase(HeadOf(from_other), req);
    EXPECT_TRUE(t.ok()) << t.status();
    return t.ok() ? *t : pb::Case();
  }

  std::string SeedCandidate(bool other) {
    SeedReferral(other, false, true);
    SeedReferral(other, false, true);  // the same guardian again: a possible duplicate
    auto list = core_->ListDuplicateCandidates(HeadOf(other), {});
    EXPECT_TRUE(list.ok() && list->candidates_size() > 0) << list.status();
    return list.ok() && list->candidates_size() > 0 ? list->candidates(0).candidate_id() : "";
  }

  std::string SubjectOf(const pb::Referral& r) {
    return SubjectId(MustGet(HeadOf(TenantOfId(r) != kRenhuai), r.referral_id()));
  }
  static std::string TenantOfId(const pb::Referral& r) { return r.procuratorate_code(); }

  Target Prepare(const std::string& method, bool other, bool assigned);

  int seeds_ = 0;
  int agencies_ = 0;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<referral::ReferralGrpc> grpc_;
  std::vector<MethodTable> tables_;
};

RecordFacts FactsOfReferral(const pb::Referral& r) {
  return {r.procuratorate_code(), r.agency_code(), r.assigned_to()};
}

Target AccessFixture::Prepare(const std::string& key, bool other, bool assigned) {
  const std::string method = key.substr(key.rfind('/') + 1);
  Target t;
  t.other = other;
  t.is_list = IsList(method);
  if (method == "SubmitReferral") {
    SubmissionSpec spec;
    spec.request_id = Rid();
    spec.occurred_on = absl::CivilDay(2025, 3, 1);
    spec.with_guardian = false;
    t.request = std::make_unique<pb::SubmitReferralRequest>(ValidSubmission(spec));
  } else if (method == "ListReferrals") {
    t.marker = SeedReferral(true, false).referral_id();
    t.request = std::make_unique<pb::ListReferralsRequest>();
  } else if (method == "GetReferral" || method == "GetTimeline" || method == "WatchReferral" ||
             method == "AssignReferral" || method == "AcceptReferral" ||
             method == "DeclineReferral" || method == "RequestInformation" ||
             method == "WithdrawReferral" || method == "SupplementReferral") {
    pb::Referral r = SeedReferral(other, assigned);
    if (method == "SupplementReferral") {
      pb::RequestInformationRequest ask;
      ask.set_request_id(Rid());
      ask.set_referral_id(r.referral_id());
      ask.set_version(r.version());
      ask.set_question("请补充监护人联系方式。");
      auto asked = core_->RequestInformation(HeadOf(other), ask);
      EXPECT_TRUE(asked.ok()) << asked.status();
      if (asked.ok()) r = *asked;
    }
    t.facts = FactsOfReferral(r);
    const std::string& id = r.referral_id();
    if (method == "GetReferral") {
      auto q = std::make_unique<pb::GetReferralRequest>();
      q->set_referral_id(id);
      t.request = std::move(q);
    } else if (method == "GetTimeline") {
      auto q = std::make_unique<pb::GetTimelineRequest>();
      q->set_referral_id(id);
      t.request = std::move(q);
    } else if (method == "WatchReferral") {
      auto q = std::make_unique<pb::WatchReferralRequest>();
      q->set_referral_id(id);
      t.request = std::move(q);
    } else if (method == "AssignReferral") {
      auto q = std::make_unique<pb::AssignReferralRequest>();
      q->set_request_id(Rid());
      q->set_referral_id(id);
      q->set_version(r.version());
      q->set_caseworker("u-wang");
      t.request = std::move(q);
    } else if (method == "AcceptReferral") {
      auto q = std::make_unique<pb::AcceptReferralRequest>();
      q->set_request_id(Rid());
      q->set_referral_id(id);
      q->set_version(r.version());
      t.request = std::move(q);
    } else if (method == "DeclineReferral") {
      auto q = std::make_unique<pb::DeclineReferralRequest>();
      q->set_request_id(Rid());
      q->set_referral_id(id);
      q->set_version(r.version());
      q->set_reason(pb::DECLINE_REASON_NOT_ELIGIBLE);
      t.request = std::move(q);
    } else if (method == "RequestInformation") {
      auto q = std::make_unique<pb::RequestInformationRequest>();
      q->set_request_id(Rid());
      q->set_referral_id(id);
      q->set_version(r.version());
      q->set_question("请补充就医记录。");
      t.request = std::move(q);
    } else if (method == "SupplementReferral") {
      auto q = std::make_unique<pb::SupplementReferralRequest>();
      q->set_request_id(Rid());
      q->set_referral_id(id);
      q->set_version(r.version());
      q->set_supplement("监护人电话已补充。");
      t.request = std::move(q);
    } else {
      auto q = std::make_unique<pb::WithdrawReferralRequest>();
      q->set_request_id(Rid());
      q->set_referral_id(id);
      q->set_version(r.version());
      t.request = std::move(q);
    }
  } else if (method == "GetReferralStatistics") {
    // The caller's own procuratorate's figures: no record addressed.
    auto q = std::make_unique<pb::GetReferralStatisticsRequest>();
    q->set_period(pb::STATISTICS_PERIOD_MONTH);
    q->set_year(2025);
    q->set_first_period(3);
    t.request = std::move(q);
  } else if (method == "ListCases") {
    t.marker = SeedCase(true, false).case_id();
    t.request = std::make_unique<pb::ListCasesRequest>();
  } else if (method == "GetCase" || method == "AssignCase" || method == "CloseCase" ||
             method == "TransferCase") {
    pb::Case c = SeedCase(other, assigned);
    t.facts = {c.procuratorate_code(), "", c.assigned_to()};
    if (method == "GetCase") {
      auto q = std::make_unique<pb::GetCaseRequest>();
      q->set_case_id(c.case_id());
      t.request = std::move(q);
    } else if (method == "AssignCase") {
      auto q = std::make_unique<pb::AssignCaseRequest>();
      q->set_request_id(Rid());
      q->set_case_id(c.case_id());
      q->set_version(c.version());
      q->set_caseworker("u-wang");
      t.request = std::move(q);
    } else if (method == "CloseCase") {
      auto q = std::make_unique<pb::CloseCaseRequest>();
      q->set_request_id(Rid());
      q->set_case_id(c.case_id());
      q->set_version(c.version());
      q->set_reason(pb::CLOSE_REASON_RESOLVED);
      t.request = std::move(q);
    } else {
      auto q = std::make_unique<pb::TransferCaseRequest>();
      q->set_request_id(Rid());
      q->set_case_id(c.case_id());
      q->set_version(c.version());
      q->set_to_procuratorate_code(TenantOf(!other));
      q->set_reason("监护人迁居。");
      t.request = std::move(q);
    }
  } else if (method == "GetCaseFacts") {
    pb::Case c = SeedCase(other, assigned);
    t.facts = {c.procuratorate_code(), "", c.assigned_to()};
    auto q = std::make_unique<::shouhu::oversight::v1::GetCaseFactsRequest>();
    q->set_case_id(c.case_id());
    t.request = std::move(q);
  } else if (method == "ListIncomingTransfers") {
    t.marker = SeedTransfer(true).case_id();  // a Renhuai case offered to Xishui
    t.request = std::make_unique<pb::ListIncomingTransfersRequest>();
  } else if (method == "AcceptTransfer" || method == "RejectTransfer") {
    pb::Case c = SeedTransfer(other);
    t.facts = {c.transfer_to_procuratorate(), "", c.assigned_to()};
    auto q = std::make_unique<pb::DecideTransferRequest>();
    q->set_request_id(Rid());
    q->set_case_id(c.case_id());
    q->set_version(c.version());
    q->set_note("同意接收。");
    t.request = std::move(q);
  } else if (method == "GetPerson") {
    pb::Referral r = SeedReferral(other, false);
    t.facts = FactsOfReferral(r);
    auto q = std::make_unique<pb::GetPersonRequest>();
    q->set_person_id(SubjectOf(r));
    t.request = std::move(q);
  } else if (method == "UpdatePerson") {
    pb::Referral r = SeedReferral(other, false);
    t.facts = FactsOfReferral(r);
    auto q = std::make_unique<pb::UpdatePersonRequest>();
    q->set_request_id(Rid());
    q->set_person_id(SubjectOf(r));
    pb::GetPersonRequest get;
    get.set_person_id(q->person_id());
    auto person = core_->GetPerson(HeadOf(other), get);
    EXPECT_TRUE(person.ok()) << person.status();
    q->set_version(person.ok() ? person->version() : 1);
    q->add_fields("phone");
    q->mutable_values()->set_phone("13812345678");
    q->set_reason("核实后更正电话。");
    t.request = std::move(q);
  } else if (method == "ListPersonHistory") {
    pb::Referral r = SeedReferral(other, false);
    t.facts = FactsOfReferral(r);
    auto q = std::make_unique<pb::ListPersonHistoryRequest>();
    q->set_person_id(SubjectOf(r));
    t.request = std::move(q);
  } else if (method == "ListDuplicateCandidates") {
    t.marker = SeedCandidate(true);
    t.request = std::make_unique<pb::ListDuplicateCandidatesRequest>();
  } else if (method == "ResolveDuplicate") {
    auto q = std::make_unique<pb::ResolveDuplicateRequest>();
    q->set_request_id(Rid());
    q->set_candidate_id(SeedCandidate(other));
    q->set_same_person(false);
    t.facts = {TenantOf(other), "", ""};
    t.request = std::move(q);
  } else if (method == "UpsertProcuratorate") {
    auto q = std::make_unique<pb::UpsertProcuratorateRequest>();
    q->set_request_id(Rid());
    q->mutable_procuratorate()->set_procuratorate_code(TenantOf(other));
    q->mutable_procuratorate()->set_name(other ? "习水县人民检察院" : "仁怀市人民检察院");
    t.request = std::move(q);
  } else if (method == "RegisterAgency") {
    auto q = std::make_unique<pb::RegisterAgencyRequest>();
    q->set_request_id(Rid());
    pb::Agency* a = q->mutable_agency();
    a->set_agency_code(absl::StrCat("school-", ++agencies_));
    a->set_name("第二中学");
    a->set_type(pb::AGENCY_TYPE_EDUCATION);
    a->set_jurisdiction_code(TenantOf(other));
    a->set_procuratorate_code(TenantOf(other));
    a->set_active(true);
    t.request = std::move(q);
  } else if (method == "GetAgency") {
    auto q = std::make_unique<pb::GetAgencyRequest>();
    q->set_agency_code(other ? "edu-xishui" : "edu-renhuai");
    t.request = std::move(q);
  } else if (method == "ListAgencies") {
    t.marker = "edu-xishui";
    t.request = std::make_unique<pb::ListAgenciesRequest>();
  }
  return t;
}

class AccessMatrixTest : public AccessFixture, public ::testing::WithParamInterface<std::string> {};

TEST_P(AccessMatrixTest, EveryCallerOnOwnAndOtherRecordsGetsWhatTheTableSays) {
  const std::string key = GetParam();
  WalkMatrix(
      referral::ReferralAccessPolicy(), key, Callers(),
      [&](bool other, bool assigned) { return Prepare(key, other, assigned); },
      [&](const Principal& p, const Message& req) { return Call(key, p, req); });
}

INSTANTIATE_TEST_SUITE_P(Referral, AccessMatrixTest,
                         ::testing::ValuesIn(MethodsOf(referral::ReferralAccessPolicy())),
                         MethodTestName);

// Hand-written: the four findings of the access review, each on a real record, with what
// the table must say about them too; and who reads the case facts.
class AccessSpotCheckTest : public AccessFixture {};

TEST_F(AccessSpotCheckTest, TheFourFindingsStayFixed) {
  const auto key = [](const char* service, const char* method) {
    return absl::StrCat("shouhu.referral.v1.", service, "/", method);
  };
  const Principal aid = Service("aid");
  const Principal chief = deputy_;
  const std::vector<Spot> kSpots = {
      // 1. Services call only CaseService.GetCase and PersonService.GetPerson (masked; any
      // procuratorate).
      {"service reads a referral", key("ReferralService", "GetReferral"), aid, false, true,
       Outcome::kDenied},
      {"service reads a timeline", key("ReferralService", "GetTimeline"), aid, false, true,
       Outcome::kDenied},
      {"service watches a referral", key("ReferralService", "WatchReferral"), aid, true, true,
       Outcome::kDenied},
      {"service lists referrals", key("ReferralService", "ListReferrals"), aid, false, true,
       Outcome::kDenied},
      {"service reads another procuratorate's case", key("CaseService", "GetCase"), aid, true, true,
       Outcome::kOk},
      {"service reads another procuratorate's person", key("PersonService", "GetPerson"), aid, true,
       true, Outcome::kOk},
      // 2. The chief reads but is no department head.
      {"chief reads a referral", key("ReferralService", "GetReferral"), chief, false, true,
       Outcome::kOk},
      {"chief reads a case", key("CaseService", "GetCase"), chief, false, true, Outcome::kOk},
      {"chief reads a person", key("PersonService", "GetPerson"), chief, false, true, Outcome::kOk},
      {"chief assigns", key("ReferralService", "AssignReferral"), chief, false, true,
       Outcome::kDenied},
      {"chief accepts", key("ReferralService", "AcceptReferral"), chief, false, false,
       Outcome::kDenied},
      {"chief closes", key("CaseService", "CloseCase"), chief, false, false, Outcome::kDenied},
      {"chief transfers", key("CaseService", "TransferCase"), chief, false, true, Outcome::kDenied},
      {"chief accepts a transfer", key("CaseService", "AcceptTransfer"), chief, false, true,
       Outcome::kDenied},
      {"chief resolves a duplicate", key("PersonService", "ResolveDuplicate"), chief, false, true,
       Outcome::kDenied},
      // 3. Triage needs the assigned caseworker or a head.
      {"caseworker accepts an unassigned referral", key("ReferralService", "AcceptReferral"),
       zhang_, false, false, Outcome::kDenied},
      {"caseworker declines an unassigned referral", key("ReferralService", "DeclineReferral"),
       zhang_, false, false, Outcome::kDenied},
      {"caseworker asks about an unassigned referral", key("ReferralService", "RequestInformation"),
       zhang_, false, false, Outcome::kDenied},
      {"caseworker accepts another's referral", key("ReferralService", "AcceptReferral"), wang_,
       false, true, Outcome::kDenied},
      {"assigned caseworker accepts", key("ReferralService", "AcceptReferral"), zhang_, false, true,
       Outcome::kOk},
      {"head accepts an unassigned referral", key("ReferralService", "AcceptReferral"), head_,
       false, false, Outcome::kOk},
      // 5. The case facts of the case-quality review: the oversight service only, on any
      // procuratorate's case; not another service, not the chief, not a head.
      {"oversight reads another procuratorate's case facts",
       "shouhu.oversight.v1.CaseFactsService/GetCaseFacts", Service("oversight"), true, true,
       Outcome::kOk},
      {"service reads case facts", "shouhu.oversight.v1.CaseFactsService/GetCaseFacts", aid, false,
       true, Outcome::kDenied},
      {"chief reads case facts", "shouhu.oversight.v1.CaseFactsService/GetCaseFacts", chief, false,
       true, Outcome::kDenied},
      {"head reads case facts", "shouhu.oversight.v1.CaseFactsService/GetCaseFacts", head_, false,
       true, Outcome::kDenied},
  };
  CheckSpots(
      referral::ReferralAccessPolicy(), kSpots,
      [&](const std::string& m, bool other, bool assigned) { return Prepare(m, other, assigned); },
      [&](const std::string& m, const Principal& p, const Message& req) { return Call(m, p, req); },
      [&](const Spot& s, const absl::StatusOr<std::string>& got) {
        if (s.p.id == chief.id && s.want == Outcome::kDenied &&
            s.method.find("Accept") == std::string::npos &&
            s.method.find("CloseCase") == std::string::npos &&
            s.method.find("GetCaseFacts") == std::string::npos) {
          EXPECT_THAT(got.status().message(), ::testing::HasSubstr("only a department head may"))
              << s.what;
        }
        if (s.method.find("GetCaseFacts") != std::string::npos && s.want == Outcome::kDenied) {
          EXPECT_EQ(got.status().message(), "only the oversight service reads case facts")
              << s.what;
        }
      });

  // 4. Another procuratorate's head transferring: PERMISSION_DENIED before any check of
  // the destination, whatever the destination.
  pb::Case c = SeedCase(false, false);
  for (const std::string& to :
       {std::string("not-a-code"), std::string(kRenhuai), std::string(kXishui), std::string("")}) {
    pb::TransferCaseRequest req;
    req.set_request_id(Rid());
    req.set_case_id(c.case_id());
    req.set_version(c.version());
    req.set_to_procuratorate_code(to);
    auto got = Call(key("CaseService", "TransferCase"), xs_head_, req);
    EXPECT_TRUE(absl::IsPermissionDenied(got.status())) << "to '" << to << "': " << got.status();
  }
}

}  // namespace
}  // namespace shouhu::testing
