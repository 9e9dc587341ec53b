// The case-quality review (案件质量评查) on a real MariaDB: a "case.closed" delivered to the
// inbox queues the review, the job runs it after the delay with the facts of in-process
// record services (one of them down first: the review waits and says which), a missing
// field and a missed deadline become findings, the caseworker fixes the record and the
// re-run clears them; appeals (复议) granted and rejected by the department head; rule sets
// created, tried on past cases and switched on; the summary by department, caseworker
// and rule (analysts suppressed); the role x RPC x tenant matrix; EXPLAIN of every
// statement at 100,000 reviews and findings.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/base/dates.h"
#include "common/crypto/field_cipher.h"
#include "common/server/events.h"
#include "integration/db_fixture.h"
#include "oversight/access_policy.h"
#include "oversight/review_core.h"
#include "oversight/review_grpc.h"
#include "oversight/review_rules.h"
#include "oversight/review_sql.h"
#include "oversight/review_store.h"
#include "oversight/store.h"
#include "shouhu/referral/v1/events.pb.h"
#include "support/access_matrix.h"
#include "support/explain_check.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

namespace ov = ::shouhu::oversight;
namespace v1 = ::shouhu::oversight::v1;
namespace cpb = ::shouhu::common::v1;

constexpr char kRenhuai[] = "520382";
constexpr char kXishui[] = "520330";
constexpr char kMinors[] = "未成年人检察部";
constexpr char kCriminal[] = "刑事检察部";

absl::Time China(int y, int m, int d, int hh = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), ChinaTime());
}

v1::RecordFacts Rec(const std::string& kind, const std::string& id, const std::string& status,
                    const std::map<std::string, std::string>& fields,
                    const std::string& assigned_to = "", const std::string& department = "") {
  v1::RecordFacts r;
  r.set_kind(kind);
  r.set_record_id(id);
  r.set_status(status);
  r.set_assigned_to(assigned_to);
  r.set_department(department);
  for (const auto& [k, v] : fields) (*r.mutable_fields())[k] = v;
  return r;
}

