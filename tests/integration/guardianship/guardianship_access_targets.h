// The records and requests of the guardianship access matrix: every method table as
// main.cc binds it (orders with statistics, escalations, 事实无人抚养 checks, config), and
// for each RPC a record of the own (Renhuai) or the other (Xishui) procuratorate, of a
// case assigned to u-zhang or to u-li, brought to the state the step needs, with the
// request that addresses it (Prepare). Orders name fl-renhuai (fl-xishui) for guidance;
// escalations are addressed to mz-renhuai (mz-xishui); checks are handed off to
// mz-renhuai (mz-xishui). Records are seeded once and reused until a call changes them.
#ifndef SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_ACCESS_TARGETS_H_
#define SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_ACCESS_TARGETS_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "guardianship/case_facts.h"
#include "guardianship/config_grpc.h"
#include "guardianship/config_ops.h"
#include "guardianship/escalation_grpc.h"
#include "guardianship/escalation_ops.h"
#include "guardianship/stats_ops.h"
#include "guardianship/unattended_grpc.h"
#include "guardianship/unattended_ops.h"
#include "integration/guardianship/order_fixture.h"
#include "support/access_matrix.h"

namespace shouhu::testing {

class GuardianshipAccessMatrix : public OrderFixture {
 protected:
  static constexpr char kLiCase[] = "case-520382-0000000000000003";  // assigned to u-li
  static constexpr char kChishui[] = "520381";  // a third procuratorate (民政 of another area)

  void SetUp() override {
    OrderFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddCase(kLiCase, kRenhuai, "u-li", kMinor);
    AddAgency("fl-xishui", "习水县妇联", rpb::AGENCY_TYPE_WOMENS_FEDERATION, kXishui);
    AddAgency("mz-xishui", "习水县民政局", rpb::AGENCY_TYPE_CIVIL_AFFAIRS, kXishui);
    AddAgency("mz-chishui", "赤水市民政局", rpb::AGENCY_TYPE_CIVIL_AFFAIRS, kChishui);
    esc_ = std::make_unique<guardianship::EscalationCore>(deps_);
    unat_ = std::make_unique<guardianship::UnattendedCore>(deps_);
    stats_ = std::make_unique<guardianship::StatsCore>(deps_);
    config_ = std::make_unique<guardianship::ConfigCore>(deps_);
    facts_ = std::make_unique<guardianship::CaseFactsCore>(deps_);
    MethodTable orders = guardianship::GuardianshipOrderMethods(core_.get());
    guardianship::BindOrderStatistics(orders, stats_.get());
    tables_.push_back(std::move(orders));
    tables_.push_back(guardianship::EscalationMethods(esc_.get()));
    tables_.push_back(guardianship::UnattendedMethods(unat_.get()));
    tables_.push_back(guardianship::GuardianshipConfigMethods(config_.get()));
    tables_.push_back(guardianship::CaseFactsMethods(facts_.get()));
    for (const MethodTable& t : tables_) ASSERT_TRUE(t.status().ok()) << t.status();
  }

  // Through the bound tables, as the server calls; a call that changed its record makes
  // the next Prepare of that record seed a new one.
  absl::StatusOr<std::string> CallRpc(const std::string& method, const Principal& p,
                                      const google::protobuf::Message& req) {
    absl::StatusOr<std::string> got = CallThrough(tables_, method, p, req);
    const std::string m = method.substr(method.rfind('/') + 1);
    if (got.ok() && !absl::StartsWith(m, "Get") && !absl::StartsWith(m, "List")) {
      seeded_.erase(last_key_);
    }
    return got;
  }

  Target Prepare(const std::string& key, bool other, bool assigned);

  // --- People acting while seeding (none of them is a caller of the matrix) -----------
  std::string Tenant(bool other) const { return other ? kXishui : kRenhuai; }
  std::string CaseOf(bool other, bool assigned) const {
    return other ? kXsCase : (assigned ? kCase : kLiCase);
  }
  std::string AssigneeOf(bool other, bool assigned) const {
    return other ? "u-xs-li" : (assigned ? "u-zhang" : "u-li");
  }
  const Principal& Drafter(bool other, bool assigned) const {
    return other ? xs_worker_ : (assigned ? zhang_ : head2_);
  }
  const Principal& Approver(bool other) const { return other ? xs_chief_ : seed_chief_; }
  std::string GuidanceAgency(bool other) const { return other ? "fl-xishui" : "fl-renhuai"; }
  std::string CivilAffairs(bool other) const { return other ? "mz-xishui" : "mz-renhuai"; }

