// The order operations over the guardianship fixture, called through their handlers (the
// access table admits or refuses first), with builders of valid requests and shortcuts
// along the lifecycle.
#ifndef SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_ORDER_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_ORDER_FIXTURE_H_

#include <memory>
#include <string>

#include "guardianship/order_grpc.h"
#include "guardianship/order_ops.h"
#include "integration/guardianship/guardianship_fixture.h"

namespace shouhu::testing {

class OrderFixture : public GuardianshipFixture {
 protected:
  void SetUp() override {
    GuardianshipFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    core_ = std::make_unique<guardianship::OrderCore>(deps_);
    table_ = std::make_unique<MethodTable>(guardianship::GuardianshipOrderMethods(core_.get()));
    ASSERT_TRUE(table_->status().ok()) << table_->status();
  }

  template <typename Resp>
  absl::StatusOr<Resp> Do(const Principal& p, const std::string& method,
                          const google::protobuf::Message& req) {
    return Call<Resp>(*table_, p, method, req);
  }

  gpb::DraftOrderRequest Draft(gpb::OrderKind kind = gpb::ORDER_KIND_SUPERVISION) {
    gpb::DraftOrderRequest r;
    r.set_request_id(Rid());
    r.set_case_id(kCase);
    r.set_kind(kind);
    gpb::Addressee* a = r.add_addressees();
    a->set_person_id(kFather);
    a->set_relation("父亲");
    a = r.add_addressees();
    a->set_person_id(kMother);
    a->set_relation("母亲");
    r.add_failings(gpb::FAILING_TRUANCY);
    r.add_failings(gpb::FAILING_INTERNET_ADDICTION);
    r.add_trigger_grounds(gpb::TRIGGER_GROUND_MINOR_SERIOUS_MISBEHAVIOUR);
    r.set_facts("长期放任未成年人辍学、沉迷网络，夜不归宿。");
    r.add_actions()->set_description("保障其返校就读，每日接送");
    r.add_actions()->set_description("限制上网时间，每周与班主任联系");
    r.add_legal_basis("《未成年人保护法》第十七条第（五）项");
    r.set_compliance_months(3);
    gpb::GuidanceArrangement* g = r.add_guidance();
    g->set_agency_code("fl-renhuai");
    g->set_planned_sessions(6);
    g = r.add_guidance();
    g->set_provider_name("心理咨询师");
    g->set_planned_sessions(4);
    r.set_guidance_focus("亲子沟通与家庭教育方法");
    return r;
  }

  gpb::Order MustDraft(gpb::DraftOrderRequest r, const Principal* p = nullptr) {
    auto o = Do<gpb::Order>(p ? *p : zhang_, "DraftOrder", r);
    EXPECT_TRUE(o.ok()) << o.status();
    return o.ok() ? *o : gpb::Order();
  }

  gpb::OrderActionRequest Action(const gpb::Order& o, bool agree = true,
                                 const std::string& note = "") {
    gpb::OrderActionRequest r;
    r.set_request_id(Rid());
    r.set_order_id(o.order_id());
    r.set_version(o.version());
    r.set_agree(agree);
    r.set_note(note);
    return r;
  }

  gpb::Order Must(const Principal& p, const std::string& method,
                  const google::protobuf::Message& req) {
    auto o = Do<gpb::Order>(p, method, req);
    EXPECT_TRUE(o.ok()) << method << ": " << o.status();
    return o.ok() ? *o : gpb::Order();
  }

  gpb::GuardianService Served(const std::string& person, bool admonished = true) {
    gpb::GuardianService s;
    s.set_person_id(person);
    s.set_method(gpb::SERVICE_METHOD_ANNOUNCED);
    *s.mutable_served_on() = FromCivilDay(ChinaDay(clock_.Now()));
    s.set_place("仁怀市人民检察院");
    s.set_admonished(admonished);
    s.set_guardian_signed(true);
    return s;
  }

  gpb::RecordServiceRequest Service(const gpb::Order& o,
                                    std::initializer_list<std::string> people) {
    gpb::RecordServiceRequest r;
    r.set_request_id(Rid());
    r.set_order_id(o.order_id());
    r.set_version(o.version());
    for (const std::string& person : people) *r.add_guardians() = Served(person);
    r.add_attendees("学校");
    return r;
  }

  // Drafted by zhang, submitted, approved by the chief.
  gpb::Order Issued(gpb::OrderKind kind = gpb::ORDER_KIND_SUPERVISION) {
    gpb::Order o = MustDraft(Draft(kind));
    o = Must(zhang_, "SubmitOrder", Action(o));
    return Must(chief_, "ApproveOrder", Action(o));
  }
  // ... and served on both guardians.
  gpb::Order Supervised() {
    gpb::Order o = Issued();
    return Must(zhang_, "RecordService", Service(o, {kFather, kMother}));
  }

  gpb::EvaluateOrderRequest Evaluation(const gpb::Order& o, gpb::OverallFinding overall) {
    gpb::EvaluateOrderRequest r;
    r.set_request_id(Rid());
    r.set_order_id(o.order_id());
    r.set_version(o.version());
    r.mutable_evaluation()->set_overall(overall);
    r.mutable_evaluation()->set_summary("经回访，监护人整改情况如上");
    for (const gpb::CorrectiveAction& a : o.actions()) {
      gpb::ActionOutcome* out = r.mutable_evaluation()->add_action_outcomes();
      out->set_sequence(a.sequence());
      out->set_progress(gpb::PROGRESS_DONE);
    }
    return r;
  }

  std::unique_ptr<guardianship::OrderCore> core_;
  std::unique_ptr<MethodTable> table_;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_ORDER_FIXTURE_H_
