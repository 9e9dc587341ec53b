// The referral service's core (services/referral/core.h) on a real MariaDB, ready to use:
// the core on what every service fixture has (integration/service_fixture.h: a fresh
// database with the migrations, a fake clock, Monday 10 March 2025, 10:00 in China,
// sequential ids, a test cipher and the real calendar); procuratorates
// 520382 (Renhuai) and 520330 (Xishui) and three agencies registered; principals of every
// kind. After each test that passed, the audit chain must verify.
#ifndef SHOUHU_TESTS_INTEGRATION_REFERRAL_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_REFERRAL_FIXTURE_H_

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/server/principal.h"
#include "integration/service_fixture.h"
#include "referral/core.h"
#include "support/builders.h"
#include "support/principals.h"
#include "support/table_counts.h"

namespace shouhu::testing {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

class ReferralCoreFixture : public ServiceFixture {
 protected:
  ReferralCoreFixture() : ServiceFixture("-integration") {}

  void SetUp() override {
    ServiceFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    referral::CoreDeps deps;
    Wire(deps);
    core_ = std::make_unique<referral::ReferralCore>(deps);

    for (auto [code, name] :
         {std::pair{kRenhuai, "仁怀市人民检察院"}, std::pair{kXishui, "习水县人民检察院"}}) {
      pb::UpsertProcuratorateRequest req;
      req.set_request_id(Rid());
      req.mutable_procuratorate()->set_procuratorate_code(code);
      req.mutable_procuratorate()->set_name(name);
      auto r = core_->UpsertProcuratorate(admin_user_, req);
      ASSERT_TRUE(r.ok()) << r.status();
    }
    struct A {
      const char* code;
      const char* name;
      pb::AgencyType type;
      const char* procuratorate;
    };
    for (const A& a : {A{"edu-renhuai", "仁怀市教育局", pb::AGENCY_TYPE_EDUCATION, kRenhuai},
                       A{"police-renhuai", "仁怀市公安局", pb::AGENCY_TYPE_POLICE, kRenhuai},
                       A{"edu-xishui", "习水县教育局", pb::AGENCY_TYPE_EDUCATION, kXishui}}) {
      pb::RegisterAgencyRequest req;
      req.set_request_id(Rid());
      pb::Agency* ag = req.mutable_agency();
      ag->set_agency_code(a.code);
      ag->set_name(a.name);
      ag->set_type(a.type);
      ag->set_jurisdiction_code(a.procuratorate);
      ag->set_procuratorate_code(a.procuratorate);
      ag->set_active(true);
      auto r = core_->RegisterAgency(admin_user_, req);
      ASSERT_TRUE(r.ok()) << r.status();
    }
  }

  void ReleaseCores() override { core_.reset(); }

  static cpb::PersonInput Person(const std::string& name, const cpb::Date& birth,
                                 const std::string& id_number = "") {
    return id_number.empty() ? PersonWithBirthDate(name, birth)
                             : PersonWithIdNumber(name, id_number);
  }

  // A valid submission of `kind` about `subject`, with a guardian (support/builders.h).
  pb::SubmitReferralRequest Submission(pb::ReferralKind kind, const cpb::PersonInput& subject) {
    SubmissionSpec spec;
    spec.request_id = Rid();
    spec.kind = kind;
    spec.occurred_on = absl::CivilDay(2025, 3, 1);
    spec.subject = subject;
    return ValidSubmission(spec);
  }

  pb::SubmitReferralRequest Submission(
      pb::ReferralKind kind = pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN) {
    return Submission(kind, Person("王小明", Date(2015, 6, 1), minor_id_));
  }