// A record service answering from a map, or down.
class FakeSource : public ov::FactsSource {
 public:
  explicit FakeSource(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  absl::StatusOr<v1::CaseFacts> GetCaseFacts(const std::string& case_id) const override {
    absl::MutexLock l(&mu_);
    ++calls_;
    if (down_) return absl::UnavailableError("down");
    v1::CaseFacts f;
    f.set_case_id(case_id);
    f.set_source(name_);
    auto it = records_.find(case_id);
    if (it != records_.end()) {
      for (const v1::RecordFacts& r : it->second) *f.add_records() = r;
    }
    return f;
  }
  void Set(const std::string& case_id, std::vector<v1::RecordFacts> records) {
    absl::MutexLock l(&mu_);
    records_[case_id] = std::move(records);
  }
  void SetDown(bool down) {
    absl::MutexLock l(&mu_);
    down_ = down;
  }

 private:
  std::string name_;
  mutable absl::Mutex mu_;
  mutable int calls_ = 0;
  bool down_ = false;
  std::map<std::string, std::vector<v1::RecordFacts>> records_;
};

class ReviewTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto cipher = FieldCipher::Create(std::string(32, 'E'), std::string(32, 'H'));
    ASSERT_TRUE(cipher.ok()) << cipher.status();
    cipher_ = *std::move(cipher);
    deps_.pool = pool_.get();
    deps_.clock = &clock_;
    deps_.ids = &ids_;
    deps_.cipher = cipher_.get();
    core_ = std::make_unique<ov::ReviewCore>(
        deps_, std::vector<const ov::FactsSource*>{&referral_, &aid_, &guardianship_, &visit_},
        ov::ReviewOptions{.delay = absl::Minutes(10)});
    inbox_ = std::make_unique<InboxReceiver>(
        "oversight", pool_.get(), /*env=*/nullptr,
        [this](db::Tx& tx, const cpb::Event& e) { return core_->ReactToEvent(tx, e); });
    table_ = std::make_unique<MethodTable>(ov::QualityReviewMethods(core_.get()));
  }

  // Delivers "case.closed" for `case_id` now.
  void Close(const std::string& case_id) {
    referral::v1::CaseClosed closed;
    closed.set_case_id(case_id);
    closed.set_reason(referral::v1::CLOSE_REASON_RESOLVED);
    cpb::Event e;
    e.set_event_id(absl::StrCat("evt-close-", ++events_));
    e.set_topic(ov::kTopicCaseClosed);
    e.set_aggregate_id(case_id);
    e.set_procuratorate_code(TenantOf(case_id));
    *e.mutable_occurred_at() = ToTimestamp(clock_.Now());
    e.mutable_payload()->PackFrom(closed);
    auto r = inbox_->Deliver(Service("referral"), e);
    ASSERT_TRUE(r.ok()) << r.status();
  }
  static std::string TenantOf(const std::string& id) { return id.substr(id.find('-') + 1, 6); }

  // A closed case of u-zhang (未成年人检察部) with a paid aid application: the close note
  // is missing and nobody visited after the payment.
  void SeedCase(const std::string& case_id, const std::string& caseworker = "u-zhang",
                const std::string& department = kMinors) {
    const std::string proc = TenantOf(case_id);
    const std::string ref = absl::StrCat("ref-", proc, "-", case_id.substr(12));
    referral_.Set(case_id, {Rec("case", case_id, "CASE_STATUS_CLOSED",
                                {{"kind", "REFERRAL_KIND_JUDICIAL_AID"},
                                 {"subject_person_id", "per-1"},
                                 {"opened_at", "2026-02-01T02:00:00Z"},
                                 {"closed_at", "2026-03-10T01:00:00Z"},
                                 {"close_reason", "CLOSE_REASON_RESOLVED"},
                                 {"referral_ids", ref}},
                                caseworker, department),
                            Rec("referral", ref, "REFERRAL_STATUS_ACCEPTED",
                                {{"case_id", case_id},
                                 {"agency_code", "fl-renhuai"},
                                 {"facts", "*"},
                                 {"person_ids", "per-1,per-2"}},
                                caseworker)});
    aid_.Set(case_id,
             {Rec("aid_application", absl::StrCat("aid-", proc, "-1"), "APPLICATION_STATUS_PAID",
                  {{"case_id", case_id},
                   {"registered_on", "2026-02-02"},
                   {"decided_on", "2026-02-10"},
                   {"decision_document_number", "仁检救决〔2026〕1号"},
                   {"approved_fen", "500000"},
                   {"paid_fen", "500000"},
                   {"source_referral_id", ref}},
                  caseworker, department)});
  }

  v1::CaseReview Review(const Principal& p, const std::string& case_id) {
    v1::GetCaseReviewRequest r;
    r.set_case_id(case_id);
    auto out = core_->GetCaseReview(p, r);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : v1::CaseReview();
  }
  static std::map<std::string, v1::Finding> ByRule(const v1::CaseReview& r) {
    std::map<std::string, v1::Finding> out;
    for (const v1::Finding& f : r.findings()) out[f.rule_id()] = f;
    return out;
  }
  v1::CaseReview Rerun(const Principal& p, const std::string& case_id) {
    v1::RerunReviewRequest r;
    r.set_request_id(absl::StrCat("rerun-request-", ++requests_));
    r.set_case_id(case_id);
    auto out = core_->RerunReview(p, r);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : v1::CaseReview();
  }
  // Closes, waits the delay and runs the job.
  void CloseAndReview(const std::string& case_id) {
    Close(case_id);
    clock_.Advance(absl::Minutes(11));
    auto ran = core_->RunDueReviews(50);
    ASSERT_TRUE(ran.ok()) << ran.status();
  }

  FakeClock clock_{China(2026, 3, 10, 9)};
  SequentialIdGenerator ids_;
  std::unique_ptr<FieldCipher> cipher_;
  ov::OversightDeps deps_;
  FakeSource referral_{"referral"}, aid_{"aid"}, guardianship_{"guardianship"}, visit_{"visit"};
  std::unique_ptr<ov::ReviewCore> core_;
  std::unique_ptr<InboxReceiver> inbox_;
  std::unique_ptr<MethodTable> table_;
  int events_ = 0;
  int requests_ = 0;
  const Principal zhang_ = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal wang_ = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal head_ = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal other_head_ = User("u-head2", kRenhuai, {Role::kDepartmentHead}, "", kCriminal);
  const Principal chief_ = User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator");
  const Principal analyst_ = User("u-analyst", kRenhuai, {Role::kAnalyst});
  const Principal admin_ = User("u-admin", kRenhuai, {Role::kAdmin});
};

