// The `shouhu oversight` commands of the case-quality review (案件质量评查): one flow per
// RPC of QualityReviewService. Part of the oversight commands (oversight_cli.h).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/format.h"
#include "cli/oversight_cli.h"
#include "cli/runner_impl.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

namespace shouhu::cli {
namespace {

namespace ov1 = ::shouhu::oversight::v1;
using ReviewStub = ov1::QualityReviewService::StubInterface;

constexpr Text kGroupReview{"案件质量评查", "Case-quality review"};
constexpr Text kBadShow{"--show 应为 act、appealed 或 all：$0",
                        "--show must be act, appealed or all: $0"};
constexpr Text kBadDay{"--$0 应为 YYYY-MM-DD：$1", "--$0 must be YYYY-MM-DD: $1"};
constexpr Text kBadReviewBy{"--by 应为 department、caseworker 或 rule：$0",
                            "--by must be department, caseworker or rule: $0"};
constexpr Text kGrantOrReject{"请给出 --grant 或 --reject 之一", "give one of --grant or --reject"};
constexpr Text kNeedText{"请给出 --$0", "--$0 is required"};
constexpr Text kNoFindings{"（没有评查问题）", "(no findings)"};
constexpr Text kNoSuchFinding{"没有这条评查问题：$0", "no such finding: $0"};

#define PAGING "page_size", "page_token", "all"

std::optional<ov1::FindingFilter> ShowOf(const std::string& text) {
  if (text.empty() || text == "act") return ov1::FILTER_TO_ACT;
  if (text == "appealed") return ov1::FILTER_APPEALED;
  if (text == "all") return ov1::FILTER_ALL;
  return std::nullopt;
}

std::optional<ov1::ReviewGrouping> ByOf(const std::string& text) {
  if (text.empty() || text == "department") return ov1::REVIEW_BY_DEPARTMENT;
  if (text == "caseworker") return ov1::REVIEW_BY_CASEWORKER;
  if (text == "rule") return ov1::REVIEW_BY_RULE;
  return std::nullopt;
}

std::string Language(Lang lang) { return lang == Lang::kEn ? "en" : "zh"; }

const char* StateName(ov1::FindingState s, bool rejected, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (s) {
    case ov1::FINDING_OPEN:
      return rejected ? (en ? "open (appeal rejected)" : "待整改（复议未通过）")
                      : (en ? "open" : "待整改");
    case ov1::FINDING_FIXED:
      return en ? "fixed" : "已整改";
    case ov1::FINDING_APPEALED:
      return en ? "appealed" : "复议中";
    case ov1::FINDING_WAIVED:
      return en ? "waived" : "复议通过";
    default:
      return "?";
  }
}

std::string RenderFinding(const ov1::Finding& f, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out = absl::StrCat(
      f.finding_id(), "  ", PadRight(StateName(f.state(), f.appeal_rejected(), lang), 16),
      f.severity() == ov1::SEVERITY_MAJOR ? (en ? "major  " : "重要  ")
                                          : (en ? "minor  " : "一般  "),
      f.rule_id(), "  ", f.rule_title(), "\n    ", en ? "record " : "记录 ", f.record_kind(), " ",
      f.record_id(), "  ", en ? "field " : "字段 ", f.field(), "  ", en ? "case " : "案件 ",
      f.case_id(), "  v", f.version(), "\n");
  if (!f.appeal_reason().empty()) {
    absl::StrAppend(&out, "    ", en ? "appeal: " : "复议理由：", f.appeal_reason(), "\n");
  }
  if (!f.decision_note().empty()) {
    absl::StrAppend(&out, "    ", en ? "decision: " : "复议意见：", f.decision_note(), " (",
                    f.decided_by(), ")\n");
  }
  return out;
}

std::string RenderFindings(const ov1::ListFindingsResponse& r, Lang lang) {
  if (r.findings().empty()) return absl::StrCat(kNoFindings(lang), "\n");
  std::string out;
  for (const ov1::Finding& f : r.findings()) out += RenderFinding(f, lang);
  return out;
}

std::string RenderReview(const ov1::CaseReview& r, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out = absl::StrCat(
      en ? "Case-quality review of " : "案件质量评查 ", r.case_id(), "  ",
      r.state() == ov1::REVIEW_DONE ? (en ? "reviewed" : "已评查") : (en ? "pending" : "待评查"),
      "\n", en ? "caseworker " : "承办人 ", r.caseworker().empty() ? "-" : r.caseworker(), "  ",
      en ? "department " : "部门 ", r.department().empty() ? "-" : r.department(), "  ",
      en ? "rule set v" : "规则版本 v", r.rule_set_version(), "  ", en ? "runs " : "评查次数 ",
      r.runs(), "\n");
  if (r.has_reviewed_at()) {
    absl::StrAppend(&out, en ? "last run " : "最近评查 ", FormatTimestamp(r.reviewed_at()), "\n");
  }
  if (!r.missing_sources().empty()) {
    absl::StrAppend(&out, en ? "waiting for: " : "等待以下服务的数据：",
                    absl::StrJoin(r.missing_sources(), ", "), "\n");
  }
  out += "\n";
  if (r.findings().empty()) return absl::StrCat(out, kNoFindings(lang), "\n");
  for (const ov1::Finding& f : r.findings()) out += RenderFinding(f, lang);
  return out;
}

std::string SummaryCount(const ov1::ReviewSummaryRow& row, int64_t v) {
  return row.suppressed() ? "-" : absl::StrCat(v);
}

std::string RenderSummary(const ov1::ReviewSummary& s, Lang lang) {
  const bool en = lang == Lang::kEn;
  const char* key = s.grouping() == ov1::REVIEW_BY_CASEWORKER ? (en ? "caseworker" : "承办人")
                    : s.grouping() == ov1::REVIEW_BY_RULE     ? (en ? "rule" : "规则")
                                                              : (en ? "department" : "部门");
  std::string out = absl::StrCat(
      en ? "Case-quality review summary " : "案件质量评查汇总 ", s.procuratorate_code(), "\n",
      PadRight(key, 24), PadRight(en ? "reviewed" : "评查案件", 10),
      PadRight(en ? "w/ findings" : "有问题案件", 12), PadRight(en ? "findings" : "问题", 9),
      PadRight(en ? "open" : "待整改", 9), PadRight(en ? "fixed" : "已整改", 9),
      en ? "waived" : "复议通过", "\n");
  auto line = [&](const ov1::ReviewSummaryRow& row, const std::string& k) {
    absl::StrAppend(
        &out, PadRight(k, 24), PadRight(SummaryCount(row, row.cases_reviewed()), 10),
        PadRight(SummaryCount(row, row.cases_with_findings()), 12),
        PadRight(SummaryCount(row, row.findings()), 9), PadRight(SummaryCount(row, row.open()), 9),
        PadRight(SummaryCount(row, row.fixed()), 9), SummaryCount(row, row.waived()), "\n");
  };
  bool suppressed = s.total().suppressed();
  for (const ov1::ReviewSummaryRow& row : s.rows()) {
    suppressed = suppressed || row.suppressed();
    std::string k = row.key().empty() ? (en ? "(none)" : "（未填）") : row.key();
    if (!row.label().empty()) absl::StrAppend(&k, " ", row.label());
    line(row, k);
  }
  line(s.total(), en ? "total" : "合计");
  if (suppressed)
    absl::StrAppend(&out, en ? "(-: small counts withheld)\n" : "（-：小数值不予显示）\n");
  return out;
}

std::string SummaryCsv(const ov1::ReviewSummary& s) {
  std::string out =
      "key,label,cases_reviewed,cases_with_findings,findings,open,fixed,waived,suppressed\n";
  auto field = [](const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
      if (c == '"') q += '"';
      q += c;
    }
    return q + "\"";
  };
  auto line = [&](const ov1::ReviewSummaryRow& row) {
    absl::StrAppend(&out, field(row.key()), ",", field(row.label()), ",",
                    SummaryCount(row, row.cases_reviewed()), ",",
                    SummaryCount(row, row.cases_with_findings()), ",",
                    SummaryCount(row, row.findings()), ",", SummaryCount(row, row.open()), ",",
                    SummaryCount(row, row.fixed()), ",", SummaryCount(row, row.waived()), ",",
                    row.suppressed() ? "true" : "false", "\n");
  };
  for (const ov1::ReviewSummaryRow& row : s.rows()) line(row);
  line(s.total());
  return out;
}

std::string RenderRuleSet(const ov1::RuleSet& s, Lang lang) {
  const bool en = lang == Lang::kEn;
  const char* state = s.state() == ov1::RULE_SET_ACTIVE  ? (en ? "active" : "生效中")
                      : s.state() == ov1::RULE_SET_DRAFT ? (en ? "draft" : "草稿")
                                                         : (en ? "retired" : "已停用");
  std::string out = absl::StrCat(en ? "Rule set v" : "规则集 v", s.version(), "  ", state, "  ",
                                 s.rules_size(), en ? " rules" : " 条规则", "  ", s.note(), "\n");
  for (const ov1::Rule& r : s.rules()) {
    absl::StrAppend(&out, "  ", PadRight(r.rule_id(), 24),
                    r.severity() == ov1::SEVERITY_MAJOR ? (en ? "major  " : "重要  ")
                                                        : (en ? "minor  " : "一般  "),
                    en ? r.title_en() : r.title_zh(), "\n");
  }
  return out;
}

std::string RenderTrial(const ov1::TryRuleSetResponse& t, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out = absl::StrCat(
      en ? "Rule set v" : "规则集 v", t.tried_version(), en ? " against active v" : " 对比生效的 v",
      t.active_version(), "  ", en ? "cases " : "案件 ", t.cases(), "  ", en ? "added " : "新增 ",
      t.added(), "  ", en ? "removed " : "减少 ", t.removed(), "\n");
  for (const ov1::RuleCount& c : t.rules()) {
    if (c.active_findings() == c.tried_findings()) continue;
    absl::StrAppend(&out, "  ", PadRight(c.rule_id(), 24), c.active_findings(), " → ",
                    c.tried_findings(), "\n");
  }
  for (const ov1::FindingChange& c : t.changes()) {
    absl::StrAppend(&out, c.added() ? "  + " : "  - ", c.case_id(), "  ", c.rule_id(), "  ",
                    c.record_kind(), " ", c.record_id(), "  ", c.field(), "\n");
  }
  if (t.truncated()) absl::StrAppend(&out, en ? "  (more not shown)\n" : "  （未全部列出）\n");
  return out;
}

}  // namespace

