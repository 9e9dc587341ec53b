// The guardianship steps of e2e_calls.h: a 督促监护令 from draft to served on both parents.
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/server/grpc_status.h"
#include "support/e2e_calls.h"

namespace shouhu::e2e {

gpb::DraftOrderRequest SupervisionOrderDraft(const std::string& case_id,
                                             const std::string& father_id,
                                             const std::string& mother_id,
                                             const std::string& guidance_agency) {
  gpb::DraftOrderRequest draft;
  draft.set_request_id(NewRequestId("gdraft"));
  draft.set_case_id(case_id);
  draft.set_kind(gpb::ORDER_KIND_SUPERVISION);
  for (const auto& [id, relation] : std::initializer_list<std::pair<std::string, std::string>>{
           {father_id, "父亲"}, {mother_id, "母亲"}}) {
    gpb::Addressee* a = draft.add_addressees();
    a->set_person_id(id);
    a->set_relation(relation);
  }
  draft.add_failings(gpb::FAILING_COMPULSORY_EDUCATION);
  draft.add_failings(gpb::FAILING_UNDER_16_LIVING_ALONE);
  draft.add_trigger_grounds(gpb::TRIGGER_GROUND_IMPROPER_FAMILY_EDUCATION);
  draft.set_facts(absl::StrCat("父母外出务工，放任其独自居住并长期旷课。", case_id));
  draft.add_actions()->set_description("一个月内返回或委托具有照护能力的亲属照料");
  draft.add_actions()->set_description("保障其按时到校，每周与班主任联系");
  draft.add_legal_basis("《未成年人保护法》第十六条第（五）项");
  draft.add_legal_basis("《未成年人保护法》第二十一条第二款");
  draft.set_compliance_months(3);
  gpb::GuidanceArrangement* guidance = draft.add_guidance();
  guidance->set_agency_code(guidance_agency);
  guidance->set_planned_sessions(4);
  draft.set_guidance_focus("亲子沟通与留守儿童照护安排");
  return draft;
}

gpb::OrderActionRequest OrderSubmitRequest(const gpb::Order& o) {
  gpb::OrderActionRequest submit;
  submit.set_request_id(NewRequestId("gsubmit"));
  submit.set_order_id(o.order_id());
  submit.set_version(o.version());
  return submit;
}

gpb::OrderActionRequest OrderApproveRequest(const gpb::Order& o) {
  gpb::OrderActionRequest approve;
  approve.set_request_id(NewRequestId("gapprove"));
  approve.set_order_id(o.order_id());
  approve.set_version(o.version());
  approve.set_agree(true);
  approve.set_note("同意制发。");
  return approve;
}

gpb::GuardianService ServedGuardian(const std::string& person_id) {
  gpb::GuardianService s;
  s.set_person_id(person_id);
  s.set_method(gpb::SERVICE_METHOD_ANNOUNCED);
  *s.mutable_served_on() = DateOf(TodayInChina());
  s.set_place("仁怀市某镇中心学校会议室");
  s.set_admonished(true);
  s.set_admonition_note("当场训诫，告知监护职责及不履行的法律后果。");
  s.set_guardian_signed(true);
  return s;
}

gpb::RecordServiceRequest OrderServiceRequest(const gpb::Order& o, const std::string& person_id,
                                              const std::string& attendee) {
  gpb::RecordServiceRequest serve;
  serve.set_request_id(NewRequestId("gserve"));
  serve.set_order_id(o.order_id());
  serve.set_version(o.version());
  *serve.add_guardians() = ServedGuardian(person_id);
  serve.add_attendees(attendee);
  return serve;
}

absl::StatusOr<gpb::Order> IssueSupervisionOrder(Platform& p, const std::string& case_id,
                                                 const std::string& father_id,
                                                 const std::string& mother_id,
                                                 const std::string& guidance_agency) {
  const Caller cw = p.GuardianshipUser(kCaseworker);
  gpb::Order o;
  const auto step = [](const char* what, const grpc::Status& st) {
    if (st.ok()) return absl::OkStatus();
    return absl::Status(FromGrpcStatus(st).code(), absl::StrCat(what, ": ", StatusText(st)));
  };
  absl::Status s = step(
      "draft", cw.Call(&GuardOrders::DraftOrder,
                       SupervisionOrderDraft(case_id, father_id, mother_id, guidance_agency), &o));
  if (s.ok()) s = step("submit", cw.Call(&GuardOrders::SubmitOrder, OrderSubmitRequest(o), &o));
  if (s.ok()) {
    s = step("approve", p.GuardianshipUser(kChief).Call(&GuardOrders::ApproveOrder,
                                                        OrderApproveRequest(o), &o));
  }
  if (s.ok()) {
    s = step("serve mother",
             cw.Call(&GuardOrders::RecordService, OrderServiceRequest(o, mother_id, "学校"), &o));
  }
  if (s.ok()) {
    s = step("serve father",
             cw.Call(&GuardOrders::RecordService, OrderServiceRequest(o, father_id, "村委会"), &o));
  }
  if (!s.ok()) return s;
  return o;
}

}  // namespace shouhu::e2e