TEST_F(ReviewTest, ClosedCaseWithAMissingFieldIsFoundThenFixedAndCleared) {
  const std::string case_id = "case-520382-1";
  SeedCase(case_id);
  // A decision deadline met two days late.
  v1::DeadlineChanged late;
  late.set_item_key("AID_DECISION:aid-520382-1");
  late.set_kind(v1::AID_DECISION);
  late.set_procuratorate_code(kRenhuai);
  late.set_case_id(case_id);
  late.set_record_id("aid-520382-1");
  late.set_assigned_to("person:u-zhang");
  *late.mutable_started_at() = ToTimestamp(China(2026, 2, 2));
  *late.mutable_due_at() = ToTimestamp(China(2026, 2, 8, 18));
  late.set_state(v1::DEADLINE_MET);
  *late.mutable_ended_at() = ToTimestamp(China(2026, 2, 10, 12));
  late.set_sequence(3);
  ASSERT_TRUE(
      db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
        return ov::StoreItem(tx, *ov::ItemFromEvent(late), "evt-late", clock_.Now()).status();
      }).ok());

  Close(case_id);
  EXPECT_EQ(Count("case_reviews", "state = 1"), 1);
  Close(case_id);  // a second closing event of the case queues nothing more
  EXPECT_EQ(Count("case_reviews"), 1);
  // Not before the delay.
  ASSERT_EQ(*core_->RunDueReviews(50), 0);
  // Pending: its caseworker is known from the facts of the first run, so until then the
  // chief sees it and the caseworker does not.
  EXPECT_EQ(Review(chief_, case_id).state(), v1::REVIEW_PENDING);
  {
    v1::GetCaseReviewRequest r;
    r.set_case_id(case_id);
    EXPECT_TRUE(absl::IsPermissionDenied(core_->GetCaseReview(zhang_, r).status()));
  }
  clock_.Advance(absl::Minutes(11));
  ASSERT_EQ(*core_->RunDueReviews(50), 1);

  v1::CaseReview review = Review(zhang_, case_id);
  EXPECT_EQ(review.state(), v1::REVIEW_DONE);
  EXPECT_EQ(review.caseworker(), "u-zhang");
  EXPECT_EQ(review.department(), kMinors);
  EXPECT_EQ(review.rule_set_version(), 1);
  std::map<std::string, v1::Finding> found = ByRule(review);
  ASSERT_EQ(found.size(), 3u) << review.DebugString();
  ASSERT_EQ(found.count("Q-CASE-CLOSE-NOTE"), 1u);
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].record_kind(), "case");
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].record_id(), case_id);
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].field(), "close_note");
  EXPECT_FALSE(found["Q-CASE-CLOSE-NOTE"].rule_title().empty());
  ASSERT_EQ(found.count("Q-AID-VISIT"), 1u);
  EXPECT_EQ(found["Q-AID-VISIT"].record_id(), "aid-520382-1");
  ASSERT_EQ(found.count("Q-DEADLINES"), 1u);
  EXPECT_EQ(found["Q-DEADLINES"].field(), "AID_DECISION");
  for (const auto& [rule, f] : found) {
    EXPECT_EQ(f.state(), v1::FINDING_OPEN) << rule;
    EXPECT_EQ(f.caseworker(), "u-zhang");
  }
  // In the caseworker's list, not in another caseworker's.
  EXPECT_EQ(core_->ListMyFindings(zhang_, {})->findings_size(), 3);
  EXPECT_EQ(core_->ListMyFindings(wang_, {})->findings_size(), 0);

  // The caseworker fills the close note and records the visit; the re-run clears both.
  SeedCase(case_id);
  auto records = *referral_.GetCaseFacts(case_id);
  (*records.mutable_records(0)->mutable_fields())["close_note"] = "*";
  referral_.Set(case_id, {records.records().begin(), records.records().end()});
  visit_.Set(case_id, {Rec("visit", "visit-520382-1", "",
                           {{"visited_on", "2026-03-20"}, {"assessments", "4"}})});
  clock_.Advance(absl::Hours(24));
  review = Rerun(zhang_, case_id);
  found = ByRule(review);
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].state(), v1::FINDING_FIXED);
  EXPECT_TRUE(found["Q-CASE-CLOSE-NOTE"].has_cleared_at());
  EXPECT_EQ(found["Q-AID-VISIT"].state(), v1::FINDING_FIXED);
  EXPECT_EQ(found["Q-DEADLINES"].state(), v1::FINDING_OPEN);  // a late decision stays late
  EXPECT_EQ(review.runs(), 2);
  EXPECT_EQ(review.findings(0).rule_id(), "Q-DEADLINES");  // open ones first
  EXPECT_EQ(core_->ListMyFindings(zhang_, {})->findings_size(), 1);
  EXPECT_EQ(Count("audit_log", "action = 'oversight.review_rerun'"), 1);

  // The record breaks again: the same finding opens again (not a second one).
  SeedCase(case_id);
  visit_.Set(case_id, {Rec("visit", "visit-520382-1", "",
                           {{"visited_on", "2026-03-20"}, {"assessments", "4"}})});
  review = Rerun(zhang_, case_id);
  EXPECT_EQ(ByRule(review)["Q-CASE-CLOSE-NOTE"].state(), v1::FINDING_OPEN);
  EXPECT_EQ(Count("review_findings"), 3);
}

TEST_F(ReviewTest, AServiceDownMakesTheReviewWaitAndRetry) {
  const std::string case_id = "case-520382-2";
  SeedCase(case_id);
  visit_.SetDown(true);
  Close(case_id);
  clock_.Advance(absl::Minutes(11));
  ASSERT_EQ(*core_->RunDueReviews(50), 0);
  v1::CaseReview review = Review(zhang_, case_id);
  EXPECT_EQ(review.state(), v1::REVIEW_PENDING);
  EXPECT_THAT(review.missing_sources(), ::testing::ElementsAre("visit"));
  EXPECT_EQ(review.findings_size(), 0);  // never run on part of the facts
  // The caseworker's re-run says which service did not answer, and writes nothing.
  v1::RerunReviewRequest r;
  r.set_request_id("rerun-down-1");
  r.set_case_id(case_id);
  EXPECT_TRUE(absl::IsUnavailable(core_->RerunReview(zhang_, r).status()));
  // Retried after a minute, then two: not before.
  ASSERT_EQ(*core_->RunDueReviews(50), 0);
  EXPECT_EQ(Int("SELECT attempts FROM case_reviews"), 1);
  clock_.Advance(absl::Seconds(61));
  ASSERT_EQ(*core_->RunDueReviews(50), 0);
  EXPECT_EQ(Int("SELECT attempts FROM case_reviews"), 2);
  EXPECT_EQ(Int("SELECT run_at_ms FROM case_reviews"),
            absl::ToUnixMillis(clock_.Now() + absl::Minutes(2)));
  visit_.SetDown(false);
  clock_.Advance(absl::Minutes(2));
  ASSERT_EQ(*core_->RunDueReviews(50), 1);
  review = Review(zhang_, case_id);
  EXPECT_EQ(review.state(), v1::REVIEW_DONE);
  EXPECT_EQ(review.missing_sources_size(), 0);
  EXPECT_EQ(ByRule(review).count("Q-AID-VISIT"), 1u);
}