  pb::Referral MustSubmit(const Principal& agency, const pb::SubmitReferralRequest& req) {
    auto r = core_->Submit(agency, req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : pb::Referral();
  }

  pb::Referral MustGet(const Principal& p, const std::string& id) {
    pb::GetReferralRequest req;
    req.set_referral_id(id);
    auto r = core_->Get(p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : pb::Referral();
  }

  absl::StatusOr<pb::Referral> Get(const Principal& p, const std::string& id) {
    pb::GetReferralRequest req;
    req.set_referral_id(id);
    return core_->Get(p, req);
  }

  absl::StatusOr<pb::Referral> Assign(const Principal& p, const std::string& id, int64_t version,
                                      const std::string& caseworker) {
    pb::AssignReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(id);
    req.set_version(version);
    req.set_caseworker(caseworker);
    return core_->Assign(p, req);
  }

  absl::StatusOr<pb::Referral> Accept(const Principal& p, const std::string& id, int64_t version,
                                      const std::string& request_id = "") {
    pb::AcceptReferralRequest req;
    req.set_request_id(request_id.empty() ? Rid() : request_id);
    req.set_referral_id(id);
    req.set_version(version);
    req.set_message_to_agency("已受理，将依法开展监护干预。");
    return core_->Accept(p, req);
  }

  absl::StatusOr<pb::Referral> Decline(const Principal& p, const std::string& id, int64_t version) {
    pb::DeclineReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(id);
    req.set_version(version);
    req.set_reason(pb::DECLINE_REASON_NOT_ELIGIBLE);
    return core_->Decline(p, req);
  }

  // Submits and accepts a referral about `subject`; returns the accepted referral as the
  // caseworker sees it.
  pb::Referral SubmitAndAccept(const Principal& agency, const cpb::PersonInput& subject) {
    pb::Referral r =
        MustSubmit(agency, Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, subject));
    auto accepted = Accept(head_, r.referral_id(), r.version());
    EXPECT_TRUE(accepted.ok()) << accepted.status();
    return accepted.ok() ? *accepted : pb::Referral();
  }

  absl::StatusOr<pb::Case> GetCase(const Principal& p, const std::string& id) {
    pb::GetCaseRequest req;
    req.set_case_id(id);
    return core_->GetCase(p, req);
  }

  absl::StatusOr<pb::Case> Transfer(const pb::Case& c, const std::string& to) {
    pb::TransferCaseRequest req;
    req.set_request_id(Rid());
    req.set_case_id(c.case_id());
    req.set_version(c.version());
    req.set_to_procuratorate_code(to);
    req.set_reason("监护人已举家迁居习水县，由当地检察院继续跟进。");
    return core_->TransferCase(head_, req);
  }

  // The row count of every table ("nothing written" when two snapshots are equal).
  TableCounts Snapshot() {
    absl::StatusOr<TableCounts> counts = CountEveryTable(*pool_);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : TableCounts();
  }

  std::vector<std::string> Steps(const Principal& p, const std::string& id) {
    pb::GetTimelineRequest req;
    req.set_referral_id(id);
    auto t = core_->Timeline(p, req);
    EXPECT_TRUE(t.ok()) << t.status();
    std::vector<std::string> out;
    if (t.ok()) {
      for (const auto& e : t->entries()) out.push_back(e.step());
    }
    return out;
  }

  std::string SubjectId(const pb::Referral& r) {
    for (const auto& p : r.people()) {
      if (p.role() == pb::PERSON_ROLE_SUBJECT) return p.person().person_id();
    }
    return "";
  }

  std::unique_ptr<referral::ReferralCore> core_;

  const Principal admin_user_ = User("u-admin", kRenhuai, {Role::kAdmin});
  const Principal edu_ = Agency("edu-renhuai", kRenhuai);
  const Principal police_ = Agency("police-renhuai", kRenhuai);
  const Principal edu_xishui_ = Agency("edu-xishui", kXishui);
  const Principal head_ = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal other_head_ = User("u-head-2", kRenhuai, {Role::kDepartmentHead});
  const Principal deputy_ = User("u-deputy", kRenhuai, {Role::kChief});
  const Principal zhang_ = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal wang_ = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal analyst_ = User("u-analyst", kRenhuai, {Role::kAnalyst});
  const Principal xs_head_ = User("u-xs-head", kXishui, {Role::kDepartmentHead});
  const Principal xs_worker_ = User("u-xs-li", kXishui, {Role::kCaseworker});
  // A girl born 1 June 2015 in Renhuai (even sequence number: female).
  const std::string minor_id_ = IdNumber(absl::CivilDay(2015, 6, 1), 124, kRenhuai);
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_REFERRAL_FIXTURE_H_
