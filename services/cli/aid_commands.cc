// The table of `shouhu aid` commands: names, groups, help texts (zh/en), arguments and
// options. One command per RPC of the aid API.
#include <vector>

#include "cli/aid_args.h"

namespace shouhu::cli {
namespace {

constexpr Text kGroupApplications{"司法救助：申请", "Judicial aid: applications"};
constexpr Text kGroupApproval{"司法救助：审批", "Judicial aid: approval"};

#define PAGING "page_size", "page_token", "all"
#define AMOUNT_INPUTS "months", "minor_costs", "ceiling", "justification"
#define APPROVAL_OPTIONS                                                                          \
  "agree", "return", "opinion", "document", "decided_on", "body", AMOUNT_INPUTS, "amount_reason", \
      "version"

}  // namespace

const std::vector<CommandSpec>& AidCommands() {
  static const auto* specs = new std::vector<CommandSpec>{
      {kGroupApplications,
       "aid register",
       {"<案件编号> <文件.json> [--channel=ex-officio]",
        "CASE_ID FILE.json [--channel=ex-officio]"},
       {"受理救助申请（承办人）。文件为 RegisterApplicationRequest 的 JSON（applicant、details）",
        "Register an aid application (caseworker). FILE is a RegisterApplicationRequest in JSON"},
       2,
       2,
       {"channel"},
       true},
      {kGroupApplications,
       "aid list",
       {"[--case=案件编号] [--status=状态] [--channel=方式] [--assigned_to=承办人] [--overdue] "
        "[--case_closed] [--all]",
        "[--case=ID] [--status=S] [--channel=C] [--assigned_to=U] [--overdue] [--case_closed] "
        "[--all]"},
       {"列出救助申请（新的在前）；--overdue 只列决定或补办手续超期的；--case_closed 只列"
        "案件已结案但救助金尚未发放完毕的",
        "List aid applications, newest first; --overdue: decision or paperwork overdue; "
        "--case_closed: decided, still owed money, case closed"},
       0,
       0,
       {"case", "status", "channel", "assigned_to", "overdue", "case_closed", PAGING},
       false},
      {kGroupApplications,
       "aid show",
       {"<申请编号> [--unmask --purpose=用途]", "APPLICATION_ID [--unmask --purpose=TEXT]"},
       {"查看救助申请：案卡（脱敏；--unmask 显示明文，须说明用途，记入审计）、条件审查、金额计算、"
        "审批流程、期限",
        "Show an application: case card (masked; --unmask: in clear, audited, needs a purpose), "
        "eligibility, amount, approval chain, deadlines"},
       1,
       1,
       {"unmask", "purpose"},
       false},
      {kGroupApplications,
       "aid update",
       {"<申请编号> <文件.json> [--version=N]", "APPLICATION_ID FILE.json [--version=N]"},
       {"修改救助案卡（受理审查中）。文件为 ApplicationDetails 的 JSON，整体替换",
        "Edit the case card (under review). FILE is ApplicationDetails in JSON; replaces it"},
       2,
       2,
       {"version"},
       true},
      {kGroupApplications,
       "aid compute",
       {"<申请编号> --months=N [--minor_costs=元] [--ceiling=元] [--justification=理由]",
        "APPLICATION_ID --months=N [--minor_costs=YUAN] [--ceiling=YUAN] [--justification=TEXT]"},
       {"试算救助金额（按上一年度职工月平均工资，不保存）",
        "Preview the amount from the wage table (writes nothing)"},
       1,
       1,
       {AMOUNT_INPUTS},
       false},
      {kGroupApplications,
       "aid eligibility",
       {"<申请编号>", "APPLICATION_ID"},
       {"按现行规则审查救助条件，逐条显示符合与否及理由（不保存）",
        "Check every eligibility rule with its reason (writes nothing)"},
       1,
       1,
       {},
       false},
      {kGroupApplications,
       "aid withdraw",
       {"<申请编号> [--reason=原因] [--version=N]", "APPLICATION_ID [--reason=TEXT] [--version=N]"},
       {"记录申请人撤回申请（决定前）", "Record the applicant's withdrawal (before a decision)"},
       1,
       1,
       {"reason", "version"},
       true},
      {kGroupApplications,
       "aid request-materials",
       {"<申请编号> --materials=材料,... [--note=说明] [--version=N]",
        "APPLICATION_ID --materials=KIND,... [--note=TEXT] [--version=N]"},
       {"通知补充材料（暂停决定期限）。材料如 IDENTITY、MEDICAL_BILLS、HARDSHIP_PROOF",
        "Ask for materials (pauses the clock). KIND e.g. IDENTITY, MEDICAL_BILLS, HARDSHIP_PROOF"},
       1,
       1,
       {"materials", "note", "version"},
       true},
      {kGroupApplications,
       "aid materials-received",
       {"<申请编号> --materials=材料,... [--on=YYYY-MM-DD] [--version=N]",
        "APPLICATION_ID --materials=KIND,... [--on=YYYY-MM-DD] [--version=N]"},
       {"材料已收到（决定期限恢复计算）", "The materials arrived (the clock resumes)"},
       1,
       1,
       {"materials", "on", "version"},
       true},
      {kGroupApplications,
       "aid notice",
       {"<案件编号> <人员编号> --method=方式 [--on=YYYY-MM-DD]",
        "CASE_ID PERSON_ID --method=M [--on=YYYY-MM-DD]"},
       {"记录告知救助权利。方式：IN_PERSON、PHONE、LETTER、SMS",
        "Record that a person was told they may apply. M: IN_PERSON, PHONE, LETTER, SMS"},
       2,
       2,
       {"method", "on"},
       true},
      {kGroupApplications,
       "aid notices",
       {"<案件编号> [--all]", "CASE_ID [--all]"},
       {"列出案件的告知救助权利记录（新的在前）",
        "List the rights notices of a case, newest first"},
       1,
       1,
       {PAGING},
       false},
      {kGroupApplications,
       "aid prior-aid",
       {"<人员编号> <原案案号> --organ=机关 --organ_name=名称 --on=YYYY-MM-DD --amount=元 "
        "[--note=]",
        "PERSON_ID CASE_NUMBER --organ=O --organ_name=NAME --on=YYYY-MM-DD --amount=YUAN "
        "[--note=]"},
       {"记录当事人就同一原案已获的救助（COURT、POLICE、PROCURATORATE、OTHER）",
        "Record aid already received for the original case (COURT, POLICE, PROCURATORATE, OTHER)"},
       2,
       2,
       {"organ", "organ_name", "on", "amount", "note"},
       true},
      {kGroupApproval,
       "aid propose",
       {"<申请编号> (--grant --months=N [--minor_costs=元] [--ceiling=元] [--justification=] | "
        "--refuse --exclusion=情形,...) --opinion=意见 [--version=N]",
        "APPLICATION_ID (--grant --months=N [--minor_costs=YUAN] [--ceiling=YUAN] "
        "[--justification=] | --refuse --exclusion=R,...) --opinion=TEXT [--version=N]"},
       {"承办人提出予以救助（附金额）或不予救助（附情形）的意见，报部门负责人审核",
        "Propose a grant (with the amount) or a refusal (with exclusions) to the department head"},
       1,
       1,
       {"grant", "refuse", AMOUNT_INPUTS, "exclusion", "opinion", "version"},
       true},
      {kGroupApproval,
       "aid review",
       {"<申请编号> --agree|--return [--opinion=意见] [--months=N ... --amount_reason=理由] "
        "[--version=N]",
        "APPLICATION_ID --agree|--return [--opinion=TEXT] [--months=N ... --amount_reason=TEXT] "
        "[--version=N]"},
       {"部门负责人审核：同意或退回（退回须附意见；改变金额须附理由）",
        "Department head: agree or return (return needs an opinion; a new amount a reason)"},
       1,
       1,
       {APPROVAL_OPTIONS},
       true},
      {kGroupApproval,
       "aid decide",
       {"<申请编号> --agree|--return [--opinion=] [--document=决定书文号] [金额选项] [--version=N]",
        "APPLICATION_ID --agree|--return [--opinion=] [--document=REF] [amount] [--version=N]"},
       {"检察长决定（或按金额转检察长办公会、上级院）",
        "Chief's decision (or on to the committee or the higher level by amount)"},
       1,
       1,
       {APPROVAL_OPTIONS},
       true},
      {kGroupApproval,
       "aid committee",
       {"<申请编号> --agree|--return --document=纪要号 --decided_on=YYYY-MM-DD [--body=] "
        "[--opinion=]",
        "APPLICATION_ID --agree|--return --document=MINUTES --decided_on=YYYY-MM-DD [--body=] "
        "[--opinion=]"},
       {"记录检察长办公会/党组会研究意见", "Record the committee resolution"},
       1,
       1,
       {APPROVAL_OPTIONS},
       true},
      {kGroupApproval,
       "aid higher-approval",
       {"<申请编号> --agree|--return --body=上级院 --document=批复文号 --decided_on=YYYY-MM-DD",
        "APPLICATION_ID --agree|--return --body=NAME --document=REPLY --decided_on=YYYY-MM-DD"},
       {"记录上级院对超限额救助的批复", "Record the higher level's reply on an over-cap grant"},
       1,
       1,
       {APPROVAL_OPTIONS},
       true},
      {kGroupApproval,
       "aid emergency",
       {"<申请编号> --amount=元 --reason=理由 [--version=N]",
        "APPLICATION_ID --amount=YUAN --reason=TEXT [--version=N]"},
       {"批准先行救助（检察长/分管副检察长），随后补办手续",
        "Approve emergency advance aid (chief); paperwork follows"},
       1,
       1,
       {"amount", "reason", "version"},
       true},
      {kGroupApproval,
       "aid paperwork-done",
       {"<申请编号> [--version=N]", "APPLICATION_ID [--version=N]"},
       {"先行救助手续已补办", "The emergency advance's paperwork is complete"},
       1,
       1,
       {"version"},
       true},
      {kGroupApproval,
       "aid revoke",
       {"<申请编号> --reason=理由 [--version=N]", "APPLICATION_ID --reason=TEXT [--version=N]"},
       {"撤销救助决定（检察长；骗取或错误）", "Revoke an approval (chief; fraud or error)"},
       1,
       1,
       {"reason", "version"},
       true},
      {kGroupApproval,
       "aid close-unpaid",
       {"<申请编号> --reason=理由 [--version=N]", "APPLICATION_ID --reason=TEXT [--version=N]"},
       {"决定后未发放结案（申请人死亡、放弃等）",
        "Close an approved application that will not be paid"},
       1,
       1,
       {"reason", "version"},
       true},
  };
  static const auto* all = [] {
    auto* out = new std::vector<CommandSpec>(*specs);
    out->insert(out->end(), AidPaymentCommands().begin(), AidPaymentCommands().end());
    return out;
  }();
  return *all;
}

#undef PAGING
#undef AMOUNT_INPUTS
#undef APPROVAL_OPTIONS

}  // namespace shouhu::cli