TEST_F(ReviewTest, AppealsAreGrantedOrRejectedByTheDepartmentHead) {
  const std::string case_id = "case-520382-3";
  SeedCase(case_id);
  CloseAndReview(case_id);
  std::map<std::string, v1::Finding> found = ByRule(Review(zhang_, case_id));
  ASSERT_EQ(found.count("Q-CASE-CLOSE-NOTE"), 1u);
  ASSERT_EQ(found.count("Q-AID-VISIT"), 1u);
  const v1::Finding note = found["Q-CASE-CLOSE-NOTE"];
  const v1::Finding visit = found["Q-AID-VISIT"];

  auto appeal = [&](const Principal& p, const v1::Finding& f, const std::string& reason,
                    int64_t version = 0) {
    v1::AppealFindingRequest r;
    r.set_request_id(absl::StrCat("appeal-", ++requests_));
    r.set_finding_id(f.finding_id());
    r.set_version(version == 0 ? f.version() : version);
    r.set_reason(reason);
    return core_->AppealFinding(p, r);
  };
  auto decide = [&](const Principal& p, const v1::Finding& f, bool grant) {
    v1::DecideAppealRequest r;
    r.set_request_id(absl::StrCat("decide-", ++requests_));
    r.set_finding_id(f.finding_id());
    r.set_version(f.version());
    r.set_grant(grant);
    r.set_note(grant ? "结案说明已在纸质卷宗中" : "请补录回访");
    return core_->DecideAppeal(p, r);
  };
  // Bad input writes nothing; only the caseworker appeals; a stale version is refused.
  EXPECT_TRUE(absl::IsInvalidArgument(appeal(zhang_, note, "").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(appeal(wang_, note, "理由").status()));
  EXPECT_TRUE(absl::IsAborted(appeal(zhang_, note, "理由", note.version() + 5).status()));
  EXPECT_EQ(Count("review_findings", "state = 3"), 0);

  auto appealed = appeal(zhang_, note, "结案说明在纸质卷宗中，系统未同步");
  ASSERT_TRUE(appealed.ok()) << appealed.status();
  EXPECT_EQ(appealed->state(), v1::FINDING_APPEALED);
  EXPECT_EQ(appealed->appeal_reason(), "结案说明在纸质卷宗中，系统未同步");
  // Sealed at rest.
  EXPECT_EQ(Count("review_findings", "appeal_reason_enc LIKE '%纸质%'"), 0);
  // Appealing twice: nothing to appeal.
  EXPECT_TRUE(absl::IsFailedPrecondition(appeal(zhang_, *appealed, "再次").status()));
  EXPECT_EQ(core_
                ->ListDepartmentFindings(head_,
                                         [] {
                                           v1::ListDepartmentFindingsRequest r;
                                           r.set_filter(v1::FILTER_APPEALED);
                                           return r;
                                         }())
                ->findings_size(),
            1);
  // The caseworker, another department's head and the chief do not decide it.
  EXPECT_TRUE(absl::IsPermissionDenied(CallThrough({*table_},
                                                   "shouhu.oversight.v1.QualityReviewService/"
                                                   "DecideAppeal",
                                                   chief_,
                                                   [&] {
                                                     v1::DecideAppealRequest r;
                                                     r.set_request_id("decide-chief-1");
                                                     r.set_finding_id(note.finding_id());
                                                     r.set_version(appealed->version());
                                                     r.set_grant(true);
                                                     r.set_note("x");
                                                     return r;
                                                   }())
                                           .status()));
  EXPECT_TRUE(absl::IsPermissionDenied(decide(other_head_, *appealed, true).status()));
  auto granted = decide(head_, *appealed, true);
  ASSERT_TRUE(granted.ok()) << granted.status();
  EXPECT_EQ(granted->state(), v1::FINDING_WAIVED);
  EXPECT_EQ(granted->decided_by(), "u-head");
  EXPECT_EQ(granted->decision_note(), "结案说明已在纸质卷宗中");
  EXPECT_EQ(Count("audit_log", "action = 'oversight.appeal_granted'"), 1);
  // A waived finding stays waived on the next run.
  EXPECT_EQ(ByRule(Rerun(zhang_, case_id))["Q-CASE-CLOSE-NOTE"].state(), v1::FINDING_WAIVED);

  const v1::Finding visit_now = ByRule(Review(zhang_, case_id))["Q-AID-VISIT"];
  auto appealed2 = appeal(zhang_, visit_now, "当事人拒绝回访");
  ASSERT_TRUE(appealed2.ok()) << appealed2.status();
  auto rejected = decide(head_, *appealed2, false);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->state(), v1::FINDING_OPEN);
  EXPECT_TRUE(rejected->appeal_rejected());
  EXPECT_TRUE(absl::IsFailedPrecondition(appeal(zhang_, *rejected, "再议").status()));
  // A department head who is the finding's caseworker does not decide their own appeal.
  const std::string own_case = "case-520382-4";
  SeedCase(own_case, "u-head");
  CloseAndReview(own_case);
  const v1::Finding own = ByRule(Review(head_, own_case))["Q-CASE-CLOSE-NOTE"];
  auto own_appeal = appeal(head_, own, "理由");
  ASSERT_TRUE(own_appeal.ok()) << own_appeal.status();
  EXPECT_TRUE(absl::IsPermissionDenied(decide(head_, *own_appeal, true).status()));
}