const std::vector<CommandSpec>& ReviewCommands() {
  static const auto* specs = new std::vector<CommandSpec>{
      {kGroupReview,
       "oversight review",
       {"<案件编号> [--rerun]", "CASE_ID [--rerun]"},
       {"案件的质量评查结果；--rerun 整改后重新评查",
        "A case's quality review; --rerun after a fix"},
       1,
       1,
       {"rerun"},
       false},
      {kGroupReview,
       "oversight findings",
       {"[--show=act|appealed|all] [--page_size=N] [--all]",
        "[--show=act|appealed|all] [--page_size=N] [--all]"},
       {"本人的评查问题（默认：待整改和复议中）",
        "My review findings (default: open and appealed)"},
       0,
       0,
       {"show", PAGING},
       false},
      {kGroupReview,
       "oversight department-findings",
       {"[--department=部门] [--show=...] [--page_size=N] [--all]",
        "[--department=D] [--show=...] [--page_size=N] [--all]"},
       {"部门的评查问题（部门负责人：本部门；检察长：任一部门或全院）",
        "A department's findings (head: own department; chief: any, or all)"},
       0,
       0,
       {"department", "show", PAGING},
       false},
      {kGroupReview,
       "oversight appeal",
       {"<问题编号> --reason=理由 [--version=N]", "FINDING_ID --reason=TEXT [--version=N]"},
       {"对评查问题申请复议", "Appeal a finding (ask for reconsideration)"},
       1,
       1,
       {"reason", "version"},
       true},
      {kGroupReview,
       "oversight decide",
       {"<问题编号> --grant|--reject --note=意见 [--version=N]",
        "FINDING_ID --grant|--reject --note=TEXT [--version=N]"},
       {"部门负责人决定复议：--grant 通过（不计入）或 --reject 驳回",
        "A department head decides an appeal: --grant (waived) or --reject"},
       1,
       1,
       {"grant", "reject", "note", "version"},
       true},
      {kGroupReview,
       "oversight review-summary",
       {"--from=YYYY-MM-DD --to=YYYY-MM-DD [--by=department|caseworker|rule] [--csv]",
        "--from=YYYY-MM-DD --to=YYYY-MM-DD [--by=department|caseworker|rule] [--csv]"},
       {"按结案日期汇总评查结果；--csv 输出 CSV",
        "Review results of the cases closed in a period; --csv"},
       0,
       0,
       {"from", "to", "by", "csv"},
       false},
      {kGroupReview,
       "oversight rules",
       {"[--version=N] [--list]", "[--version=N] [--list]"},
       {"评查规则集（默认：生效版本）；--list 列出各版本",
        "A review rule set (default: the active one); --list lists the versions"},
       0,
       0,
       {"version", "list"},
       false},
      {kGroupReview,
       "oversight rules-create",
       {"--file=规则.json --note=说明", "--file=RULES.json --note=TEXT"},
       {"新建规则集草稿（JSON：{\"rules\": [...]}，见 docs/oversight.md）",
        "Create a draft rule set (JSON {\"rules\": [...]}, see docs/oversight.md)"},
       0,
       0,
       {"file", "note"},
       true},
      {kGroupReview,
       "oversight rules-try",
       {"--version=N --from=YYYY-MM-DD --to=YYYY-MM-DD",
        "--version=N --from=YYYY-MM-DD --to=YYYY-MM-DD"},
       {"用已结案件试运行规则集，列出与生效版本的差异（不写入）",
        "Try a rule set on past closed cases: what it changes (nothing written)"},
       0,
       0,
       {"version", "from", "to"},
       false},
      {kGroupReview,
       "oversight rules-activate",
       {"--version=N", "--version=N"},
       {"启用规则集版本", "Switch a rule set version on"},
       0,
       0,
       {"version"},
       true},
  };
  return *specs;
}

