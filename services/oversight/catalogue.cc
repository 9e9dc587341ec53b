#include "oversight/catalogue.h"

#include "absl/strings/str_cat.h"

namespace shouhu::oversight {

const std::vector<DeadlineKindInfo>& DeadlineCatalogue() {
  static const auto* catalogue = new std::vector<DeadlineKindInfo>{
      {v1::REFERRAL_ANSWER, "REFERRAL_ANSWER", "referral", "转介受理反馈", "referral answer",
       "an agency submits a referral", "5 working days",
       "the referral is accepted or declined (cancelled: withdrawn)"},
      {v1::MANDATORY_REPORT_TRIAGE, "MANDATORY_REPORT_TRIAGE", "referral", "强制报告研判",
       "mandatory report triage", "a mandatory report (强制报告) is received", "hours",
       "the report is triaged (cancelled: withdrawn)"},
      {v1::CASE_TRANSFER_ANSWER, "CASE_TRANSFER_ANSWER", "referral", "跨区域移送答复",
       "case transfer answer", "a case is offered to another procuratorate",
       "the producer's setting",
       "the receiving procuratorate accepts or refuses (cancelled: "
       "the offer is withdrawn)"},
      {v1::AID_DECISION, "AID_DECISION", "aid", "救助审批决定", "aid decision",
       "an aid application is accepted", "10 working days",
       "the application is approved or refused (cancelled: withdrawn)"},
      {v1::AID_NOTIFICATION, "AID_NOTIFICATION", "aid", "告知申请人", "applicant notification",
       "the funds arrive", "2 working days", "the applicant is notified"},
      {v1::ADVANCE_AID_PAPERWORK, "ADVANCE_AID_PAPERWORK", "aid", "先行救助补办手续",
       "advance aid paperwork", "emergency advance aid (先行救助) is paid",
       "the producer's setting", "the paperwork is completed"},
      {v1::ORDER_EVALUATION, "ORDER_EVALUATION", "guardianship", "督促监护令评估",
       "order evaluation", "the compliance period of a guardianship order ends",
       "the producer's setting", "the order is evaluated (cancelled: revoked)"},
      {v1::SUGGESTION_REPLY, "SUGGESTION_REPLY", "guardianship", "检察建议回复",
       "procuratorial suggestion reply", "a 检察建议 is served", "one month",
       "the written reply is recorded (cancelled: withdrawn)"},
      {v1::VISIT_WINDOW, "VISIT_WINDOW", "visit", "回访窗口", "visit window",
       "a visit slot of a plan opens", "the slot's window",
       "the visit is recorded (cancelled: waived, or the plan cancelled)"},
  };
  return *catalogue;
}

const DeadlineKindInfo* FindDeadlineKind(int kind) {
  for (const DeadlineKindInfo& k : DeadlineCatalogue()) {
    if (static_cast<int>(k.kind) == kind) return &k;
  }
  return nullptr;
}

std::string CatalogueMarkdown() {
  std::string out =
      "| Kind | 名称 | Name | Producer | Starts | Default period | Ends |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const DeadlineKindInfo& k : DeadlineCatalogue()) {
    absl::StrAppend(&out, "| `", k.code, "` | ", k.name_zh, " | ", k.name_en, " | ", k.producer,
                    " | ", k.starts, " | ", k.period, " | ", k.ends, " |\n");
  }
  return out;
}

}  // namespace shouhu::oversight