TEST_F(ReviewTest, RuleSetsAreCreatedTriedOnPastCasesAndSwitchedOn) {
  for (int i = 10; i < 13; ++i) {
    SeedCase(absl::StrCat("case-520382-", i));
    CloseAndReview(absl::StrCat("case-520382-", i));
  }
  auto sets = core_->ListRuleSets(admin_, {});
  ASSERT_TRUE(sets.ok()) << sets.status();
  ASSERT_EQ(sets->rule_sets_size(), 1);
  const v1::RuleSet shipped = sets->rule_sets(0);
  EXPECT_EQ(shipped.version(), 1);
  EXPECT_EQ(shipped.state(), v1::RULE_SET_ACTIVE);
  EXPECT_EQ(shipped.rules_size(), static_cast<int>(ov::ShippedRules().size()));

  // Version 2: no close-note rule; a new one requiring a referral's occurred_on.
  v1::CreateRuleSetRequest create;
  create.set_request_id("create-rules-1");
  create.set_note("去掉结案说明规则，新增案发日期必填");
  for (const v1::Rule& rule : shipped.rules()) {
    if (rule.rule_id() != "Q-CASE-CLOSE-NOTE") *create.add_rules() = rule;
  }
  v1::Rule* added = create.add_rules();
  added->set_rule_id("Q-REFERRAL-OCCURRED");
  added->set_title_zh("线索未填写案发日期");
  added->set_title_en("Referral without the date of the events");
  added->set_severity(v1::SEVERITY_MINOR);
  added->mutable_required_field()->mutable_applies_to()->set_kind("referral");
  added->mutable_required_field()->set_field("occurred_on");
  // Invalid sets are refused with the field named, nothing written.
  v1::CreateRuleSetRequest bad = create;
  bad.set_request_id("create-rules-bad");
  *bad.add_rules() = *added;  // a duplicate id
  auto refused = core_->CreateRuleSet(admin_, bad);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_EQ(Count("review_rule_sets"), 1);
  auto v2 = core_->CreateRuleSet(admin_, create);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version(), 2);
  EXPECT_EQ(v2->state(), v1::RULE_SET_DRAFT);
  EXPECT_EQ(core_->CreateRuleSet(admin_, create)->version(), 2);  // the same request again

  // Tried on the three past cases: three close-note findings gone, three added.
  v1::TryRuleSetRequest trial;
  trial.set_version(2);
  *trial.mutable_closed_from() = FromCivilDay(absl::CivilDay(2026, 3, 1));
  *trial.mutable_closed_to() = FromCivilDay(absl::CivilDay(2026, 3, 31));
  auto tried = core_->TryRuleSet(admin_, trial);
  ASSERT_TRUE(tried.ok()) << tried.status();
  EXPECT_EQ(tried->cases(), 3);
  EXPECT_EQ(tried->removed(), 3);
  EXPECT_EQ(tried->added(), 3);
  EXPECT_EQ(tried->changes_size(), 6);
  std::map<std::string, std::pair<int64_t, int64_t>> counts;
  for (const auto& c : tried->rules())
    counts[c.rule_id()] = {c.active_findings(), c.tried_findings()};
  EXPECT_EQ(counts["Q-CASE-CLOSE-NOTE"], std::make_pair(int64_t{3}, int64_t{0}));
  EXPECT_EQ(counts["Q-REFERRAL-OCCURRED"], std::make_pair(int64_t{0}, int64_t{3}));
  EXPECT_EQ(counts["Q-AID-VISIT"], std::make_pair(int64_t{3}, int64_t{3}));
  // A trial writes nothing.
  EXPECT_EQ(Count("review_findings", "rule_id = 'Q-REFERRAL-OCCURRED'"), 0);

  // Switched on with the version read; a stale expectation is refused.
  v1::ActivateRuleSetRequest activate;
  activate.set_request_id("activate-1");
  activate.set_version(2);
  activate.set_expected_active_version(2);
  EXPECT_TRUE(absl::IsAborted(core_->ActivateRuleSet(admin_, activate).status()));
  activate.set_request_id("activate-2");
  activate.set_expected_active_version(1);
  auto active = core_->ActivateRuleSet(admin_, activate);
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->state(), v1::RULE_SET_ACTIVE);
  v1::GetRuleSetRequest get;
  EXPECT_EQ(core_->GetRuleSet(head_, get)->version(), 2);
  get.set_version(1);
  EXPECT_EQ(core_->GetRuleSet(head_, get)->state(), v1::RULE_SET_RETIRED);
  EXPECT_EQ(Count("audit_log", "action = 'oversight.rule_set_activated'"), 1);
  // A re-run reviews with version 2.
  const v1::CaseReview rerun = Rerun(zhang_, "case-520382-10");
  EXPECT_EQ(rerun.rule_set_version(), 2);
  EXPECT_EQ(ByRule(rerun)["Q-REFERRAL-OCCURRED"].state(), v1::FINDING_OPEN);
  EXPECT_EQ(ByRule(rerun)["Q-REFERRAL-OCCURRED"].rule_title(), "线索未填写案发日期");
  // Another procuratorate has its own rule sets (the shipped one).
  EXPECT_EQ(core_->ListRuleSets(User("u-admin", kXishui, {Role::kAdmin}), {})->rule_sets_size(), 1);
}