std::string ValidateReviewInvocation(const Invocation& inv, Lang lang) {
  const std::string name = inv.spec->name;
  if (inv.Has("show") && !ShowOf(inv.Get("show")).has_value()) {
    return absl::Substitute(kBadShow(lang), inv.Get("show"));
  }
  const bool period = name == "oversight review-summary" || name == "oversight rules-try";
  if (period) {
    for (const char* opt : {"from", "to"}) {
      if (!ParseDateArg(inv.Get(opt)).has_value()) {
        return absl::Substitute(kBadDay(lang), opt, inv.Get(opt));
      }
    }
  }
  if (name == "oversight review-summary" && !ByOf(inv.Get("by")).has_value()) {
    return absl::Substitute(kBadReviewBy(lang), inv.Get("by"));
  }
  if (name == "oversight appeal" && inv.Get("reason").empty()) {
    return absl::Substitute(kNeedText(lang), "reason");
  }
  if (name == "oversight decide") {
    if (inv.Flag("grant") == inv.Flag("reject")) return kGrantOrReject(lang);
    if (inv.Get("note").empty()) return absl::Substitute(kNeedText(lang), "note");
  }
  if (name == "oversight rules-create") {
    if (inv.Get("file").empty()) return absl::Substitute(kNeedText(lang), "file");
    if (inv.Get("note").empty()) return absl::Substitute(kNeedText(lang), "note");
  }
  if ((name == "oversight rules-try" || name == "oversight rules-activate") &&
      inv.Int("version", 0) <= 0) {
    return absl::Substitute(kNeedText(lang), "version=N");
  }
  return "";
}