  // --- Orders -----------------------------------------------------------------------
  enum class OrderState { kDraft, kPending, kIssued, kSupervised };
  gpb::Order SeedOrder(OrderState s, bool other, bool assigned) {
    gpb::DraftOrderRequest d = Draft();
    d.set_case_id(CaseOf(other, assigned));
    d.mutable_guidance(0)->set_agency_code(GuidanceAgency(other));
    const Principal& drafter = Drafter(other, assigned);
    gpb::Order o = MustDraft(d, &drafter);
    if (s == OrderState::kDraft) return o;
    o = Must(drafter, "SubmitOrder", Action(o));
    if (s == OrderState::kPending) return o;
    o = Must(Approver(other), "ApproveOrder", Action(o));
    if (s == OrderState::kIssued) return o;
    return Must(drafter, "RecordService", Service(o, {kFather, kMother}));
  }
  gpb::Order OrderIn(OrderState s, bool other, bool assigned) {
    last_key_ = absl::StrCat("order", static_cast<int>(s), other, assigned);
    auto it = orders_.find(last_key_);
    if (seeded_.count(last_key_) == 0 || it == orders_.end()) {
      orders_[last_key_] = SeedOrder(s, other, assigned);
      seeded_.insert(last_key_);
    }
    return orders_[last_key_];
  }
  RecordFacts FactsOfOrder(bool other, bool assigned) const {
    return {Tenant(other), GuidanceAgency(other), AssigneeOf(other, assigned)};
  }