TEST_F(ReviewTest, SummaryByDepartmentCaseworkerAndRuleSuppressedForAnalysts) {
  for (int i = 20; i < 26; ++i) {
    const std::string id = absl::StrCat("case-520382-", i);
    SeedCase(id, i < 25 ? "u-zhang" : "u-li", i < 25 ? kMinors : kCriminal);
    CloseAndReview(id);
  }
  v1::GetReviewSummaryRequest r;
  *r.mutable_closed_from() = FromCivilDay(absl::CivilDay(2026, 3, 1));
  *r.mutable_closed_to() = FromCivilDay(absl::CivilDay(2026, 3, 31));
  auto chief = core_->GetReviewSummary(chief_, r);
  ASSERT_TRUE(chief.ok()) << chief.status();
  ASSERT_EQ(chief->rows_size(), 2);
  EXPECT_EQ(chief->total().cases_reviewed(), 6);
  EXPECT_EQ(chief->total().cases_with_findings(), 6);
  EXPECT_EQ(chief->total().findings(), 12);
  EXPECT_EQ(chief->total().open(), 12);
  // The department head: their department only.
  auto head = core_->GetReviewSummary(head_, r);
  ASSERT_TRUE(head.ok()) << head.status();
  ASSERT_EQ(head->rows_size(), 1);
  EXPECT_EQ(head->rows(0).key(), kMinors);
  EXPECT_EQ(head->rows(0).cases_reviewed(), 5);
  // By rule, with titles.
  r.set_grouping(v1::REVIEW_BY_RULE);
  auto rules = core_->GetReviewSummary(chief_, r);
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->rows_size(), 2);
  EXPECT_EQ(rules->rows(0).key(), "Q-AID-VISIT");
  EXPECT_FALSE(rules->rows(0).label().empty());
  EXPECT_EQ(rules->rows(0).findings(), 6);
  // Analysts: the one-case caseworker is suppressed, and so the next smallest row.
  r.set_grouping(v1::REVIEW_BY_CASEWORKER);
  auto analyst = core_->GetReviewSummary(analyst_, r);
  ASSERT_TRUE(analyst.ok()) << analyst.status();
  ASSERT_EQ(analyst->rows_size(), 2);
  for (const auto& row : analyst->rows()) {
    EXPECT_TRUE(row.suppressed()) << row.key();
    EXPECT_EQ(row.findings(), 0);
  }
  EXPECT_FALSE(analyst->total().suppressed());
  EXPECT_EQ(analyst->total().findings(), 12);
  // A period longer than a year, or reversed, is refused.
  *r.mutable_closed_to() = FromCivilDay(absl::CivilDay(2027, 3, 31));
  EXPECT_TRUE(absl::IsInvalidArgument(core_->GetReviewSummary(chief_, r).status()));
}

// Role x RPC x tenant for QualityReviewService.
class ReviewAccessMatrixTest : public ReviewTest,
                               public ::testing::WithParamInterface<std::string> {};