int OversightRunner::Review() {
  const std::string case_id = inv_.args[0];
  ov1::CaseReview out;
  if (inv_.Flag("rerun")) {
    ov1::RerunReviewRequest req;
    req.set_request_id(r_.request_id_);
    req.set_case_id(case_id);
    req.set_language(Language(lang_));
    if (!r_.Call(r_.stubs_.review, &ReviewStub::RerunReview, req, &out, true)) {
      return kExitRpcError;
    }
  } else {
    ov1::GetCaseReviewRequest req;
    req.set_case_id(case_id);
    req.set_language(Language(lang_));
    if (!r_.Call(r_.stubs_.review, &ReviewStub::GetCaseReview, req, &out, false)) {
      return kExitRpcError;
    }
  }
  return r_.Emit(out, [&] { return RenderReview(out, lang_); });
}

int OversightRunner::Findings(bool department) {
  ov1::ListFindingsResponse out;
  const ov1::FindingFilter filter = *ShowOf(inv_.Get("show"));
  if (department) {
    ov1::ListDepartmentFindingsRequest req;
    req.set_department(inv_.Get("department"));
    req.set_filter(filter);
    req.set_language(Language(lang_));
    if (!r_.Page(r_.stubs_.review, &ReviewStub::ListDepartmentFindings, req, &out)) {
      return kExitRpcError;
    }
  } else {
    ov1::ListMyFindingsRequest req;
    req.set_filter(filter);
    req.set_language(Language(lang_));
    if (!r_.Page(r_.stubs_.review, &ReviewStub::ListMyFindings, req, &out)) return kExitRpcError;
  }
  return r_.Emit(out, [&] { return RenderFindings(out, lang_); });
}