  // --- Escalations ---------------------------------------------------------------------
  enum class EscState { kDraft, kPending, kIssued };
  gpb::DraftEscalationRequest EscalationDraft(bool other, bool assigned, bool court = false) {
    gpb::DraftEscalationRequest r;
    r.set_request_id(Rid());
    r.set_case_id(CaseOf(other, assigned));
    if (court) {
      r.set_kind(gpb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST);
      r.set_addressee_agency_code("fy-renhuai");
    } else {
      r.set_kind(gpb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
      r.set_basis(gpb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
      r.set_addressee_agency_code(CivilAffairs(other));
    }
    r.set_content("监护人长期外出务工，未成年人无人照料，建议落实临时照护");
    return r;
  }
  gpb::EscalationActionRequest EscAction(const gpb::Escalation& e) {
    gpb::EscalationActionRequest r;
    r.set_request_id(Rid());
    r.set_escalation_id(e.escalation_id());
    r.set_version(e.version());
    r.set_agree(true);
    r.set_note("同意");
    return r;
  }
  gpb::Escalation MustEsc(const Principal& p, const std::string& method,
                          const google::protobuf::Message& req) {
    auto e = Call<gpb::Escalation>(tables_[1], p, method, req);
    EXPECT_TRUE(e.ok()) << method << ": " << e.status();
    return e.ok() ? *e : gpb::Escalation();
  }
  gpb::Escalation EscalationIn(EscState s, bool other, bool assigned, bool court = false) {
    last_key_ = absl::StrCat("esc", static_cast<int>(s), other, assigned, court);
    if (seeded_.count(last_key_) == 0) {
      const Principal& drafter = Drafter(other, assigned);
      gpb::Escalation e =
          MustEsc(drafter, "DraftEscalation", EscalationDraft(other, assigned, court));
      if (s != EscState::kDraft) e = MustEsc(drafter, "SubmitEscalation", EscAction(e));
      if (s == EscState::kIssued) e = MustEsc(Approver(other), "ApproveEscalation", EscAction(e));
      escalations_[last_key_] = e;
      seeded_.insert(last_key_);
    }
    return escalations_[last_key_];
  }
  RecordFacts FactsOfEscalation(bool other, bool assigned) const {
    return {Tenant(other), CivilAffairs(other), AssigneeOf(other, assigned)};
  }

  // --- 事实无人抚养 checks ----------------------------------------------------------------
  gpb::AssessUnattendedChildRequest Assessment(bool other) {
    gpb::AssessUnattendedChildRequest r;
    r.set_request_id(Rid());
    r.set_case_id(CaseOf(other, true));
    gpb::ParentStatus* father = r.add_parents();
    father->set_role(gpb::PARENT_ROLE_FATHER);
    father->set_person_id(kFather);
    father->set_condition(gpb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY);
    *father->mutable_since() = FromCivilDay(absl::CivilDay(2024, 6, 1));
    *father->mutable_until() = FromCivilDay(absl::CivilDay(2028, 6, 1));
    gpb::Evidence* e = father->add_evidence();
    e->set_kind("判决书");
    e->set_document_ref("（2024）黔0382刑初15号");
    gpb::ParentStatus* mother = r.add_parents();
    mother->set_role(gpb::PARENT_ROLE_MOTHER);
    mother->set_condition(gpb::PARENT_CONDITION_DEAD);
    e = mother->add_evidence();
    e->set_kind("死亡证明");
    e->set_document_ref("仁公户〔2023〕12号");
    return r;
  }
  gpb::UnattendedCheck CheckIn(bool handed_off, bool other) {
    last_key_ = absl::StrCat("unat", handed_off, other);
    if (seeded_.count(last_key_) == 0) {
      const Principal& worker = Drafter(other, true);
      auto c = Call<gpb::UnattendedCheck>(tables_[2], worker, "AssessUnattendedChild",
                                          Assessment(other));
      EXPECT_TRUE(c.ok()) << c.status();
      if (c.ok() && handed_off) {
        gpb::HandOffUnattendedCheckRequest h;
        h.set_request_id(Rid());
        h.set_check_id(c->check_id());
        h.set_version(c->version());
        h.set_civil_affairs_agency_code(CivilAffairs(other));
        c = Call<gpb::UnattendedCheck>(tables_[2], worker, "HandOffUnattendedCheck", h);
        EXPECT_TRUE(c.ok()) << c.status();
      }
      checks_[last_key_] = c.ok() ? *c : gpb::UnattendedCheck();
      seeded_.insert(last_key_);
    }
    return checks_[last_key_];
  }

  Target PrepareOrder(const std::string& m, bool other, bool assigned);
  Target PrepareEscalation(const std::string& m, bool other, bool assigned);
  Target PrepareUnattended(const std::string& m, bool other);
  Target PrepareConfig(const std::string& m, bool other);

  const Principal seed_chief_ =
      User("u-seed-chief", kRenhuai, {Role::kChief}, "deputy_chief_procurator");
  std::unique_ptr<guardianship::EscalationCore> esc_;
  std::unique_ptr<guardianship::UnattendedCore> unat_;
  std::unique_ptr<guardianship::StatsCore> stats_;
  std::unique_ptr<guardianship::ConfigCore> config_;
  std::unique_ptr<guardianship::CaseFactsCore> facts_;
  std::vector<MethodTable> tables_;
  std::string last_key_;
  std::set<std::string> seeded_;
  std::map<std::string, gpb::Order> orders_;
  std::map<std::string, gpb::Escalation> escalations_;
  std::map<std::string, gpb::UnattendedCheck> checks_;
  int seeds_ = 0;
};

template <typename T>
inline std::unique_ptr<T> New() {
  return std::make_unique<T>();
}

// RPCs that address no record of the request: `other` changes only the marker a list must
// not show.
inline bool IsGuardianshipList(const std::string& m) {
  return m == "ListOrders" || m == "ListAgencyOrders" || m == "GetOrderStatistics" ||
         m == "ListEscalations" || m == "ListAgencyEscalations" || m == "ListUnattendedChecks" ||
         m == "ListAddressedUnattendedHandoffs";
}

inline Target GuardianshipAccessMatrix::Prepare(const std::string& key, bool other, bool assigned) {
  const std::string m = key.substr(key.rfind('/') + 1);
  last_key_.clear();
  Target t;
  if (absl::StrContains(key, "GuardianshipOrderService")) {
    t = PrepareOrder(m, other, assigned);
  } else if (absl::StrContains(key, "EscalationService")) {
    t = PrepareEscalation(m, other, assigned);
  } else if (absl::StrContains(key, "UnattendedChildService")) {
    t = PrepareUnattended(m, other);
  } else if (absl::StrContains(key, "CaseFactsService")) {
    // The case's facts, of either procuratorate: the oversight service reads every one.
    auto r = New<::shouhu::oversight::v1::GetCaseFactsRequest>();
    r->set_case_id(CaseOf(other, assigned));
    t.facts = {Tenant(other), "", ""};
    t.request = std::move(r);
  } else {
    t = PrepareConfig(m, other);
  }
  t.other = other;
  t.is_list = IsGuardianshipList(m);
  return t;
}

inline Target GuardianshipAccessMatrix::PrepareOrder(const std::string& m, bool other,
                                                     bool assigned) {
  Target t;
  t.facts = FactsOfOrder(other, assigned);
  using S = OrderState;
  if (m == "DraftOrder") {
    gpb::DraftOrderRequest d = Draft();
    d.set_case_id(CaseOf(other, assigned));
    t.request = std::make_unique<gpb::DraftOrderRequest>(d);
  } else if (m == "RecordCourtOrder") {
    auto r = New<gpb::RecordCourtOrderRequest>();
    r->set_request_id(Rid());
    r->set_case_id(CaseOf(other, assigned));
    r->set_court_name("仁怀市人民法院");
    r->set_court_case_number(absl::StrCat("（2025）黔0382民特", ++seeds_, "号"));
    *r->mutable_decided_on() = FromCivilDay(absl::CivilDay(2025, 3, 3));
    gpb::Addressee* a = r->add_addressees();
    a->set_person_id(kFather);
    a->set_relation("父亲");
    r->set_content("责令接受家庭教育指导六次");
    r->set_compliance_months(3);
    t.request = std::move(r);
  } else if (m == "SubmitOrder" || m == "CancelOrder") {
    t.request = std::make_unique<gpb::OrderActionRequest>(
        Action(OrderIn(S::kDraft, other, assigned), true, "案情变化，撤回"));
  } else if (m == "ApproveOrder") {
    t.request =
        std::make_unique<gpb::OrderActionRequest>(Action(OrderIn(S::kPending, other, assigned)));
  } else if (m == "RecordService") {
    t.request = std::make_unique<gpb::RecordServiceRequest>(
        Service(OrderIn(S::kIssued, other, assigned), {kFather, kMother}));
  } else if (m == "ExtendCompliancePeriod") {
    auto r = std::make_unique<gpb::OrderActionRequest>(
        Action(OrderIn(S::kSupervised, other, assigned), true, "需继续观察"));
    r->set_extra_months(1);
    t.request = std::move(r);
  } else if (m == "TerminateOrder") {
    const gpb::Order o = OrderIn(S::kSupervised, other, assigned);
    auto r = New<gpb::TerminateOrderRequest>();
    r->set_request_id(Rid());
    r->set_order_id(o.order_id());
    r->set_version(o.version());
    r->set_reason(gpb::TERMINATION_REASON_CASE_TRANSFERRED);
    t.request = std::move(r);
  } else if (m == "EvaluateOrder") {
    t.request = std::make_unique<gpb::EvaluateOrderRequest>(
        Evaluation(OrderIn(S::kSupervised, other, assigned), gpb::OVERALL_FINDING_FULLY_COMPLIED));
  } else if (m == "DiscloseOrderIdentity") {
    const gpb::Order o = OrderIn(S::kSupervised, other, assigned);
    auto r = New<gpb::DiscloseIdentityRequest>();
    r->set_request_id(Rid());
    r->set_record_id(o.order_id());
    r->set_version(o.version());
    r->set_agency_code(GuidanceAgency(other));
    r->set_person_id(kFather);
    r->set_purpose("开展家庭教育指导需联系监护人");
    r->mutable_disclosed_person()->set_name("王大山");
    t.request = std::move(r);
  } else if (m == "RecordGuidanceSession") {
    const gpb::Order o = OrderIn(S::kSupervised, other, assigned);
    auto r = New<gpb::RecordGuidanceSessionRequest>();
    r->set_request_id(Rid());
    r->set_order_id(o.order_id());
    r->set_arrangement_index(0);
    *r->mutable_held_on() = FromCivilDay(ChinaDay(clock_.Now()));
    r->set_attended(true);
    r->set_minutes(90);
    r->set_topic("亲子沟通");
    t.request = std::move(r);
  } else if (m == "RecordComplianceCheck") {
    const gpb::Order o = OrderIn(S::kSupervised, other, assigned);
    auto r = New<gpb::RecordComplianceCheckRequest>();
    r->set_request_id(Rid());
    gpb::ComplianceCheck* c = r->mutable_check();
    c->set_order_id(o.order_id());
    *c->mutable_checked_on() = FromCivilDay(ChinaDay(clock_.Now()));
    c->set_method(gpb::CHECK_METHOD_GUIDANCE_FEEDBACK);
    (*c->mutable_action_progress())[1] = gpb::PROGRESS_IN_PROGRESS;
    c->set_notes("已按时返校");
    t.request = std::move(r);
  } else if (m == "ListGuidanceSessions" || m == "ListComplianceChecks") {
    const gpb::Order o = OrderIn(S::kSupervised, other, assigned);
    if (m == "ListGuidanceSessions") {
      auto r = New<gpb::ListGuidanceSessionsRequest>();
      r->set_order_id(o.order_id());
      t.request = std::move(r);
    } else {
      auto r = New<gpb::ListComplianceChecksRequest>();
      r->set_order_id(o.order_id());
      t.request = std::move(r);
    }
  } else if (m == "GetOrder" || m == "GetAgencyOrder" || m == "GetSupervisionSummary") {
    const gpb::Order o = OrderIn(S::kSupervised, other, assigned);
    if (m == "GetSupervisionSummary") {
      auto r = New<gpb::GetSupervisionSummaryRequest>();
      r->set_order_id(o.order_id());
      t.request = std::move(r);
    } else {
      auto r = New<gpb::GetOrderRequest>();
      r->set_order_id(o.order_id());
      t.request = std::move(r);
    }
  } else if (m == "ListOrders" || m == "ListAgencyOrders") {
    t.marker = OrderIn(S::kSupervised, true, true).order_id();
    if (m == "ListOrders") {
      t.request = New<gpb::ListOrdersRequest>();
    } else {
      t.request = New<gpb::ListAgencyOrdersRequest>();
    }
  } else if (m == "GetOrderStatistics") {
    auto r = New<gpb::GetOrderStatisticsRequest>();
    r->set_period(gpb::PERIOD_KIND_MONTH);
    r->set_year(2025);
    r->set_index(3);
    r->set_dimension(gpb::STATISTICS_DIMENSION_KIND);
    t.request = std::move(r);
  }
  return t;
}

inline Target GuardianshipAccessMatrix::PrepareEscalation(const std::string& m, bool other,
                                                          bool assigned) {
  Target t;
  t.facts = FactsOfEscalation(other, assigned);
  using S = EscState;
  if (m == "DraftEscalation") {
    t.request = std::make_unique<gpb::DraftEscalationRequest>(EscalationDraft(other, assigned));
  } else if (m == "SubmitEscalation") {
    t.request = std::make_unique<gpb::EscalationActionRequest>(
        EscAction(EscalationIn(S::kDraft, other, assigned)));
  } else if (m == "ApproveEscalation") {
    t.request = std::make_unique<gpb::EscalationActionRequest>(
        EscAction(EscalationIn(S::kPending, other, assigned)));
  } else if (m == "RecordEscalationServed") {
    auto r = std::make_unique<gpb::EscalationActionRequest>(
        EscAction(EscalationIn(S::kIssued, other, assigned)));
    *r->mutable_on() = FromCivilDay(ChinaDay(clock_.Now()));
    t.request = std::move(r);
  } else if (m == "RecordEscalationReply" || m == "CloseEscalation") {
    const bool close = m == "CloseEscalation";
    const gpb::Escalation e = EscalationIn(close ? S::kDraft : S::kIssued, other, assigned);
    auto r = New<gpb::EscalationUpdateRequest>();
    r->set_request_id(Rid());
    r->set_escalation_id(e.escalation_id());
    r->set_version(e.version());
    r->set_summary(close ? "情况已变化，撤回" : "已落实临时照护");
    if (close) {
      r->set_outcome(gpb::ESCALATION_OUTCOME_WITHDRAWN);
    } else {
      *r->mutable_on() = FromCivilDay(ChinaDay(clock_.Now()));
    }
    t.request = std::move(r);
  } else if (m == "RecordCourtAnswer") {
    const gpb::Escalation e = EscalationIn(S::kIssued, other, assigned, /*court=*/true);
    auto r = New<gpb::RecordCourtAnswerRequest>();
    r->set_request_id(Rid());
    r->set_escalation_id(e.escalation_id());
    r->set_version(e.version());
    r->mutable_answer()->set_kind(gpb::COURT_ANSWER_KIND_REFUSED);
    *r->mutable_answer()->mutable_answered_on() = FromCivilDay(ChinaDay(clock_.Now()));
    r->mutable_answer()->set_note("不符合条件");
    t.request = std::move(r);
  } else if (m == "DiscloseEscalationIdentity") {
    const gpb::Escalation e = EscalationIn(S::kIssued, other, assigned);
    auto r = New<gpb::DiscloseIdentityRequest>();
    r->set_request_id(Rid());
    r->set_record_id(e.escalation_id());
    r->set_version(e.version());
    r->set_agency_code(CivilAffairs(other));
    r->set_person_id(kMinor);
    r->set_purpose("落实临时照护需核实身份");
    r->mutable_disclosed_person()->set_name("王小明");
    t.request = std::move(r);
  } else if (m == "GetEscalation" || m == "GetAgencyEscalation") {
    auto r = New<gpb::GetEscalationRequest>();
    r->set_escalation_id(EscalationIn(S::kIssued, other, assigned).escalation_id());
    t.request = std::move(r);
  } else if (m == "ListEscalations" || m == "ListAgencyEscalations") {
    t.marker = EscalationIn(S::kIssued, true, true).escalation_id();
    if (m == "ListEscalations") {
      t.request = New<gpb::ListEscalationsRequest>();
    } else {
      t.request = New<gpb::ListAgencyEscalationsRequest>();
    }
  }
  return t;
}

inline Target GuardianshipAccessMatrix::PrepareUnattended(const std::string& m, bool other) {
  Target t;
  t.facts = {Tenant(other), CivilAffairs(other), ""};
  if (m == "AssessUnattendedChild") {
    t.request = std::make_unique<gpb::AssessUnattendedChildRequest>(Assessment(other));
  } else if (m == "HandOffUnattendedCheck") {
    const gpb::UnattendedCheck c = CheckIn(false, other);
    auto r = New<gpb::HandOffUnattendedCheckRequest>();
    r->set_request_id(Rid());
    r->set_check_id(c.check_id());
    r->set_version(c.version());
    r->set_civil_affairs_agency_code(CivilAffairs(other));
    t.request = std::move(r);
  } else if (m == "RecordUnattendedAnswer") {
    const gpb::UnattendedCheck c = CheckIn(true, other);
    auto r = New<gpb::RecordUnattendedAnswerRequest>();
    r->set_request_id(Rid());
    r->set_check_id(c.check_id());
    r->set_version(c.version());
    r->set_answer(gpb::HANDOFF_ANSWER_RECOGNISED);
    *r->mutable_answered_on() = FromCivilDay(ChinaDay(clock_.Now()));
    r->set_document_ref("仁民认〔2025〕3号");
    t.request = std::move(r);
  } else if (m == "GetUnattendedCheck") {
    auto r = New<gpb::GetUnattendedCheckRequest>();
    r->set_check_id(CheckIn(true, other).check_id());
    t.request = std::move(r);
  } else if (m == "ListUnattendedChecks") {
    t.marker = CheckIn(true, true).check_id();
    t.request = New<gpb::ListUnattendedChecksRequest>();
  } else if (m == "ListAddressedUnattendedHandoffs") {
    t.marker = CheckIn(true, true).check_id();
    t.request = New<gpb::ListAddressedUnattendedHandoffsRequest>();
  }
  return t;
}

inline Target GuardianshipAccessMatrix::PrepareConfig(const std::string& m, bool other) {
  Target t;
  t.facts = {Tenant(other), "", ""};
  if (m == "GetOrderPolicy") {
    auto r = New<gpb::GetOrderPolicyRequest>();
    r->set_procuratorate_code(Tenant(other));
    t.request = std::move(r);
  } else if (m == "UpdateOrderPolicy") {
    gpb::GetOrderPolicyRequest get;
    get.set_procuratorate_code(Tenant(other));
    auto policy = Call<gpb::OrderPolicy>(tables_[3], admin_, "GetOrderPolicy", get);
    EXPECT_TRUE(policy.ok()) << policy.status();
    auto r = New<gpb::UpdateOrderPolicyRequest>();
    r->set_request_id(Rid());
    if (policy.ok()) *r->mutable_policy() = *policy;
    t.request = std::move(r);
  }
  return t;
}

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_ACCESS_TARGETS_H_