TEST_P(ReviewAccessMatrixTest, FollowsTheTable) {
  const std::string key = GetParam();
  std::vector<Caller> callers = StaffCallers(kRenhuai);
  callers.push_back({"agency", Agency("fl-renhuai", kRenhuai)});
  callers.push_back({"service", Service("referral")});
  int n = 0;
  // A reviewed case of the record's procuratorate, of u-zhang or of somebody else.
  auto seed = [&](bool other, bool assigned) {
    const std::string proc = other ? kXishui : kRenhuai;
    const std::string id = absl::StrCat("case-", proc, "-", 100 + ++n);
    SeedCase(id, assigned ? "u-zhang" : "u-other", assigned ? kMinors : kCriminal);
    CloseAndReview(id);
    return id;
  };
  const std::string method = key.substr(key.rfind('/') + 1);
  auto prepare = [&](bool other, bool assigned) -> Target {
    Target t;
    t.other = other;
    t.facts.procuratorate = kRenhuai;
    if (method == "GetCaseReview" || method == "RerunReview" || method == "AppealFinding" ||
        method == "DecideAppeal") {
      const std::string id = seed(other, assigned);
      t.facts.procuratorate = TenantOf(id);
      t.facts.assigned_to = assigned ? "u-zhang" : "u-other";
      t.facts.department = assigned ? kMinors : kCriminal;
      if (method == "GetCaseReview") {
        auto req = std::make_unique<v1::GetCaseReviewRequest>();
        req->set_case_id(id);
        t.request = std::move(req);
        return t;
      }
      if (method == "RerunReview") {
        auto req = std::make_unique<v1::RerunReviewRequest>();
        req->set_request_id(absl::StrCat("rerun-matrix-", n));
        req->set_case_id(id);
        t.request = std::move(req);
        return t;
      }
      std::string finding_id;
      int64_t version = 0;
      EXPECT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
                    auto rows = ov::FindingsOfCase(tx, id, false);
                    if (!rows.ok()) return rows.status();
                    finding_id = rows->at(0).finding.finding_id();
                    version = rows->at(0).finding.version();
                    return absl::OkStatus();
                  }).ok());
      if (method == "AppealFinding") {
        auto req = std::make_unique<v1::AppealFindingRequest>();
        req->set_request_id(absl::StrCat("appeal-matrix-", n));
        req->set_finding_id(finding_id);
        req->set_version(version);
        req->set_reason("理由");
        t.request = std::move(req);
        return t;
      }
      // DecideAppeal: the finding appealed by its caseworker first.
      v1::AppealFindingRequest a;
      a.set_request_id(absl::StrCat("appeal-first-", n));
      a.set_finding_id(finding_id);
      a.set_version(version);
      a.set_reason("理由");
      auto appealed = core_->AppealFinding(
          User(assigned ? "u-zhang" : "u-other", TenantOf(id), {Role::kCaseworker}), a);
      EXPECT_TRUE(appealed.ok()) << appealed.status();
      auto req = std::make_unique<v1::DecideAppealRequest>();
      req->set_request_id(absl::StrCat("decide-matrix-", n));
      req->set_finding_id(finding_id);
      req->set_version(appealed.ok() ? appealed->version() : 0);
      req->set_grant(true);
      req->set_note("同意");
      t.request = std::move(req);
      return t;
    }
    t.is_list = true;
    t.marker = seed(true, true);
    if (method == "ListMyFindings") {
      t.request = std::make_unique<v1::ListMyFindingsRequest>();
    } else if (method == "ListDepartmentFindings") {
      t.facts.department = assigned ? kMinors : kCriminal;
      auto req = std::make_unique<v1::ListDepartmentFindingsRequest>();
      req->set_department(t.facts.department);
      t.request = std::move(req);
    } else if (method == "GetReviewSummary") {
      auto req = std::make_unique<v1::GetReviewSummaryRequest>();
      *req->mutable_closed_from() = FromCivilDay(absl::CivilDay(2026, 3, 1));
      *req->mutable_closed_to() = FromCivilDay(absl::CivilDay(2026, 3, 31));
      t.request = std::move(req);
    } else if (method == "ListRuleSets") {
      t.request = std::make_unique<v1::ListRuleSetsRequest>();
    } else if (method == "GetRuleSet") {
      t.request = std::make_unique<v1::GetRuleSetRequest>();
    } else if (method == "CreateRuleSet") {
      auto req = std::make_unique<v1::CreateRuleSetRequest>();
      req->set_request_id(absl::StrCat("create-matrix-", n));
      req->set_note("试行");
      for (const v1::Rule& rule : ov::ShippedRules()) *req->add_rules() = rule;
      t.request = std::move(req);
    } else if (method == "TryRuleSet") {
      auto req = std::make_unique<v1::TryRuleSetRequest>();
      req->set_version(1);
      *req->mutable_closed_from() = FromCivilDay(absl::CivilDay(2026, 3, 1));
      *req->mutable_closed_to() = FromCivilDay(absl::CivilDay(2026, 3, 31));
      t.request = std::move(req);
    } else if (method == "ActivateRuleSet") {
      auto req = std::make_unique<v1::ActivateRuleSetRequest>();
      req->set_request_id(absl::StrCat("activate-matrix-", n));
      req->set_version(1);
      req->set_expected_active_version(1);
      t.request = std::move(req);
    }
    return t;
  };
  WalkMatrix(ov::OversightAccessPolicy(), key, callers, prepare,
             [&](const Principal& p, const google::protobuf::Message& req) {
               return CallThrough({*table_}, key, p, req);
             });
}

