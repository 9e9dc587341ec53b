// Message catalogue of the `shouhu` command-line client: every user-facing text in
// Simplified Chinese (default) and English.
#ifndef SHOUHU_CLI_CATALOG_H_
#define SHOUHU_CLI_CATALOG_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "grpcpp/support/status.h"

namespace shouhu::cli {

enum class Lang { kZh, kEn };

// One text in both languages. Texts with parameters use absl::Substitute's "$0", "$1".
struct Text {
  const char* zh;
  const char* en;
  const char* operator()(Lang lang) const { return lang == Lang::kEn ? en : zh; }
};

namespace msg {

// Record fields.
inline constexpr Text kReferralId{"线索编号", "Referral"};
inline constexpr Text kStatus{"状态", "Status"};
inline constexpr Text kKind{"类型", "Kind"};
inline constexpr Text kUrgent{"紧急", "Urgent"};
inline constexpr Text kAgency{"移送单位", "Agency"};
inline constexpr Text kProcuratorate{"检察院", "Procuratorate"};
inline constexpr Text kOccurredOn{"发生日期", "Occurred on"};
inline constexpr Text kSubmittedAt{"登记时间", "Submitted"};
inline constexpr Text kResponseDue{"答复期限", "Response due"};
inline constexpr Text kOverdue{"已超期", "Overdue"};
inline constexpr Text kAssignedTo{"承办人", "Assigned to"};
inline constexpr Text kCaseId{"案件编号", "Case"};
inline constexpr Text kDeclineReason{"不予受理理由", "Decline reason"};
inline constexpr Text kMessageToAgency{"给移送单位的留言", "Message to agency"};
inline constexpr Text kVersion{"版本", "Version"};
inline constexpr Text kFacts{"事实与理由", "Facts"};
inline constexpr Text kSituations{"强制报告情形", "Situations"};
inline constexpr Text kAidGrounds{"救助情形", "Aid grounds"};
inline constexpr Text kSpecialCategories{"特殊未成年人类别", "Special-minor categories"};
inline constexpr Text kPeople{"相关人员", "People"};
inline constexpr Text kRole{"角色", "Role"};
inline constexpr Text kName{"姓名", "Name"};
inline constexpr Text kSex{"性别", "Sex"};
inline constexpr Text kBirthDate{"出生日期", "Birth date"};
inline constexpr Text kIdNumber{"身份证号", "ID number"};
inline constexpr Text kRelation{"关系", "Relation"};
inline constexpr Text kPersonId{"人员编号", "Person"};
inline constexpr Text kNotes{"备注", "Notes"};
inline constexpr Text kMinor{"未成年", "minor"};
inline constexpr Text kAdult{"成年", "adult"};
inline constexpr Text kMatchedExisting{"已匹配已有人员", "matched existing"};
inline constexpr Text kPossibleDuplicate{"疑似重复", "possible duplicate"};
inline constexpr Text kPhone{"电话", "Phone"};
inline constexpr Text kAddress{"住址", "Address"};
inline constexpr Text kEthnicity{"民族", "Ethnicity"};
inline constexpr Text kAge{"年龄段", "Age group"};
inline constexpr Text kIdentity{"身份信息", "Identity"};
inline constexpr Text kUnmasked{"明文（本次查看已记入审计）", "unmasked (this read is audited)"};
inline constexpr Text kMasked{"已脱敏", "masked"};
inline constexpr Text kYes{"是", "yes"};
inline constexpr Text kNo{"否", "no"};
inline constexpr Text kSequence{"序号", "#"};
inline constexpr Text kTime{"时间", "Time"};
inline constexpr Text kStep{"步骤", "Step"};
inline constexpr Text kActor{"操作人", "By"};
inline constexpr Text kMessage{"留言", "Message"};
inline constexpr Text kOpenedAt{"立案时间", "Opened"};
inline constexpr Text kClosedAt{"结案时间", "Closed"};
inline constexpr Text kCloseReason{"结案理由", "Close reason"};
inline constexpr Text kCloseNote{"结案说明", "Close note"};
inline constexpr Text kSubject{"当事人", "Subject"};
inline constexpr Text kReferrals{"关联线索", "Referrals"};
inline constexpr Text kTransferTo{"移交至", "Transfer to"};
inline constexpr Text kTransferredToCase{"接收方案件", "New case"};
inline constexpr Text kTransferredFrom{"移交来源案件", "Transferred from"};
inline constexpr Text kTransferReason{"移交理由", "Transfer reason"};
inline constexpr Text kCode{"代码", "Code"};
inline constexpr Text kJurisdiction{"辖区代码", "Jurisdiction"};
inline constexpr Text kActive{"启用", "active"};
inline constexpr Text kInactive{"停用", "inactive"};
inline constexpr Text kCandidateId{"候选编号", "Candidate"};
inline constexpr Text kExisting{"已有记录", "Existing"};
inline constexpr Text kIncoming{"新登记", "Incoming"};
inline constexpr Text kDupPending{"待确认", "pending"};
inline constexpr Text kDupConfirmed{"已确认为同一人", "same person (merged)"};
inline constexpr Text kDupRejected{"已确认非同一人", "different people"};
inline constexpr Text kField{"项目", "Field"};
inline constexpr Text kSubmittedValue{"移送单位提交", "Submitted"};
inline constexpr Text kRecordedValue{"人员记录", "Record"};
inline constexpr Text kDifferences{"移送单位提交的信息与人员记录不一致（可用 update-person 更正）",
                                   "The agency's submission differs from the person record "
                                   "(update-person applies it)"};
inline constexpr Text kPersonHistory{"人员信息更正记录", "Changes of the person record"};
inline constexpr Text kPrevious{"原值", "Previous"};
inline constexpr Text kUpdated{"新值", "New"};
inline constexpr Text kReason{"原因", "Reason"};
inline constexpr Text kSourceReferral{"依据线索", "From referral"};

// Listing.
inline constexpr Text kNoRecords{"没有记录。", "No records."};
inline constexpr Text kCount{"共 $0 条", "$0 record(s)"};
inline constexpr Text kMoreResults{
    "还有更多结果：加 --all 显示全部，或用 --page_token=$0 查看下一页。",
    "More results: add --all, or --page_token=$0 for the next page."};

// Confirmations of updates.
inline constexpr Text kDoneSubmitted{"线索已登记。", "Referral submitted."};
inline constexpr Text kDoneAssigned{"线索已分派。", "Referral assigned."};
inline constexpr Text kDoneAccepted{"线索已受理。", "Referral accepted."};
inline constexpr Text kDoneDeclined{"已决定不予受理。", "Referral declined."};
inline constexpr Text kDoneInfoRequested{"已要求移送单位补充材料。",
                                         "Information requested from the agency."};
inline constexpr Text kDoneSupplemented{"材料已补充，线索回到审查中。",
                                        "Supplement sent; the referral is back under review."};
inline constexpr Text kDoneWithdrawn{"线索已撤回。", "Referral withdrawn."};
inline constexpr Text kDoneCaseAssigned{"案件已分派。", "Case assigned."};
inline constexpr Text kDoneCaseClosed{"案件已结案。", "Case closed."};
inline constexpr Text kDoneTransferOffered{"已提出移交，等待对方检察院接收。",
                                           "Transfer offered; waiting for the receiving "
                                           "procuratorate."};
inline constexpr Text kDoneTransferAccepted{"已接收移交，本院新案件如下。",
                                            "Transfer accepted; the new case here:"};
inline constexpr Text kDoneTransferRejected{"已拒绝移交，原案件恢复办理中。",
                                            "Transfer rejected; the origin case is open again."};
inline constexpr Text kDoneDuplicateResolved{"疑似重复已处理。", "Possible duplicate resolved."};
inline constexpr Text kDonePersonUpdated{"人员信息已更正，原值已记入更正记录。",
                                         "Person record updated; the previous values are kept "
                                         "in its history."};
inline constexpr Text kNoDifferences{"线索 $0 中移送单位提交的信息与人员 $1 的记录一致，无需更正。",
                                     "What the agency submitted with referral $0 matches the "
                                     "record of person $1; nothing to update."};
inline constexpr Text kPersonNotInReferral{"线索 $0 中没有人员 $1",
                                           "Referral $0 does not name person $1"};
inline constexpr Text kDoneProcuratorate{"检察院已保存。", "Procuratorate saved."};
inline constexpr Text kDoneAgency{"合作单位已保存。", "Agency saved."};
inline constexpr Text kRequestIdNote{"请求编号：$0", "Request id: $0"};

// Watch.
inline constexpr Text kWatching{"正在关注线索 $0 的进展（按 Ctrl-C 结束）……",
                                "Watching referral $0 (Ctrl-C to stop)..."};
inline constexpr Text kWatchEnded{"线索已办结，关注结束。", "The referral is final; watch ended."};
inline constexpr Text kWatchStopped{"已停止关注。", "Stopped."};

// Errors.
inline constexpr Text kError{"错误", "Error"};
inline constexpr Text kDetail{"详情", "Detail"};
inline constexpr Text kUsage{"用法", "Usage"};
inline constexpr Text kSeeHelp{"运行 shouhu help 查看帮助。", "Run shouhu help for help."};
inline constexpr Text kNoCommand{"缺少命令。", "No command given."};
inline constexpr Text kUnknownCommand{"未知命令：$0", "Unknown command: $0"};
inline constexpr Text kUnknownAdminCommand{
    "未知的 admin 子命令：$0（可选：procuratorate、agency、agencies）",
    "Unknown admin command: $0 (procuratorate, agency, "
    "agencies)"};
inline constexpr Text kUnknownOption{"未知选项：$0", "Unknown option: $0"};
inline constexpr Text kOptionNotForCommand{"选项 --$0 不适用于命令 $1",
                                           "Option --$0 does not apply to command $1"};
inline constexpr Text kMissingValue{"选项 --$0 需要一个值", "Option --$0 needs a value"};
inline constexpr Text kBadBool{"选项 --$0 的值只能是 true 或 false：$1",
                               "Option --$0 takes true or false: $1"};
inline constexpr Text kBadNumber{"选项 --$0 须为非负整数：$1",
                                 "Option --$0 must be a non-negative integer: $1"};
inline constexpr Text kBadPositive{"选项 --$0 须为正整数：$1",
                                   "Option --$0 must be a positive integer: $1"};
inline constexpr Text kTooFewArgs{"参数不足", "Too few arguments"};
inline constexpr Text kTooManyArgs{"参数过多（含空格的文字请加引号）",
                                   "Too many arguments (quote text that contains spaces)"};
inline constexpr Text kBadEnum{"无效的$0：$1（可选：$2）", "Invalid $0: $1 (one of: $2)"};
inline constexpr Text kWhatStatus{"状态", "status"};
inline constexpr Text kWhatKind{"类型", "kind"};
inline constexpr Text kWhatDeclineReason{"不予受理理由", "decline reason"};
inline constexpr Text kWhatCloseReason{"结案理由", "close reason"};
inline constexpr Text kWhatAgencyType{"单位类型", "agency type"};
inline constexpr Text kWhatDecision{"判断", "decision"};
inline constexpr Text kWhatSex{"性别", "sex"};
inline constexpr Text kUpdateNeedsValues{
    "请用 --from_referral=线索编号，或用 --name、--sex、--birth_date、--phone、--address、"
    "--ethnicity 给出新值",
    "Give --from_referral=ID, or new values with --name, --sex, --birth_date, --phone, "
    "--address, --ethnicity"};
inline constexpr Text kValuesWithReferral{"--from_referral 不能与 --name 等新值同时使用",
                                          "--from_referral does not go with new values (--name, "
                                          "...)"};
inline constexpr Text kFieldsNeedReferral{"--fields 只能与 --from_referral 一起使用",
                                          "--fields only goes with --from_referral"};
inline constexpr Text kBadField{
    "无效的项目：$0（可选：name、sex、birth_date、phone、address、ethnicity）",
    "Invalid field: $0 (name, sex, birth_date, phone, address, ethnicity)"};
inline constexpr Text kBadBirthDate{"出生日期须为 YYYY-MM-DD 格式的有效日期：$0",
                                    "The birth date must be a valid YYYY-MM-DD date: $0"};
inline constexpr Text kUnmaskNeedsPurpose{"使用 --unmask 时必须用 --purpose 说明查看用途",
                                          "--unmask needs --purpose to say why"};
inline constexpr Text kPurposeNeedsUnmask{"--purpose 只能与 --unmask 一起使用",
                                          "--purpose only goes with --unmask"};
inline constexpr Text kBadRequestId{"--request_id 须为 8-64 个字符，只含字母、数字、_ 和 -",
                                    "--request_id must be 8-64 characters of [A-Za-z0-9_-]"};
inline constexpr Text kBadLang{"不支持的语言：$0（可选：zh、en）",
                               "Unsupported language: $0 (zh or en)"};
inline constexpr Text kEmptyArg{"参数不能为空", "Arguments must not be empty"};
inline constexpr Text kReadFailed{"无法读取文件：$0", "Cannot read file: $0"};
inline constexpr Text kBadMessageJson{"文件 $0 不是有效的 $1 JSON：$2",
                                      "File $0 is not a valid $1 in JSON: $2"};
inline constexpr Text kBadJson{"文件 $0 不是有效的线索 JSON：$1",
                               "$0 is not a valid referral JSON: $1"};
inline constexpr Text kCertKeyPair{"--cert 与 --key 必须同时提供", "--cert and --key go together"};
inline constexpr Text kCaRequired{
    "需要平台 CA 证书：请设置 --ca 或 SHOUHU_CA（服务只接受 TLS 连接）",
    "The platform CA certificate is required: set --ca or SHOUHU_CA (services accept TLS only)"};
inline constexpr Text kEmptyToken{"令牌文件为空：$0", "The token file is empty: $0"};
inline constexpr Text kRetryHint{
    "结果未知。如需重试且不重复办理，请用同一请求编号重新运行：--request_id=$0",
    "The outcome is unknown. To retry without doing it twice, re-run with --request_id=$0"};
inline constexpr Text kFetchingVersion{"读取当前版本失败", "Reading the current version failed"};
inline constexpr Text kTransferNotFound{"待接收的移交中没有案件 $0",
                                        "No pending transfer for case $0"};

}  // namespace msg

// Chinese/English name of an enum value of the Shouhu protos, or nullopt when the
// catalogue has none (a test makes sure every value has one).
std::optional<Text> EnumText(const google::protobuf::EnumValueDescriptor* value);

// Name of an enum value for display; falls back to the value's proto name (or the number)
// when the catalogue has none.
std::string EnumName(const google::protobuf::EnumDescriptor* type, int number, Lang lang);

template <typename E>
std::string EnumName(E value, Lang lang) {
  return EnumName(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value), lang);
}

// Display name of a referral timeline step ("submitted", "assigned", ...); unknown steps are
// returned unchanged.
std::string StepName(absl::string_view step, Lang lang);

// Display name of a person field ("name", "phone", ...); unknown ones are returned
// unchanged.
std::string PersonFieldName(absl::string_view field, Lang lang);

// Display name of a duplicate-candidate state ("pending", "confirmed", "rejected").
std::string DuplicateStateName(absl::string_view state, Lang lang);

// Canonical name of a gRPC status code, e.g. "PERMISSION_DENIED".
const char* StatusCodeName(grpc::StatusCode code);

// What a status code means for the user, e.g. PERMISSION_DENIED → "无权访问该记录".
Text StatusCodeExplanation(grpc::StatusCode code);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_CATALOG_H_
