// Message catalogue of the `shouhu order ...` commands (督促监护令, supervision,
// escalations, 事实无人抚养 checks, the order policy): enum names, record field labels and
// confirmations, in Simplified Chinese (default) and English.
#ifndef SHOUHU_CLI_ORDER_CATALOG_H_
#define SHOUHU_CLI_ORDER_CATALOG_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "cli/aid_catalog.h"
#include "cli/catalog.h"

namespace shouhu::cli {

// Every value of every enum of shouhu/guardianship/v1.
const std::vector<NamedEnumValue>& GuardianshipEnumNames();

// Display label of a field of a guardianship record ("order_id" -> "令编号"); unknown
// fields are returned unchanged.
std::string OrderFieldLabel(absl::string_view field, Lang lang);

namespace msg {

inline constexpr Text kGroupOrders{"督促监护令", "Guardianship orders"};
inline constexpr Text kGroupSupervision{"督促监护令：监督履行", "Guardianship orders: supervision"};
inline constexpr Text kGroupEscalations{"督促监护令：后续措施", "Guardianship orders: escalations"};
inline constexpr Text kGroupUnattended{"事实无人抚养儿童", "Children without de-facto care"};
inline constexpr Text kGroupOrderConfig{"督促监护令：参数与统计",
                                        "Guardianship orders: policy and statistics"};

inline constexpr Text kDoneOrderDrafted{"督促监护令已拟制（草稿）。", "Order drafted."};
inline constexpr Text kDoneOrderSubmitted{"已提交审批。", "Submitted for approval."};
inline constexpr Text kDoneOrderApproved{"审批意见已记录。", "Approval decision recorded."};
inline constexpr Text kDoneOrderServed{"送达已记录。", "Service recorded."};
inline constexpr Text kDoneCourtOrder{"法院家庭教育指导令已登记。", "Court order recorded."};
inline constexpr Text kDoneOrderCancelled{"督促监护令已撤销。", "Order cancelled."};
inline constexpr Text kDoneOrderExtended{"履行期限已延长。", "Compliance period extended."};
inline constexpr Text kDoneOrderTerminated{"督促监护令已终止。", "Order terminated."};
inline constexpr Text kDoneSession{"家庭教育指导记录已保存。", "Guidance session recorded."};
inline constexpr Text kDoneCheck{"监督检查已记录。", "Compliance check recorded."};
inline constexpr Text kDoneEvaluated{"履行评估已记录。", "Evaluation recorded."};
inline constexpr Text kDoneDisclosed{"身份信息已向该单位披露（已记入审计）。",
                                     "Identity disclosed to the agency (audited)."};
inline constexpr Text kDoneEscalationDrafted{"后续措施已拟制（草稿）。", "Escalation drafted."};
inline constexpr Text kDoneEscalationSubmitted{"后续措施已提交审批。",
                                               "Escalation submitted for approval."};
inline constexpr Text kDoneEscalationApproved{"审批意见已记录。", "Approval decision recorded."};
inline constexpr Text kDoneEscalationServed{"送达已记录，回复期限开始计算。",
                                            "Service recorded; the reply period runs."};
inline constexpr Text kDoneEscalationReplied{"书面回复已记录。", "Reply recorded."};
inline constexpr Text kDoneCourtAnswer{"法院答复已记录。", "Court answer recorded."};
inline constexpr Text kDoneEscalationClosed{"后续措施已办结。", "Escalation closed."};
inline constexpr Text kDoneUnattendedAssessed{"事实无人抚养情形已评估。", "Check assessed."};
inline constexpr Text kDoneUnattendedHandedOff{"已移交民政部门核实认定。",
                                               "Handed off to civil affairs."};
inline constexpr Text kDoneUnattendedAnswered{"民政部门答复已记录。", "Answer recorded."};
inline constexpr Text kDoneOrderPolicy{"督促监护令参数已保存。", "Order policy saved."};

inline constexpr Text kUnknownOrderCommand{"未知的 order 子命令：$0（运行 shouhu order 查看）",
                                           "Unknown order command: $0 (see shouhu order)"};
inline constexpr Text kNotInAddressedList{"在本单位收到的移交中找不到 $0",
                                          "$0 is not among the hand-offs addressed to you"};

inline constexpr Text kWhatOrderKind{"类型", "kind"};
inline constexpr Text kWhatOrderStatus{"状态", "status"};
inline constexpr Text kWhatServiceMethod{"送达方式", "service method"};
inline constexpr Text kWhatTermination{"终止理由", "termination reason"};
inline constexpr Text kWhatCourtAnswer{"法院答复", "court answer"};
inline constexpr Text kWhatOutcome{"办理结果", "outcome"};
inline constexpr Text kWhatHandoffAnswer{"答复", "answer"};
inline constexpr Text kWhatDimension{"统计维度", "dimension"};

}  // namespace msg
}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_ORDER_CATALOG_H_