std::vector<std::string> ReviewMethods() {
  std::vector<std::string> out;
  for (const std::string& m : MethodsOf(ov::OversightAccessPolicy())) {
    if (m.find("QualityReviewService/") != std::string::npos) out.push_back(m);
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryRpc, ReviewAccessMatrixTest, ::testing::ValuesIn(ReviewMethods()),
                         MethodTestName);

// EXPLAIN of every statement at 100,000 reviews and 100,000 findings (two procuratorates,
// 500 caseworkers, 5 departments).
TEST_F(ReviewTest, NoFullScansAtOneHundredThousandReviewsAndFindings) {
  Exec(
      "INSERT INTO case_reviews (case_id, procuratorate_code, state, run_at_ms, caseworker,"
      " department, closed_at_ms, reviewed_at_ms, rule_set_version, runs)"
      " SELECT CONCAT('case-', IF(seq % 2 = 0, '520382', '520330'), '-', seq),"
      " IF(seq % 2 = 0, '520382', '520330'), IF(seq % 50 = 0, 1, 2), 1767225600000 + seq * 60000,"
      " CONCAT('u-', seq % 500), CONCAT('dept-', seq % 5), 1767225600000 + seq * 60000,"
      " 1767225600000 + seq * 60000, 1, 1 FROM seq_1_to_100000");
  Exec(
      "INSERT INTO review_findings (finding_id, case_id, procuratorate_code, rule_id, severity,"
      " record_kind, record_id, field, state, caseworker, department, closed_at_ms,"
      " rule_set_version, found_at_ms)"
      " SELECT CONCAT('qf-', seq), CONCAT('case-', IF(seq % 2 = 0, '520382', '520330'), '-', seq),"
      " IF(seq % 2 = 0, '520382', '520330'), CONCAT('Q-R', seq % 20), 1, 'case', 'r', 'f',"
      " 1 + seq % 4, CONCAT('u-', seq % 500), CONCAT('dept-', seq % 5),"
      " 1767225600000 + seq * 60000, 1, 1 FROM seq_1_to_100000");
  ASSERT_FALSE(HasFatalFailure());
  Strings("ANALYZE TABLE case_reviews, review_findings, review_rule_sets");
  using namespace ::shouhu::oversight::review_sql;  // NOLINT: the statement constants
  const std::string proc = kRenhuai;
  const int64_t from = 1767225600000 + 20000LL * 60000;
  const int64_t to = from + 31LL * 86400000;
  std::vector<NamedStatement> s = {
      {"kActiveRuleSet", kActiveRuleSet, {proc}},
      {"kRuleSet", kRuleSet, {proc, int64_t{1}}},
      {"kRuleSets", kRuleSets, {proc, int64_t{100}}},
      {"kLastRuleSetVersion", kLastRuleSetVersion, {proc}},
      {"kRetireActive", kRetireActive, {proc}},
      {"kActivate", kActivate, {std::string("u-admin"), int64_t{1}, proc, int64_t{2}}},
      {"kDueReviews", kDueReviews, {from, int64_t{50}}},
      {"kGetReview", kGetReview, {std::string("case-520382-8")}},
      {"kGetReviewForUpdate", kGetReviewForUpdate, {std::string("case-520382-8")}},
      {"kReviewsClosedBetween", kReviewsClosedBetween, {proc, from, to, int64_t{20001}}},
      {"kFindingsOfCase", kFindingsOfCase, {std::string("case-520382-8")}},
      {"kFindingsOfCaseForUpdate", kFindingsOfCaseForUpdate, {std::string("case-520382-8")}},
      {"kGetFindingForUpdate", kGetFindingForUpdate, {std::string("qf-8")}},
      {"kFindingAppeal", kFindingAppeal, {std::string("x"), from, std::string("qf-8")}},
      {"kFindingDecision",
       kFindingDecision,
       {int64_t{4}, std::string("u-head"), std::string("x"), int64_t{0}, std::string("qf-8")}},
      {"kFindingRun",
       kFindingRun,
       {int64_t{1}, int64_t{1}, int64_t{1}, std::string("u-1"), std::string("d"), from, int64_t{0},
        std::string("qf-8")}},
      {"kInstallShipped",
       kInstallShipped,
       {std::string("520399"), std::string("x"), std::string("shipped"), from, from}},
      {"kInsertRuleSet",
       kInsertRuleSet,
       {proc, int64_t{9}, std::string("x"), std::string("n"), std::string("u-admin"), from}},
      {"kEnqueueReview", kEnqueueReview, {std::string("case-520382-new"), proc, from, from}},
      {"kInsertFinding",
       kInsertFinding,
       {std::string("qf-new"), std::string("case-520382-8"), proc, std::string("Q-X"), int64_t{1},
        std::string("case"), std::string("r"), std::string("f"), std::string("u-1"),
        std::string("d"), from, int64_t{1}, from}},
      {"kSaveReview",
       kSaveReview,
       {int64_t{2}, from, int64_t{0}, std::string(""), std::string("u-1"), std::string("d"), from,
        int64_t{1}, int64_t{1}, int64_t{0}, std::string(""), std::string("case-520382-8")}},
  };
  const std::vector<std::pair<SqlFragment, std::vector<SqlValue>>> scopes = {
      {SQL_FRAGMENT(kFindingsOfCaseworker), {proc, std::string("u-42")}},
      {SQL_FRAGMENT(kFindingsOfDepartment), {proc, std::string("dept-2")}},
      {SQL_FRAGMENT(kFindingsOfProcuratorate), {proc}},
  };
  const std::vector<std::vector<SqlFragment>> filters = {
      {SQL_FRAGMENT(kFilterToAct)}, {SQL_FRAGMENT(kFilterAppealed)}, {}};
  for (const auto& [scope, scope_params] : scopes) {
    for (const std::vector<SqlFragment>& filter : filters) {
      for (bool next : {false, true}) {
        std::vector<SqlFragment> f = {scope};
        std::vector<SqlValue> params = scope_params;
        f.insert(f.end(), filter.begin(), filter.end());
        if (next) {
          f.push_back(SQL_FRAGMENT(kFindingsAfter));
          params.push_back(int64_t{50000});
        }
        f.push_back(SQL_FRAGMENT(kFindingsOrder));
        params.push_back(int64_t{51});
        s.push_back(Compose(f, params));
      }
    }
  }
  for (const SqlFragment& group :
       {SQL_FRAGMENT(kSummaryByDepartment), SQL_FRAGMENT(kSummaryByCaseworker),
        SQL_FRAGMENT(kSummaryByRule)}) {
    for (bool dept : {false, true}) {
      for (const SqlFragment& part :
           {SQL_FRAGMENT(kSummaryCases), SQL_FRAGMENT(kSummaryFindings)}) {
        // Reviews are not counted by rule.
        if (group.name == "kSummaryByRule" && part.name == "kSummaryCases") continue;
        std::vector<SqlFragment> f = {group, part};
        std::vector<SqlValue> p = {proc, from, to};
        if (dept) {
          f.push_back(SQL_FRAGMENT(kSummaryInDepartment));
          p.push_back(std::string("dept-2"));
        }
        f.push_back(SQL_FRAGMENT(kSummaryGroup));
        s.push_back(Compose(f, p));
      }
    }
  }
  EXPECT_EQ(ExpectNoFullScans(*pool_, s), 0);
  ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/oversight/review_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::testing