// The finding's version: --version, or read from my findings (appeal) or the department's
// appealed findings (decide).
std::optional<int64_t> OversightRunner::FindingVersion(const std::string& id, bool department) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  ov1::ListFindingsResponse all;
  bool ok = false;
  if (department) {
    ov1::ListDepartmentFindingsRequest req;
    req.set_filter(ov1::FILTER_APPEALED);
    req.set_page_size(200);
    ok = r_.Call(r_.stubs_.review, &ReviewStub::ListDepartmentFindings, req, &all, false);
  } else {
    ov1::ListMyFindingsRequest req;
    req.set_filter(ov1::FILTER_TO_ACT);
    req.set_page_size(200);
    ok = r_.Call(r_.stubs_.review, &ReviewStub::ListMyFindings, req, &all, false);
  }
  if (!ok) return std::nullopt;
  for (const ov1::Finding& f : all.findings()) {
    if (f.finding_id() == id) return f.version();
  }
  r_.err_ << msg::kError(lang_) << (lang_ == Lang::kEn ? ": " : "：")
          << absl::Substitute(kNoSuchFinding(lang_), id) << "\n";
  return std::nullopt;
}

int OversightRunner::Appeal() {
  const std::string id = inv_.args[0];
  std::optional<int64_t> version = FindingVersion(id, false);
  if (!version.has_value()) return kExitRpcError;
  ov1::AppealFindingRequest req;
  req.set_request_id(r_.request_id_);
  req.set_finding_id(id);
  req.set_version(*version);
  req.set_reason(inv_.Get("reason"));
  ov1::Finding f;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::AppealFinding, req, &f, true)) return kExitRpcError;
  return r_.Emit(f, [&] { return RenderFinding(f, lang_); });
}

