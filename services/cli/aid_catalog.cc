#include "cli/aid_catalog.h"

namespace shouhu::cli {

#define AID(name) "shouhu.aid.v1." name

const std::vector<NamedEnumValue>& AidEnumNames() {
  static const auto* names = new std::vector<NamedEnumValue>{
      // ApplicationChannel
      {AID("APPLICATION_CHANNEL_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("APPLICATION_CHANNEL_ON_APPLICATION"), {"依申请", "On application"}},
      {AID("APPLICATION_CHANNEL_EX_OFFICIO"), {"依职权", "Ex officio"}},
      // ApplicationStatus
      {AID("APPLICATION_STATUS_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("APPLICATION_STATUS_UNDER_REVIEW"), {"受理审查中", "Under review"}},
      {AID("APPLICATION_STATUS_PENDING_HEAD_REVIEW"), {"待部门负责人审核", "Pending head review"}},
      {AID("APPLICATION_STATUS_PENDING_CHIEF_DECISION"),
       {"待检察长决定", "Pending chief's decision"}},
      {AID("APPLICATION_STATUS_PENDING_COMMITTEE"), {"待检察长办公会研究", "Pending committee"}},
      {AID("APPLICATION_STATUS_PENDING_HIGHER_APPROVAL"),
       {"超限额待上级院批准", "Pending higher approval"}},
      {AID("APPLICATION_STATUS_APPROVED"), {"决定救助", "Approved"}},
      {AID("APPLICATION_STATUS_REFUSED"), {"决定不予救助", "Refused"}},
      {AID("APPLICATION_STATUS_WITHDRAWN"), {"申请人撤回", "Withdrawn"}},
      {AID("APPLICATION_STATUS_PAID"), {"救助金发放完毕", "Paid"}},
      {AID("APPLICATION_STATUS_MATERIALS_REQUESTED"), {"补充材料中", "Materials requested"}},
      {AID("APPLICATION_STATUS_REVOKED"), {"救助决定已撤销", "Revoked"}},
      {AID("APPLICATION_STATUS_CLOSED_UNPAID"), {"决定后未发放结案", "Closed unpaid"}},
      // ApplicantRelation
      {AID("APPLICANT_RELATION_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("APPLICANT_RELATION_VICTIM"), {"被害人本人", "Victim"}},
      {AID("APPLICANT_RELATION_CLOSE_RELATIVE"), {"近亲属", "Close relative"}},
      {AID("APPLICANT_RELATION_DEPENDANT"), {"被扶养人", "Dependant"}},
      {AID("APPLICANT_RELATION_REPORTER_WITNESS_EXPERT"),
       {"举报人、证人、鉴定人", "Reporter, witness or expert"}},
      {AID("APPLICANT_RELATION_OTHER"), {"其他", "Other"}},
      // ExclusionReason
      {AID("EXCLUSION_REASON_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("EXCLUSION_REASON_MAJOR_FAULT"), {"对案件发生有重大过错", "Major fault"}},
      {AID("EXCLUSION_REASON_REFUSED_COOPERATION"),
       {"无正当理由拒绝配合查明案件事实", "Refused to cooperate"}},
      {AID("EXCLUSION_REASON_FALSE_STATEMENT"),
       {"故意作虚假陈述或伪造证据", "False statement or forged evidence"}},
      {AID("EXCLUSION_REASON_WAIVED_CLAIM"),
       {"放弃民事赔偿请求或拒绝侵权人赔偿", "Waived the civil claim"}},
      {AID("EXCLUSION_REASON_NOT_CAUSED_BY_CASE"),
       {"生活困难非案件所致", "Hardship not caused by the case"}},
      {AID("EXCLUSION_REASON_ALREADY_COMPENSATED"),
       {"已通过社会救助等获得合理补偿", "Already reasonably compensated"}},
      {AID("EXCLUSION_REASON_LEGAL_PERSON"),
       {"法人或其他组织申请", "Applicant is an organisation"}},
      {AID("EXCLUSION_REASON_ALREADY_AIDED"), {"本案已获救助", "Already aided for this case"}},
      {AID("EXCLUSION_REASON_OTHER"), {"其他", "Other"}},
      // MaterialKind
      {AID("MATERIAL_KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("MATERIAL_KIND_WRITTEN_APPLICATION"), {"救助申请书", "Written application"}},
      {AID("MATERIAL_KIND_ORAL_RECORD"), {"口头申请笔录", "Record of oral application"}},
      {AID("MATERIAL_KIND_IDENTITY"), {"身份证明", "Proof of identity"}},
      {AID("MATERIAL_KIND_INJURY_ASSESSMENT"), {"伤情鉴定", "Injury assessment"}},
      {AID("MATERIAL_KIND_MEDICAL_BILLS"), {"医疗票据", "Medical bills"}},
      {AID("MATERIAL_KIND_DEATH_CERTIFICATE"), {"死亡证明", "Death certificate"}},
      {AID("MATERIAL_KIND_PROPERTY_LOSS"), {"财产损失证明", "Proof of property loss"}},
      {AID("MATERIAL_KIND_HARDSHIP_PROOF"), {"困难证明", "Proof of hardship"}},
      {AID("MATERIAL_KIND_COMPENSATION_STATEMENT"),
       {"获得赔偿、救助情况的说明", "Statement of compensation received"}},
      // DecisionKind
      {AID("DECISION_KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("DECISION_KIND_GRANT"), {"予以救助", "Grant"}},
      {AID("DECISION_KIND_REFUSE"), {"不予救助", "Refuse"}},
      // ApprovalStep
      {AID("APPROVAL_STEP_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("APPROVAL_STEP_PROPOSAL"), {"承办人提出意见", "Proposal"}},
      {AID("APPROVAL_STEP_HEAD_REVIEW"), {"部门负责人审核", "Head review"}},
      {AID("APPROVAL_STEP_CHIEF_DECISION"), {"检察长决定", "Chief's decision"}},
      {AID("APPROVAL_STEP_COMMITTEE"), {"检察长办公会", "Committee"}},
      {AID("APPROVAL_STEP_HIGHER_LEVEL"), {"上级院批准", "Higher level"}},
      {AID("APPROVAL_STEP_EMERGENCY"), {"先行救助审批", "Emergency approval"}},
      // ApprovalOutcome
      {AID("APPROVAL_OUTCOME_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("APPROVAL_OUTCOME_AGREE"), {"同意", "Agree"}},
      {AID("APPROVAL_OUTCOME_RETURN"), {"退回", "Return"}},
      // RuleOutcome.Kind
      {AID("RuleOutcome.KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("RuleOutcome.KIND_SITUATION"), {"救助情形", "Situation"}},
      {AID("RuleOutcome.KIND_EXCLUSION"), {"不予救助情形", "Exclusion"}},
      {AID("RuleOutcome.KIND_PRINCIPLE"), {"救助原则", "Principle"}},
      // PriorAid.Organ
      {AID("PriorAid.ORGAN_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("PriorAid.ORGAN_COURT"), {"人民法院", "Court"}},
      {AID("PriorAid.ORGAN_POLICE"), {"公安机关", "Police"}},
      {AID("PriorAid.ORGAN_PROCURATORATE"), {"人民检察院", "Procuratorate"}},
      {AID("PriorAid.ORGAN_OTHER"), {"其他机关", "Other organ"}},
      // EmergencyAdvance.Settlement
      {AID("EmergencyAdvance.SETTLEMENT_UNSPECIFIED"), {"未定", "Not decided"}},
      {AID("EmergencyAdvance.SETTLEMENT_OFFSET"), {"在救助金中抵扣", "Offset against the award"}},
      {AID("EmergencyAdvance.SETTLEMENT_RECOVER"), {"追回超出部分", "Excess recovered"}},
      // DisbursementPurpose
      {AID("DISBURSEMENT_PURPOSE_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("DISBURSEMENT_PURPOSE_AWARD"), {"救助金", "Award"}},
      {AID("DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE"), {"先行救助金", "Emergency advance"}},
      // DisbursementMethod
      {AID("DISBURSEMENT_METHOD_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("DISBURSEMENT_METHOD_LUMP_SUM"), {"一次性发放", "Lump sum"}},
      {AID("DISBURSEMENT_METHOD_INSTALMENTS"), {"分期发放", "Instalments"}},
      // Custody
      {AID("CUSTODY_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("CUSTODY_NONE"), {"直接发放", "None"}},
      {AID("CUSTODY_CUSTODIAL_ACCOUNT"), {"托管账户", "Custodial account"}},
      {AID("CUSTODY_NOTARY_ESCROW"), {"公证提存", "Notary escrow"}},
      {AID("CUSTODY_THREE_PARTY_AGREEMENT"), {"三方监管协议", "Three-party agreement"}},
      // PaymentStatus
      {AID("PAYMENT_STATUS_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("PAYMENT_STATUS_PAID"), {"已支付（待回执）", "Paid (receipt pending)"}},
      {AID("PAYMENT_STATUS_RECEIPTED"), {"已取得回执", "Receipted"}},
      {AID("PAYMENT_STATUS_FAILED"), {"退汇/失败", "Failed"}},
      // ReconciliationStatus
      {AID("RECONCILIATION_STATUS_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("RECONCILIATION_STATUS_PENDING"), {"待对账", "Pending"}},
      {AID("RECONCILIATION_STATUS_MATCHED"), {"已对平", "Matched"}},
      {AID("RECONCILIATION_STATUS_AMOUNT_DIFFERS"), {"金额不符", "Amount differs"}},
      {AID("RECONCILIATION_STATUS_MISSING"), {"对账单缺失", "Missing"}},
      // NotificationMethod
      {AID("NOTIFICATION_METHOD_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("NOTIFICATION_METHOD_IN_PERSON"), {"当面告知", "In person"}},
      {AID("NOTIFICATION_METHOD_PHONE"), {"电话告知", "Phone"}},
      {AID("NOTIFICATION_METHOD_LETTER"), {"书面告知", "Letter"}},
      {AID("NOTIFICATION_METHOD_SMS"), {"短信告知", "SMS"}},
      // FundPot
      {AID("FUND_POT_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("FUND_POT_REGULAR"), {"救助资金", "Regular"}},
      {AID("FUND_POT_EMERGENCY"), {"先行救助备用金", "Emergency reserve"}},
      // FundEntryKind
      {AID("FUND_ENTRY_KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("FUND_ENTRY_KIND_ALLOCATION"), {"财政拨付", "Allocation"}},
      {AID("FUND_ENTRY_KIND_RESERVATION"), {"决定预留", "Reservation"}},
      {AID("FUND_ENTRY_KIND_RELEASE"), {"释放预留", "Release"}},
      {AID("FUND_ENTRY_KIND_DRAW"), {"支付", "Draw"}},
      {AID("FUND_ENTRY_KIND_UNDRAW"), {"退汇冲回", "Payment returned"}},
      {AID("FUND_ENTRY_KIND_RECOVERY"), {"追回入账", "Recovery"}},
      // StatementLineResult
      {AID("STATEMENT_LINE_RESULT_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("STATEMENT_LINE_RESULT_MATCHED"), {"已匹配", "Matched"}},
      {AID("STATEMENT_LINE_RESULT_AMOUNT_DIFFERS"), {"金额不符", "Amount differs"}},
      {AID("STATEMENT_LINE_RESULT_UNMATCHED"), {"无对应付款", "Unmatched"}},
      {AID("STATEMENT_LINE_RESULT_DUPLICATE"), {"重复", "Duplicate"}},
      {AID("STATEMENT_LINE_RESULT_INVALID"), {"无法识别", "Invalid"}},
      // ReconciliationIssue.Kind
      {AID("ReconciliationIssue.KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("ReconciliationIssue.KIND_MISSING"), {"对账单缺失", "Missing"}},
      {AID("ReconciliationIssue.KIND_EXTRA"), {"无对应付款", "Extra line"}},
      {AID("ReconciliationIssue.KIND_AMOUNT_DIFFERS"), {"金额不符", "Amount differs"}},
      {AID("ReconciliationIssue.KIND_DUPLICATE"), {"重复", "Duplicate"}},
      // ReconciliationIssue.Resolution
      {AID("ReconciliationIssue.RESOLUTION_UNSPECIFIED"), {"待处理", "Open"}},
      {AID("ReconciliationIssue.RESOLUTION_CORRECTED_PAYMENT"),
       {"已更正付款", "Payment corrected"}},
      {AID("ReconciliationIssue.RESOLUTION_BANK_ERROR"), {"银行差错", "Bank error"}},
      {AID("ReconciliationIssue.RESOLUTION_ACCEPTED_DIFFERENCE"),
       {"差额已认可", "Difference accepted"}},
      {AID("ReconciliationIssue.RESOLUTION_DUPLICATE_IGNORED"),
       {"重复已忽略", "Duplicate ignored"}},
      // ListReconciliationIssuesRequest.State
      {AID("ListReconciliationIssuesRequest.STATE_OPEN"), {"待处理", "Open"}},
      {AID("ListReconciliationIssuesRequest.STATE_RESOLVED"), {"已处理", "Resolved"}},
      {AID("ListReconciliationIssuesRequest.STATE_ALL"), {"全部", "All"}},
      // RecoveryKind
      {AID("RECOVERY_KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("RECOVERY_KIND_FRAUD"), {"追回（骗取救助）", "Fraud"}},
      {AID("RECOVERY_KIND_LIABLE_PARTY"), {"追偿（责任人）", "Liable party"}},
      {AID("RECOVERY_KIND_ADVANCE_EXCESS"), {"先行救助超出部分", "Advance excess"}},
      // RecoveryDestination
      {AID("RECOVERY_DESTINATION_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("RECOVERY_DESTINATION_FUND"), {"返还救助资金", "Aid fund"}},
      {AID("RECOVERY_DESTINATION_TREASURY"), {"上缴国库", "Treasury"}},
      // RecoveryStatus
      {AID("RECOVERY_STATUS_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("RECOVERY_STATUS_OPEN"), {"追回中", "Open"}},
      {AID("RECOVERY_STATUS_PARTIAL"), {"部分追回", "Partial"}},
      {AID("RECOVERY_STATUS_RECOVERED"), {"已追回", "Recovered"}},
      {AID("RECOVERY_STATUS_TERMINATED"), {"已终结", "Terminated"}},
      {AID("RECOVERY_STATUS_CANCELLED"), {"已撤销", "Cancelled"}},
      // MeasureKind
      {AID("MEASURE_KIND_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("MEASURE_KIND_COUNSELLING"), {"心理疏导", "Counselling"}},
      {AID("MEASURE_KIND_EMPLOYMENT"), {"就业帮扶", "Employment"}},
      {AID("MEASURE_KIND_LIVING_PLACEMENT"), {"生活安置", "Living placement"}},
      {AID("MEASURE_KIND_MINIMUM_LIVING"), {"低保", "Minimum living allowance"}},
      {AID("MEASURE_KIND_POVERTY_MONITORING"), {"防止返贫监测", "Poverty monitoring"}},
      {AID("MEASURE_KIND_MEDICAL"), {"医疗救助", "Medical aid"}},
      {AID("MEASURE_KIND_SCHOOLING"), {"就学助学", "Schooling"}},
      {AID("MEASURE_KIND_FAMILY_EDUCATION"), {"家庭教育指导", "Family education"}},
      {AID("MEASURE_KIND_LEGAL_AID"), {"法律援助", "Legal aid"}},
      {AID("MEASURE_KIND_OTHER"), {"其他", "Other"}},
      // SuggestionStatus
      {AID("SUGGESTION_STATUS_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("SUGGESTION_STATUS_DRAFT"), {"待发送", "Draft"}},
      {AID("SUGGESTION_STATUS_ISSUED"), {"已发送", "Issued"}},
      {AID("SUGGESTION_STATUS_ACKNOWLEDGED"), {"已签收", "Acknowledged"}},
      {AID("SUGGESTION_STATUS_COMPLETED"), {"已落实", "Completed"}},
      {AID("SUGGESTION_STATUS_DECLINED"), {"未落实", "Declined"}},
      {AID("SUGGESTION_STATUS_CANCELLED"), {"已撤销", "Cancelled"}},
      // StatsGroupBy
      {AID("STATS_GROUP_BY_UNSPECIFIED"), {"不分组", "None"}},
      {AID("STATS_GROUP_BY_MONTH"), {"按月", "Month"}},
      {AID("STATS_GROUP_BY_DEPARTMENT"), {"按部门", "Department"}},
      {AID("STATS_GROUP_BY_CASEWORKER"), {"按承办人", "Caseworker"}},
      {AID("STATS_GROUP_BY_CHANNEL"), {"按启动方式", "Channel"}},
      // StatsPeriod
      {AID("STATS_PERIOD_UNSPECIFIED"), {"未指定", "Unspecified"}},
      {AID("STATS_PERIOD_MONTH"), {"月度", "Month"}},
      {AID("STATS_PERIOD_QUARTER"), {"季度", "Quarter"}},
      {AID("STATS_PERIOD_YEAR"), {"年度", "Year"}},
  };
  return *names;
}

#undef AID

}  // namespace shouhu::cli
