// Message catalogue of the `shouhu aid` commands: names of the aid API's enum values and
// the texts of the aid commands, in Simplified Chinese (default) and English.
#ifndef SHOUHU_CLI_AID_CATALOG_H_
#define SHOUHU_CLI_AID_CATALOG_H_

#include <vector>

#include "cli/catalog.h"

namespace shouhu::cli {

// Name of one enum value, by the value's full proto name.
struct NamedEnumValue {
  const char* full_name;  // e.g. "shouhu.aid.v1.APPLICATION_STATUS_APPROVED"
  Text text;
};

// Every value of every enum of shouhu/aid/v1 (nested ones included).
const std::vector<NamedEnumValue>& AidEnumNames();

namespace msg {

// Fields of aid records.
inline constexpr Text kApplicationId{"救助申请编号", "Application"};
inline constexpr Text kChannel{"启动方式", "Channel"};
inline constexpr Text kApplicant{"申请人", "Applicant"};
inline constexpr Text kApplicantRelation{"申请人身份", "Applicant relation"};
inline constexpr Text kHouseholdRegistration{"户籍地", "Household registration"};
inline constexpr Text kLegalRepresentative{"法定代理人", "Legal representative"};
inline constexpr Text kVictim{"被害人", "Victim"};
inline constexpr Text kVictimTraits{"被害人情况", "Victim"};
inline constexpr Text kVictimMinor{"未成年人", "minor"};
inline constexpr Text kVictimDisabled{"残疾人", "disabled"};
inline constexpr Text kVictimVeteran{"退役军人", "veteran"};
inline constexpr Text kVictimRural{"农村困难群众", "rural hardship"};
inline constexpr Text kOriginalCase{"原案", "Original case"};
inline constexpr Text kHarm{"损害情况", "Harm"};
inline constexpr Text kHardship{"家庭困难情况", "Hardship"};
inline constexpr Text kHousehold{"家庭人口 $0 人，有劳动能力 $1 人，月收入 $2",
                                 "$0 in household, $1 able to work, monthly income $2"};
inline constexpr Text kCompensationReceived{"已获赔偿", "Compensation received"};
inline constexpr Text kOtherAidReceived{"已获其他救助", "Other aid received"};
inline constexpr Text kMaterials{"已收材料", "Materials received"};
inline constexpr Text kMaterialsRequested{"待补充材料", "Materials requested"};
inline constexpr Text kBankAccount{"收款账户", "Bank account"};
inline constexpr Text kRegisteredOn{"受理日期", "Registered"};
inline constexpr Text kDecisionDue{"决定期限", "Decision due"};
inline constexpr Text kPausedDays{"暂停工作日", "Paused working days"};
inline constexpr Text kProposedDecision{"拟处理意见", "Proposed decision"};
inline constexpr Text kExclusions{"不予救助情形", "Exclusions"};
inline constexpr Text kApprovedAmount{"决定救助金额", "Approved amount"};
inline constexpr Text kPaid{"已发放", "Paid"};
inline constexpr Text kRecovered{"已追回", "Recovered"};
inline constexpr Text kReserved{"资金预留", "Reserved"};
inline constexpr Text kDecisionDocument{"救助决定书文号", "Decision document"};
inline constexpr Text kDecidedOn{"决定日期", "Decided on"};
inline constexpr Text kClosingReason{"结案/撤销理由", "Closing reason"};
inline constexpr Text kCaseClosedOn{"案件结案日期（救助金待发放）", "Case closed on (money owed)"};
inline constexpr Text kMaterialsRequests{"补充材料记录", "Materials requests"};
inline constexpr Text kRequestedOn{"通知日期", "Requested on"};
inline constexpr Text kAnsweredOn{"补齐日期", "Answered on"};
inline constexpr Text kNote{"说明", "Note"};
inline constexpr Text kIssueId{"差异编号", "Issue"};
inline constexpr Text kResolution{"处理结果", "Resolution"};
inline constexpr Text kSourceReferralAid{"来源线索", "From referral"};
inline constexpr Text kEmergency{"先行救助", "Emergency advance"};
inline constexpr Text kPaperworkDue{"补办手续期限", "Paperwork due"};
inline constexpr Text kPaperworkDone{"手续已补办", "paperwork done"};
inline constexpr Text kSettlement{"结算方式", "Settlement"};
inline constexpr Text kAmount{"金额", "Amount"};
inline constexpr Text kAmountYuan{"金额（元）", "Amount (yuan)"};
inline constexpr Text kYuanSuffix{"$0 元", "$0 yuan"};
inline constexpr Text kEligibility{"救助条件审查", "Eligibility"};
inline constexpr Text kEligible{"符合救助条件", "eligible"};
inline constexpr Text kNotEligible{"不符合救助条件", "not eligible"};
inline constexpr Text kRuleSet{"规则版本", "Rule set"};
inline constexpr Text kRule{"规则", "Rule"};
inline constexpr Text kMatched{"符合", "matched"};
inline constexpr Text kNotMatched{"不符合", "not matched"};
inline constexpr Text kResult{"结果", "Result"};
inline constexpr Text kComputation{"救助金额计算", "Amount computation"};
inline constexpr Text kMonthlyWage{"月平均工资", "Monthly wage"};
inline constexpr Text kMonths{"月数", "Months"};
inline constexpr Text kBase{"基数", "Base"};
inline constexpr Text kMinorCosts{"未成年人费用", "Minor's costs"};
inline constexpr Text kTotal{"合计", "Total"};
inline constexpr Text kCap{"上限", "Cap"};
inline constexpr Text kOverCap{"超过上限（需上级院批准）", "over the cap (higher approval needed)"};
inline constexpr Text kOverCapApproved{"超限额已获批准", "over-cap approved"};
inline constexpr Text kCommitteeRequired{"须检察长办公会研究", "committee decides"};
inline constexpr Text kDeductions{"扣减（已获赔偿/其他救助）",
                                  "Deductions (compensation/other aid)"};
inline constexpr Text kCourtCeiling{"法院判赔上限", "Court award ceiling"};
inline constexpr Text kProposedAmount{"拟救助金额", "Amount proposed"};
inline constexpr Text kApprovalChain{"审批流程", "Approval chain"};
inline constexpr Text kRound{"轮次", "Round"};
inline constexpr Text kOutcome{"结论", "Outcome"};
inline constexpr Text kTitle{"职务", "Title"};
inline constexpr Text kOpinion{"意见", "Opinion"};
inline constexpr Text kDocument{"文号", "Document"};
inline constexpr Text kPriorAid{"已获救助情况", "Prior aid"};
inline constexpr Text kOrgan{"救助机关", "Organ"};
inline constexpr Text kDisbursementId{"发放编号", "Disbursement"};
inline constexpr Text kPurpose{"用途", "Purpose"};
inline constexpr Text kMethod{"方式", "Method"};
inline constexpr Text kCustody{"资金监管", "Custody"};
inline constexpr Text kCustodian{"监管方", "Custodian"};
inline constexpr Text kGuardianLimit{"监护人每月支取上限", "Guardian monthly limit"};
inline constexpr Text kPayee{"收款人", "Payee"};
inline constexpr Text kFundsArrived{"资金到账", "Funds arrived"};
inline constexpr Text kNotifyDue{"告知期限", "Notify by"};
inline constexpr Text kNotified{"已告知领取", "Applicant notified"};
inline constexpr Text kInstalments{"分期", "Instalments"};
inline constexpr Text kDueOn{"应付日期", "Due"};
inline constexpr Text kPayments{"付款记录", "Payments"};
inline constexpr Text kPaymentId{"付款编号", "Payment"};
inline constexpr Text kPaidOn{"付款日期", "Paid on"};
inline constexpr Text kVoucher{"凭证号", "Voucher"};
inline constexpr Text kBankRef{"银行流水号", "Bank ref"};
inline constexpr Text kReceipt{"回执号", "Receipt"};
inline constexpr Text kReconciliation{"对账", "Reconciliation"};
inline constexpr Text kCustodyBalance{"监管余额", "Custody balance"};
inline constexpr Text kWithdrawals{"监护人支取记录", "Guardian withdrawals"};
inline constexpr Text kAgreement{"监管协议/提存证书号", "Custody agreement"};
inline constexpr Text kReleaseCondition{"解除监管条件", "Release condition"};
inline constexpr Text kAmendmentReason{"变更理由", "Amendment reason"};
inline constexpr Text kYear{"年度", "Year"};
inline constexpr Text kPot{"资金类别", "Pot"};
inline constexpr Text kAllocated{"已拨付", "Allocated"};
inline constexpr Text kDrawn{"已支出", "Drawn"};
inline constexpr Text kAvailable{"可用", "Available"};
inline constexpr Text kBalanced{"账目平衡", "Ledger balances"};
inline constexpr Text kNotBalanced{"账目不平衡，请核查！", "THE LEDGER DOES NOT BALANCE"};
inline constexpr Text kAvailableAfter{"操作后可用", "Available after"};
inline constexpr Text kSource{"来源", "Source"};
inline constexpr Text kStatementId{"对账单编号", "Statement"};
inline constexpr Text kLine{"行", "Line"};
inline constexpr Text kExpected{"应付", "Expected"};
inline constexpr Text kProblem{"问题", "Problem"};
inline constexpr Text kImportSummary{
    "匹配 $0，金额不符 $1，无对应付款 $2，重复 $3，无法识别 $4",
    "matched $0, amount differs $1, unmatched $2, duplicate $3, invalid $4"};
inline constexpr Text kMissingPayments{"对账期内已付款但对账单缺失", "Paid in the period, missing"};
inline constexpr Text kRecoveryId{"追回编号", "Recovery"};
inline constexpr Text kDebtor{"义务人", "Debtor"};
inline constexpr Text kAmountDue{"应追回", "Amount due"};
inline constexpr Text kDestination{"去向", "Destination"};
inline constexpr Text kTermination{"终结理由", "Termination reason"};
inline constexpr Text kReceipts{"收款记录", "Receipts"};
inline constexpr Text kSuggestionId{"建议编号", "Suggestion"};
inline constexpr Text kMeasure{"帮扶措施", "Measure"};
inline constexpr Text kContent{"内容", "Content"};
inline constexpr Text kIssuedOn{"发送日期", "Issued"};
inline constexpr Text kReplyDue{"答复期限", "Reply due"};
inline constexpr Text kIssuingProcuratorate{"发送检察院", "From"};
inline constexpr Text kIdentityDisclosed{"已向单位披露身份（用途：$0）",
                                         "identity disclosed to the agency (purpose: $0)"};
inline constexpr Text kMeasureOutcome{"落实情况", "Measure outcome"};
inline constexpr Text kGranted{"已落实", "granted"};
inline constexpr Text kSessions{"次数 $0", "$0 session(s)"};
inline constexpr Text kGroup{"分组", "Group"};
inline constexpr Text kAccepted{"受理", "Accepted"};
inline constexpr Text kPeopleAided{"救助人数", "People aided"};
inline constexpr Text kAmountPaid{"发放金额（元）", "Paid (yuan)"};
inline constexpr Text kExOfficio{"依职权", "Ex officio"};
inline constexpr Text kExOfficioShare{"依职权占比", "Ex officio share"};
inline constexpr Text kEmergencyCount{"先行救助", "Emergency"};
inline constexpr Text kOnTime{"按期决定", "On time"};
inline constexpr Text kLate{"超期决定", "Late"};
inline constexpr Text kSuggestionsIssued{"建议发出", "Suggestions"};
inline constexpr Text kSuggestionsDone{"建议落实", "Completed"};
inline constexpr Text kRecoveredYuan{"追回（元）", "Recovered (yuan)"};
inline constexpr Text kMedianDays{"决定用时中位数（工作日）", "Median days"};
inline constexpr Text kSuppressed{"<$0", "<$0"};
inline constexpr Text kSuppressedNote{
    "“<$0”：该行有数字小于 $0，为保护个人信息已隐去。",
    "\"<$0\": a figure of the row is below $0 and is withheld to protect individuals."};
inline constexpr Text kTotalRow{"合计", "Total"};
inline constexpr Text kIssued{"发出", "Issued"};
inline constexpr Text kCompleted{"落实", "Completed"};
inline constexpr Text kProvince{"省份代码", "Province"};
inline constexpr Text kWage{"月平均工资（元）", "Monthly wage (yuan)"};
inline constexpr Text kBasis{"统计口径", "Basis"};
inline constexpr Text kRecordedAt{"录入时间", "Recorded"};
inline constexpr Text kSupersededAt{"被更正时间", "Superseded"};
inline constexpr Text kWageHistory{"已被更正的数据", "Replaced figures"};
inline constexpr Text kCommitteeThreshold{"提交检察长办公会的金额", "Committee threshold"};
inline constexpr Text kEmergencyCap{"先行救助上限", "Emergency cap"};
inline constexpr Text kCapMonths{"救助上限（月）", "Cap (months)"};
inline constexpr Text kDecisionDays{"决定期限（工作日）", "Decision (working days)"};
inline constexpr Text kNotifyDays{"告知期限（工作日）", "Notify (working days)"};
inline constexpr Text kPaperworkDays{"先行救助补办期限（工作日）", "Paperwork (working days)"};
inline constexpr Text kReplyDays{"建议答复期限（工作日）", "Suggestion reply (working days)"};
inline constexpr Text kStepActors{"审批人", "Step actors"};
inline constexpr Text kNoticeId{"告知编号", "Notice"};
inline constexpr Text kNotifiedOn{"告知日期", "Notified on"};

// Confirmations.
inline constexpr Text kDoneAidRegistered{"救助申请已受理。", "Aid application registered."};
inline constexpr Text kDoneAidUpdated{"救助案卡已保存。", "Case card saved."};
inline constexpr Text kDoneProposed{"已提出处理意见，报部门负责人审核。",
                                    "Proposal made; sent to the department head."};
inline constexpr Text kDoneReviewed{"部门负责人审核已记录。", "Head review recorded."};
inline constexpr Text kDoneDecided{"检察长决定已记录。", "Chief's decision recorded."};
inline constexpr Text kDoneCommittee{"检察长办公会研究意见已记录。",
                                     "Committee resolution recorded."};
inline constexpr Text kDoneHigher{"上级院批复已记录。", "Higher-level reply recorded."};
inline constexpr Text kDoneEmergency{"先行救助已批准，请按期补办手续。",
                                     "Emergency advance approved; complete the paperwork in time."};
inline constexpr Text kDonePaperwork{"先行救助手续已补办。", "Emergency paperwork completed."};
inline constexpr Text kDoneAidWithdrawn{"申请人已撤回申请。", "Application withdrawn."};
inline constexpr Text kDoneMaterialsRequested{"已通知补充材料，决定期限暂停计算。",
                                              "Materials requested; the decision clock is paused."};
inline constexpr Text kDoneMaterialsReceived{"材料已收到，决定期限恢复计算。",
                                             "Materials received; the decision clock resumes."};
inline constexpr Text kDoneRevoked{"救助决定已撤销。", "Decision revoked."};
inline constexpr Text kDoneClosedUnpaid{"已决定未发放结案。", "Closed without payment."};
inline constexpr Text kDoneNotice{"告知救助权利已记录。", "Rights notice recorded."};
inline constexpr Text kDonePriorAid{"已获救助情况已记录。", "Prior aid recorded."};
inline constexpr Text kDonePlanned{"发放计划已制定。", "Disbursement planned."};
inline constexpr Text kDoneFundsArrived{"资金到账已记录，请在告知期限内通知申请人。",
                                        "Funds arrival recorded; notify the applicant in time."};
inline constexpr Text kDonePaid{"付款已记录。", "Payment recorded."};
inline constexpr Text kDoneReceipt{"回执已记录。", "Receipt recorded."};
inline constexpr Text kDonePaymentFailed{"付款已标记为失败，该期可重新支付。",
                                         "Payment marked failed; the instalment is payable again."};
inline constexpr Text kDoneNotified{"已记录告知申请人领取。", "Applicant notification recorded."};
inline constexpr Text kDoneAmended{"发放计划已变更。", "Disbursement amended."};
inline constexpr Text kDoneWithdrawal{"监护人支取已记录。", "Guardian withdrawal recorded."};
inline constexpr Text kDoneAllocated{"救助资金拨付已记录。", "Fund allocation recorded."};
inline constexpr Text kDoneImported{"对账单已导入。", "Statement imported."};
inline constexpr Text kDoneIssueResolved{"对账差异已处理。", "Reconciliation issue resolved."};
inline constexpr Text kDoneRecoveryOpened{"已决定追回/追偿。", "Recovery opened."};
inline constexpr Text kDoneRecoveryReceipt{"追回款已记录。", "Recovery receipt recorded."};
inline constexpr Text kDoneRecoveryClosed{"追回已终结。", "Recovery closed."};
inline constexpr Text kDoneSuggested{"社会救助建议已发送。", "Social-aid suggestion issued."};
inline constexpr Text kDoneSuggestionOutcome{"建议落实情况已记录。",
                                             "Suggestion outcome recorded."};
inline constexpr Text kDoneWage{"月平均工资已保存。", "Monthly wage saved."};
inline constexpr Text kDonePolicy{"救助参数已保存。", "Aid policy saved."};

// Argument errors of the aid commands.
inline constexpr Text kUnknownAidCommand{"未知的 aid 子命令：$0（运行 shouhu help 查看）",
                                         "Unknown aid command: $0 (see shouhu help)"};
inline constexpr Text kBadMoney{"--$0 的金额须为元，最多两位小数（如 1234.50）：$1",
                                "--$0 takes yuan with at most two decimals (e.g. 1234.50): $1"};
inline constexpr Text kMoneyTooPrecise{"--$0 的金额最多精确到分（两位小数）：$1",
                                       "--$0: amounts are exact to the fen (two decimals): $1"};
inline constexpr Text kBadDate{"--$0 的日期格式应为 YYYY-MM-DD：$1",
                               "--$0 takes a date YYYY-MM-DD: $1"};
inline constexpr Text kBadArgNumber{"$0须为正整数：$1", "$0 must be a positive integer: $1"};
inline constexpr Text kNeedOne{"须指定 $0 之一", "One of $0 is required"};
inline constexpr Text kOnlyOne{"$0 只能指定其一", "Only one of $0 may be given"};
inline constexpr Text kNeedOption{"须指定 --$0", "--$0 is required"};
inline constexpr Text kOptionOnlyWith{"--$0 只能与 $1 同用", "--$0 goes only with $1"};
inline constexpr Text kVersionRequired{"须指定 --version=N（版本可用 $0 查看）",
                                       "--version=N is required (see $0 for it)"};
inline constexpr Text kWhatAidStatus{"状态", "status"};
inline constexpr Text kWhatChannel{"启动方式", "channel"};
inline constexpr Text kWhatExclusion{"不予救助情形", "exclusion"};
inline constexpr Text kWhatMaterial{"材料", "material"};
inline constexpr Text kWhatMethod{"告知方式", "method"};
inline constexpr Text kWhatOrgan{"救助机关", "organ"};
inline constexpr Text kWhatPot{"资金类别", "pot"};
inline constexpr Text kWhatRecoveryKind{"追回类型", "recovery kind"};
inline constexpr Text kWhatIssueState{"差异状态", "issue state"};
inline constexpr Text kWhatResolution{"处理结果", "resolution"};
inline constexpr Text kWhatDestination{"去向", "destination"};
inline constexpr Text kWhatMeasure{"帮扶措施", "measure"};
inline constexpr Text kWhatPeriod{"统计期间", "period"};
inline constexpr Text kWhatGroupBy{"分组方式", "grouping"};
inline constexpr Text kWhatInstalment{"期次", "Instalment"};
inline constexpr Text kWhatYear{"年度", "Year"};

}  // namespace msg
}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_AID_CATALOG_H_