int OversightRunner::Decide() {
  const std::string id = inv_.args[0];
  std::optional<int64_t> version = FindingVersion(id, true);
  if (!version.has_value()) return kExitRpcError;
  ov1::DecideAppealRequest req;
  req.set_request_id(r_.request_id_);
  req.set_finding_id(id);
  req.set_version(*version);
  req.set_grant(inv_.Flag("grant"));
  req.set_note(inv_.Get("note"));
  ov1::Finding f;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::DecideAppeal, req, &f, true)) return kExitRpcError;
  return r_.Emit(f, [&] { return RenderFinding(f, lang_); });
}

int OversightRunner::ReviewSummary() {
  ov1::GetReviewSummaryRequest req;
  *req.mutable_closed_from() = *ParseDateArg(inv_.Get("from"));
  *req.mutable_closed_to() = *ParseDateArg(inv_.Get("to"));
  req.set_grouping(*ByOf(inv_.Get("by")));
  req.set_language(Language(lang_));
  ov1::ReviewSummary s;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::GetReviewSummary, req, &s, false)) {
    return kExitRpcError;
  }
  if (inv_.Flag("csv") && !inv_.global.json) {
    r_.out_ << SummaryCsv(s);
    return kExitOk;
  }
  return r_.Emit(s, [&] { return RenderSummary(s, lang_); });
}

int OversightRunner::Rules() {
  if (inv_.Flag("list")) {
    ov1::ListRuleSetsResponse out;
    if (!r_.Call(r_.stubs_.review, &ReviewStub::ListRuleSets, ov1::ListRuleSetsRequest(), &out,
                 false)) {
      return kExitRpcError;
    }
    return r_.Emit(out, [&] {
      std::string text;
      for (const ov1::RuleSet& s : out.rule_sets()) {
        ov1::RuleSet head = s;
        head.clear_rules();
        text += RenderRuleSet(head, lang_);
      }
      return text;
    });
  }
  ov1::GetRuleSetRequest req;
  req.set_version(static_cast<int32_t>(inv_.Int("version", 0)));
  ov1::RuleSet s;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::GetRuleSet, req, &s, false)) return kExitRpcError;
  return r_.Emit(s, [&] { return RenderRuleSet(s, lang_); });
}

int OversightRunner::RulesCreate() {
  ov1::CreateRuleSetRequest req;
  if (!r_.ReadJson(inv_.Get("file"), &req)) return kExitUsage;
  req.set_request_id(r_.request_id_);
  req.set_note(inv_.Get("note"));
  ov1::RuleSet s;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::CreateRuleSet, req, &s, true)) {
    return kExitRpcError;
  }
  return r_.Emit(s, [&] { return RenderRuleSet(s, lang_); });
}

int OversightRunner::RulesTry() {
  ov1::TryRuleSetRequest req;
  req.set_version(static_cast<int32_t>(inv_.Int("version", 0)));
  *req.mutable_closed_from() = *ParseDateArg(inv_.Get("from"));
  *req.mutable_closed_to() = *ParseDateArg(inv_.Get("to"));
  ov1::TryRuleSetResponse t;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::TryRuleSet, req, &t, false)) return kExitRpcError;
  return r_.Emit(t, [&] { return RenderTrial(t, lang_); });
}

int OversightRunner::RulesActivate() {
  ov1::RuleSet active;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::GetRuleSet, ov1::GetRuleSetRequest(), &active,
               false)) {
    return kExitRpcError;
  }
  ov1::ActivateRuleSetRequest req;
  req.set_request_id(r_.request_id_);
  req.set_version(static_cast<int32_t>(inv_.Int("version", 0)));
  req.set_expected_active_version(active.version());
  ov1::RuleSet s;
  if (!r_.Call(r_.stubs_.review, &ReviewStub::ActivateRuleSet, req, &s, true)) {
    return kExitRpcError;
  }
  return r_.Emit(s, [&] { return RenderRuleSet(s, lang_); });
}

}  // namespace shouhu::cli
