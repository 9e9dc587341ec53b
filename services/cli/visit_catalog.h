// Message catalogue of the `shouhu visit ...` commands (跟踪回访: plans, due visits, visit
// records, needs, offline batches, volunteers' assignments and daily reports, statistics):
// enum names, record field labels, prompts and confirmations, in Simplified Chinese
// (default) and English.
#ifndef SHOUHU_CLI_VISIT_CATALOG_H_
#define SHOUHU_CLI_VISIT_CATALOG_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "cli/aid_catalog.h"
#include "cli/catalog.h"

namespace shouhu::cli {

// Every value of every enum of shouhu/visit/v1.
const std::vector<NamedEnumValue>& VisitEnumNames();

// Display label of a field of a visit record ("due_on" -> "应访日期"); falls back to the
// order catalogue's labels, then to the field name itself.
std::string VisitFieldLabel(absl::string_view field, Lang lang);

namespace msg {

inline constexpr Text kGroupVisitPlans{"跟踪回访：回访计划", "Follow-up visits: plans"};
inline constexpr Text kGroupVisits{"跟踪回访：回访记录", "Follow-up visits: visit records"};
inline constexpr Text kGroupVolunteers{"跟踪回访：志愿者（爱心妈妈）",
                                       "Follow-up visits: volunteers"};
inline constexpr Text kGroupVisitConfig{"跟踪回访：方案、参数与统计",
                                        "Follow-up visits: templates, policy and statistics"};

inline constexpr Text kDonePlanCreated{"回访计划已建立。", "Visit plan created."};
inline constexpr Text kDonePlanAssigned{"回访计划已分派。", "Visit plan assigned."};
inline constexpr Text kDoneSlotWaived{"该次回访已免除。", "Visit slot waived."};
inline constexpr Text kDonePlanCancelled{"回访计划已撤销。", "Visit plan cancelled."};
inline constexpr Text kDoneTemplateSaved{"回访方案已保存。", "Schedule template saved."};
inline constexpr Text kDoneVisitPolicy{"回访参数已保存。", "Visit policy saved."};
inline constexpr Text kDoneVisitRecorded{"回访记录已保存。", "Visit recorded."};
inline constexpr Text kDoneVisitAmended{"回访记录已更正（保留修改历史）。",
                                        "Visit amended (history kept)."};
inline constexpr Text kDoneNeedWithdrawn{"需求已撤回。", "Need withdrawn."};
inline constexpr Text kDoneConflictResolved{"冲突已处理。", "Conflict resolved."};
inline constexpr Text kDoneVolunteerAssigned{"志愿者结对已建立。", "Volunteer assigned."};
inline constexpr Text kDoneAssignmentEnded{"结对已结束，志愿者即时失去访问权限。",
                                           "Assignment ended; the volunteer's access stops now."};
inline constexpr Text kDoneReportSubmitted{"日报已提交。", "Daily report submitted."};

inline constexpr Text kUnknownVisitCommand{"未知的 visit 子命令：$0（运行 shouhu visit 查看）",
                                           "Unknown visit command: $0 (see shouhu visit)"};
inline constexpr Text kConflictNotFound{"在本院的回访冲突中找不到 $0",
                                        "$0 is not among your procuratorate's conflicts"};
inline constexpr Text kAssignmentNotFound{"在本院的志愿者结对中找不到 $0（可用 --version=N 指定）",
                                          "$0 is not among the assignments (give --version=N)"};
inline constexpr Text kBatchEmpty{"文件 $0 中没有任何条目", "File $0 holds no items"};
inline constexpr Text kBatchBadLine{"文件 $0 第 $1 行不是有效的 BatchItem JSON：$2",
                                    "Line $1 of $0 is not a valid BatchItem in JSON: $2"};
inline constexpr Text kBatchSummary{"共 $0 条：新建 $1，重复上传 $2，冲突 $3，退回 $4",
                                    "$0 item(s): $1 created, $2 replayed, $3 conflict(s), "
                                    "$4 rejected"};
inline constexpr Text kNoDueVisits{"当前没有待回访事项。", "Nothing due."};
inline constexpr Text kStatSuppressed{"<5", "<5"};

inline constexpr Text kWhatAnchor{"起算点", "anchor"};
inline constexpr Text kWhatPlanStatus{"计划状态", "plan status"};
inline constexpr Text kWhatVisitKind{"回访方式", "visit kind"};
inline constexpr Text kWhatRating{"评估等级", "rating"};
inline constexpr Text kWhatNeedStatus{"需求状态", "need status"};
inline constexpr Text kWhatConflictResolution{"处理方式", "resolution"};
inline constexpr Text kWhatGrouping{"统计分组", "grouping"};

// Highlighted slot states of the due list.
inline constexpr Text kStateOverdue{"【逾期】", "[OVERDUE]"};
inline constexpr Text kStateMissed{"【未回访】", "[MISSED]"};

// Interactive `visit record`.
inline constexpr Text kPromptKind{"回访方式（$0）[$1]：", "Visit kind ($0) [$1]: "};
inline constexpr Text kPromptDate{"回访日期 YYYY-MM-DD [$0]：", "Visit date YYYY-MM-DD [$0]: "};
inline constexpr Text kPromptSlot{"完成回访计划 $0 第 $1 次（$2，应访日期 $3）？[Y/n]：",
                                  "Complete slot $1 of plan $0 ($2, due $3)? [Y/n]: "};
inline constexpr Text kPromptRating{"$0 评估（$1）[$2]：", "$0 rating ($1) [$2]: "};
inline constexpr Text kPromptNotes{"$0 情况说明（可空）：", "$0 notes (optional): "};
inline constexpr Text kPromptSummary{"回访情况（可空）：", "Summary (optional): "};
inline constexpr Text kPromptNeedKind{"发现的需求类型（$0；回车结束）：",
                                      "Need found, kind ($0; Enter when done): "};
inline constexpr Text kPromptNeedText{"需求说明：", "Need description: "};
inline constexpr Text kPromptNeedUrgent{"是否紧急？[y/N]：", "Urgent? [y/N]: "};
inline constexpr Text kNotUnderstood{"无法识别“$0”，请重新输入。",
                                     "Not understood: \"$0\"; again."};
inline constexpr Text kInputEnded{"输入已结束，未提交任何内容。", "Input ended; nothing was sent."};

}  // namespace msg
}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_VISIT_CATALOG_H_
