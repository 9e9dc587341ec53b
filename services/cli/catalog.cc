#include "cli/catalog.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/aid_catalog.h"
#include "cli/order_catalog.h"
#include "cli/visit_catalog.h"

namespace shouhu::cli {
namespace {

struct EnumEntry {
  const char* full_name;  // Full name of the enum value, e.g. "shouhu.common.v1.SEX_MALE".
  Text text;
};

// Names of every enum value the client may display. Keep in step with the protos: the unit
// test walks the enum descriptors and fails on a value without a name here.
constexpr EnumEntry kEnumEntries[] = {
    // shouhu.common.v1.Sex
    {"shouhu.common.v1.SEX_UNSPECIFIED", {"未说明", "unspecified"}},
    {"shouhu.common.v1.SEX_MALE", {"男", "male"}},
    {"shouhu.common.v1.SEX_FEMALE", {"女", "female"}},

    // ReferralKind
    {"shouhu.referral.v1.REFERRAL_KIND_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.REFERRAL_KIND_JUDICIAL_AID", {"司法救助线索", "Judicial-aid lead"}},
    {"shouhu.referral.v1.REFERRAL_KIND_MANDATORY_REPORT", {"强制报告", "Mandatory report"}},
    {"shouhu.referral.v1.REFERRAL_KIND_GUARDIANSHIP_CONCERN",
     {"监护缺失/监护不当", "Guardianship concern"}},
    {"shouhu.referral.v1.REFERRAL_KIND_SPECIAL_MINOR",
     {"特殊未成年人摸排", "Special-minor registration"}},

    // ReferralStatus
    {"shouhu.referral.v1.REFERRAL_STATUS_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.REFERRAL_STATUS_SUBMITTED", {"已登记", "Submitted"}},
    {"shouhu.referral.v1.REFERRAL_STATUS_UNDER_REVIEW", {"审查中", "Under review"}},
    {"shouhu.referral.v1.REFERRAL_STATUS_INFO_REQUESTED", {"待补充材料", "Information requested"}},
    {"shouhu.referral.v1.REFERRAL_STATUS_ACCEPTED", {"已受理", "Accepted"}},
    {"shouhu.referral.v1.REFERRAL_STATUS_DECLINED", {"不予受理", "Declined"}},
    {"shouhu.referral.v1.REFERRAL_STATUS_WITHDRAWN", {"已撤回", "Withdrawn"}},

    // MandatoryReportSituation
    {"shouhu.referral.v1.MANDATORY_REPORT_SITUATION_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.SITUATION_PRIVATE_PARTS_INJURY",
     {"隐私部位遭受或疑似遭受非正常损伤", "Abnormal injury to private parts"}},
    {"shouhu.referral.v1.SITUATION_SEXUAL_ASSAULT_UNDER_14",
     {"不满十四周岁女性遭受性侵、怀孕、流产",
      "Girl under 14 sexually assaulted, pregnant or aborted"}},
    {"shouhu.referral.v1.SITUATION_SEXUAL_ASSAULT_14_PLUS",
     {"十四周岁以上女性因性侵怀孕、流产", "Girl 14 or older pregnant or aborted after assault"}},
    {"shouhu.referral.v1.SITUATION_MULTIPLE_INJURIES_ABUSE",
     {"多处损伤、严重营养不良、意识不清，疑似虐待、欺凌、暴力",
      "Multiple injuries, malnutrition or unconsciousness: suspected abuse, bullying, violence"}},
    {"shouhu.referral.v1.SITUATION_DISABILITY_OR_DEATH",
     {"自杀、自残、中毒、暴力导致重伤、死亡",
      "Serious injury or death from suicide, self-harm, poisoning or violence"}},
    {"shouhu.referral.v1.SITUATION_ABANDONMENT_NEGLECT",
     {"遗弃、长期无人照料", "Abandonment or long-term lack of care"}},
    {"shouhu.referral.v1.SITUATION_MISSING_OR_TRAFFICKED",
     {"身份不明、失踪、被拐卖", "Unknown identity, missing or trafficked"}},
    {"shouhu.referral.v1.SITUATION_ORGANISED_BEGGING", {"组织乞讨", "Organised begging"}},
    {"shouhu.referral.v1.SITUATION_OTHER_SERIOUS_HARM",
     {"其他严重侵害或面临不法侵害危险", "Other serious harm or imminent danger"}},

    // AidGround
    {"shouhu.referral.v1.AID_GROUND_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED",
     {"重伤或严重残疾，无法获得赔偿", "Serious injury or disability, no compensation"}},
    {"shouhu.referral.v1.AID_GROUND_URGENT_MEDICAL",
     {"危及生命，急需救治，无力承担医疗费", "Life in danger, cannot pay urgent treatment"}},
    {"shouhu.referral.v1.AID_GROUND_DEATH_DEPENDANTS",
     {"死亡或丧失劳动能力，近亲属/被扶养人困难",
      "Death or loss of work capacity, dependants in hardship"}},
    {"shouhu.referral.v1.AID_GROUND_PROPERTY_LOSS",
     {"财产重大损失导致生活困难", "Major property loss causing hardship"}},
    {"shouhu.referral.v1.AID_GROUND_RETALIATION",
     {"举报人、证人、鉴定人遭受打击报复", "Reporter, witness or expert harmed in retaliation"}},
    {"shouhu.referral.v1.AID_GROUND_ROAD_ACCIDENT_TORT",
     {"道路交通事故等民事侵权，无法获得赔偿",
      "Road accident or other civil tort, no compensation"}},
    {"shouhu.referral.v1.AID_GROUND_UNPAID_SUPPORT",
     {"赡养费、扶养费、抚育费无法执行", "Support payments cannot be enforced"}},
    {"shouhu.referral.v1.AID_GROUND_MINOR_PSYCHOLOGICAL_TRAUMA",
     {"未成年人心理遭受严重创伤", "Minor with serious psychological trauma"}},
    {"shouhu.referral.v1.AID_GROUND_MINOR_CARER_KILLED",
     {"未成年人抚养人被害", "Minor's carer killed"}},
    {"shouhu.referral.v1.AID_GROUND_OTHER", {"其他", "Other"}},

    // SpecialMinorCategory
    {"shouhu.referral.v1.SPECIAL_MINOR_CATEGORY_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_PUBLIC_ORDER_VIOLATION",
     {"有违反治安管理行为", "Public-order violations"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_PSYCHOLOGICAL_ILLNESS",
     {"严重心理疾病", "Serious psychological illness"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_FAMILY_HARDSHIP", {"家庭困难", "Family hardship"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_DE_FACTO_UNATTENDED",
     {"事实无人抚养", "De facto unattended"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_LEFT_BEHIND", {"留守", "Left behind"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_LIVING_ALONE", {"独居", "Living alone"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_SINGLE_PARENT", {"单亲", "Single parent"}},
    {"shouhu.referral.v1.SPECIAL_MINOR_CHILD_OF_PRISONER", {"服刑人员子女", "Child of a prisoner"}},

    // PersonRole
    {"shouhu.referral.v1.PERSON_ROLE_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.PERSON_ROLE_SUBJECT", {"当事人", "Subject"}},
    {"shouhu.referral.v1.PERSON_ROLE_GUARDIAN", {"监护人", "Guardian"}},
    {"shouhu.referral.v1.PERSON_ROLE_RELATIVE", {"近亲属", "Relative"}},
    {"shouhu.referral.v1.PERSON_ROLE_SUSPECT", {"涉嫌侵害人", "Suspect"}},
    {"shouhu.referral.v1.PERSON_ROLE_OTHER", {"其他", "Other"}},

    // DeclineReason
    {"shouhu.referral.v1.DECLINE_REASON_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.DECLINE_REASON_NOT_IN_JURISDICTION",
     {"不属于本院管辖", "Not in this procuratorate's jurisdiction"}},
    {"shouhu.referral.v1.DECLINE_REASON_NOT_ELIGIBLE", {"不符合条件", "Not eligible"}},
    {"shouhu.referral.v1.DECLINE_REASON_DUPLICATE", {"重复移送", "Duplicate referral"}},
    {"shouhu.referral.v1.DECLINE_REASON_INSUFFICIENT_FACTS",
     {"事实不清且无法补充", "Facts unclear and cannot be supplemented"}},
    {"shouhu.referral.v1.DECLINE_REASON_HANDLED_ELSEWHERE",
     {"已由其他机关处理", "Handled by another authority"}},
    {"shouhu.referral.v1.DECLINE_REASON_OTHER", {"其他", "Other"}},

    // AgencyType
    {"shouhu.referral.v1.AGENCY_TYPE_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.AGENCY_TYPE_EDUCATION", {"教育", "Education"}},
    {"shouhu.referral.v1.AGENCY_TYPE_CIVIL_AFFAIRS", {"民政", "Civil affairs"}},
    {"shouhu.referral.v1.AGENCY_TYPE_HUMAN_RESOURCES", {"人社", "Human resources"}},
    {"shouhu.referral.v1.AGENCY_TYPE_WOMENS_FEDERATION", {"妇联", "Women's federation"}},
    {"shouhu.referral.v1.AGENCY_TYPE_YOUTH_LEAGUE", {"团委", "Youth league"}},
    {"shouhu.referral.v1.AGENCY_TYPE_VETERANS", {"退役军人事务", "Veterans affairs"}},
    {"shouhu.referral.v1.AGENCY_TYPE_MEDICAL_INSURANCE", {"医保", "Medical insurance"}},
    {"shouhu.referral.v1.AGENCY_TYPE_DISABLED_FEDERATION",
     {"残联", "Disabled persons' federation"}},
    {"shouhu.referral.v1.AGENCY_TYPE_POLICE", {"公安", "Police"}},
    {"shouhu.referral.v1.AGENCY_TYPE_COURT", {"法院", "Court"}},
    {"shouhu.referral.v1.AGENCY_TYPE_SCHOOL", {"学校", "School"}},
    {"shouhu.referral.v1.AGENCY_TYPE_HOSPITAL", {"医院", "Hospital"}},
    {"shouhu.referral.v1.AGENCY_TYPE_VILLAGE_COMMITTEE",
     {"村(居)委会", "Village/residents' committee"}},
    {"shouhu.referral.v1.AGENCY_TYPE_CARE_COMMITTEE", {"关工委", "Care committee"}},
    {"shouhu.referral.v1.AGENCY_TYPE_OTHER", {"其他", "Other"}},

    // CaseStatus
    {"shouhu.referral.v1.CASE_STATUS_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.CASE_STATUS_OPEN", {"办理中", "Open"}},
    {"shouhu.referral.v1.CASE_STATUS_TRANSFER_PENDING", {"移交待接收", "Transfer pending"}},
    {"shouhu.referral.v1.CASE_STATUS_CLOSED", {"已结案", "Closed"}},
    {"shouhu.referral.v1.CASE_STATUS_TRANSFERRED", {"已移交", "Transferred"}},

    // CloseReason
    {"shouhu.referral.v1.CLOSE_REASON_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.CLOSE_REASON_RESOLVED", {"救助/保护完成", "Aid or protection completed"}},
    {"shouhu.referral.v1.CLOSE_REASON_NO_ACTION_NEEDED",
     {"经审查无需处理", "No action needed after review"}},
    {"shouhu.referral.v1.CLOSE_REASON_MERGED", {"并案", "Merged"}},
    {"shouhu.referral.v1.CLOSE_REASON_OTHER", {"其他", "Other"}},

    // StatisticsPeriod, StatisticsGrouping (GetReferralStatistics)
    {"shouhu.referral.v1.STATISTICS_PERIOD_UNSPECIFIED", {"未指定", "Unspecified"}},
    {"shouhu.referral.v1.STATISTICS_PERIOD_MONTH", {"月", "Month"}},
    {"shouhu.referral.v1.STATISTICS_PERIOD_QUARTER", {"季度", "Quarter"}},
    {"shouhu.referral.v1.STATISTICS_PERIOD_YEAR", {"年", "Year"}},
    {"shouhu.referral.v1.STATISTICS_GROUPING_UNSPECIFIED", {"按期间", "By period"}},
    {"shouhu.referral.v1.STATISTICS_GROUPING_DEPARTMENT", {"按部门", "By department"}},
    {"shouhu.referral.v1.STATISTICS_GROUPING_CASEWORKER", {"按承办人", "By caseworker"}},
};

const std::map<std::string, Text>& EnumTable() {
  static const auto* table = [] {
    auto* m = new std::map<std::string, Text>();
    for (const EnumEntry& e : kEnumEntries) m->emplace(e.full_name, e.text);
    for (const NamedEnumValue& e : AidEnumNames()) m->emplace(e.full_name, e.text);
    for (const NamedEnumValue& e : GuardianshipEnumNames()) m->emplace(e.full_name, e.text);
    for (const NamedEnumValue& e : VisitEnumNames()) m->emplace(e.full_name, e.text);
    return m;
  }();
  return *table;
}

struct NamedText {
  const char* key;
  Text text;
};

constexpr NamedText kSteps[] = {
    {"submitted", {"登记", "submitted"}},
    {"assigned", {"分派承办人", "assigned"}},
    {"info_requested", {"要求补充材料", "information requested"}},
    {"supplemented", {"补充材料", "supplemented"}},
    {"accepted", {"受理", "accepted"}},
    {"declined", {"不予受理", "declined"}},
    {"withdrawn", {"撤回", "withdrawn"}},
};

constexpr NamedText kDuplicateStates[] = {
    {"pending", msg::kDupPending},
    {"confirmed", msg::kDupConfirmed},
    {"rejected", msg::kDupRejected},
};

constexpr NamedText kPersonFieldNames[] = {
    {"name", msg::kName},          {"sex", msg::kSex},         {"birth_date", msg::kBirthDate},
    {"phone", msg::kPhone},        {"address", msg::kAddress}, {"ethnicity", msg::kEthnicity},
    {"id_number", msg::kIdNumber},
};

template <size_t N>
std::string LookUp(const NamedText (&table)[N], absl::string_view key, Lang lang) {
  for (const NamedText& entry : table) {
    if (key == entry.key) return entry.text(lang);
  }
  return std::string(key);
}

}  // namespace

std::optional<Text> EnumText(const google::protobuf::EnumValueDescriptor* value) {
  if (value == nullptr) return std::nullopt;
  const auto& table = EnumTable();
  auto it = table.find(value->full_name());
  if (it == table.end()) return std::nullopt;
  return it->second;
}

std::string EnumName(const google::protobuf::EnumDescriptor* type, int number, Lang lang) {
  const google::protobuf::EnumValueDescriptor* value =
      type == nullptr ? nullptr : type->FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  std::optional<Text> text = EnumText(value);
  if (!text.has_value()) return value->name();
  return text->operator()(lang);
}

std::string StepName(absl::string_view step, Lang lang) { return LookUp(kSteps, step, lang); }

std::string PersonFieldName(absl::string_view field, Lang lang) {
  return LookUp(kPersonFieldNames, field, lang);
}

std::string DuplicateStateName(absl::string_view state, Lang lang) {
  return LookUp(kDuplicateStates, state, lang);
}

const char* StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

Text StatusCodeExplanation(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return {"成功", "OK"};
    case grpc::StatusCode::CANCELLED:
      return {"操作已取消", "The call was cancelled"};
    case grpc::StatusCode::UNKNOWN:
      return {"未知错误", "Unknown error"};
    case grpc::StatusCode::INVALID_ARGUMENT:
      return {"输入有误", "Invalid input"};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {"请求超时，请稍后重试", "The request timed out; try again later"};
    case grpc::StatusCode::NOT_FOUND:
      return {"记录不存在或已删除", "No such record"};
    case grpc::StatusCode::ALREADY_EXISTS:
      return {"记录已存在", "The record already exists"};
    case grpc::StatusCode::PERMISSION_DENIED:
      return {"无权访问该记录", "You may not access this record"};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return {"请求过多或超出限额，请稍后重试", "Too many requests or over quota; try later"};
    case grpc::StatusCode::FAILED_PRECONDITION:
      return {"当前状态不允许此操作", "Not allowed in the record's current state"};
    case grpc::StatusCode::ABORTED:
      return {"记录已被他人修改，请刷新后重试",
              "Someone else changed the record; reload it and try again"};
    case grpc::StatusCode::OUT_OF_RANGE:
      return {"超出允许范围", "Out of range"};
    case grpc::StatusCode::UNIMPLEMENTED:
      return {"服务器不支持此操作", "The server does not support this operation"};
    case grpc::StatusCode::INTERNAL:
      return {"服务器内部错误", "Internal server error"};
    case grpc::StatusCode::UNAVAILABLE:
      return {"服务不可用，请检查地址和网络后重试",
              "The service is unavailable; check the address and network"};
    case grpc::StatusCode::DATA_LOSS:
      return {"数据丢失或损坏", "Data lost or corrupted"};
    case grpc::StatusCode::UNAUTHENTICATED:
      return {"身份验证失败，请检查证书或令牌",
              "Authentication failed; check certificate or token"};
    default:
      return {"未知错误", "Unknown error"};
  }
}

}  // namespace shouhu::cli
