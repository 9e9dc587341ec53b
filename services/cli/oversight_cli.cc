// The `shouhu oversight` commands: one flow per RPC of DeadlineWatchService.
#include "cli/oversight_cli.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/format.h"
#include "cli/runner_impl.h"
#include "shouhu/oversight/v1/oversight.grpc.pb.h"

namespace shouhu::cli {
namespace {

namespace ov1 = ::shouhu::oversight::v1;
using WatchStub = ov1::DeadlineWatchService::StubInterface;

constexpr Text kGroupOversight{"流程监控", "Process monitoring"};
constexpr Text kUnknownOversightCommand{"未知的 oversight 子命令：$0（运行 shouhu oversight 查看）",
                                        "unknown oversight command: $0 (see shouhu oversight)"};
constexpr Text kBadFilter{"--filter 应为 open、due、overdue 或 ended：$0",
                          "--filter must be open, due, overdue or ended: $0"};
constexpr Text kBadMonth{"--month 应为 YYYY-MM：$0", "--month must be YYYY-MM: $0"};
constexpr Text kBadBy{"--by 应为 department 或 caseworker：$0",
                      "--by must be department or caseworker: $0"};
constexpr Text kNoDeadlines{"（没有期限事项）", "(no deadlines)"};
constexpr Text kNoNotices{"（没有提醒）", "(no notices)"};
constexpr Text kAcknowledged{"已确认提醒", "Notice acknowledged"};
constexpr Text kNoSuchNotice{"没有这条提醒：$0", "no such notice: $0"};

#define PAGING "page_size", "page_token", "all"

std::optional<ov1::DeadlineFilter> FilterOf(const std::string& text) {
  if (text.empty() || text == "open") return ov1::FILTER_OPEN;
  if (text == "due") return ov1::FILTER_DUE;
  if (text == "overdue") return ov1::FILTER_OVERDUE;
  if (text == "ended") return ov1::FILTER_ENDED;
  return std::nullopt;
}

// "2026-03" -> (2026, 3).
std::optional<std::pair<int, int>> MonthOf(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0;
  int m = 0;
  if (parts.size() != 2 || parts[0].size() != 4 || !absl::SimpleAtoi(parts[0], &y) ||
      !absl::SimpleAtoi(parts[1], &m) || m < 1 || m > 12) {
    return std::nullopt;
  }
  return std::make_pair(y, m);
}

const char* KindName(ov1::DeadlineKind k, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (k) {
    case ov1::REFERRAL_ANSWER:
      return en ? "referral answer" : "转介受理反馈";
    case ov1::MANDATORY_REPORT_TRIAGE:
      return en ? "mandatory report triage" : "强制报告研判";
    case ov1::CASE_TRANSFER_ANSWER:
      return en ? "case transfer answer" : "跨区域移送答复";
    case ov1::AID_DECISION:
      return en ? "aid decision" : "救助审批决定";
    case ov1::AID_NOTIFICATION:
      return en ? "applicant notification" : "告知申请人";
    case ov1::ADVANCE_AID_PAPERWORK:
      return en ? "advance aid paperwork" : "先行救助补办手续";
    case ov1::ORDER_EVALUATION:
      return en ? "order evaluation" : "督促监护令评估";
    case ov1::SUGGESTION_REPLY:
      return en ? "suggestion reply" : "检察建议回复";
    case ov1::VISIT_WINDOW:
      return en ? "visit window" : "回访窗口";
    default:
      return "?";
  }
}

const char* StatusName(ov1::DeadlineStatus s, bool on_time, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (s) {
    case ov1::STATUS_RUNNING:
      return en ? "running" : "进行中";
    case ov1::STATUS_DUE:
      return en ? "due" : "到期";
    case ov1::STATUS_OVERDUE:
      return en ? "OVERDUE" : "超期";
    case ov1::STATUS_MET:
      return on_time ? (en ? "met on time" : "按期办结") : (en ? "met late" : "超期办结");
    case ov1::STATUS_CANCELLED:
      return en ? "cancelled" : "已撤销";
    default:
      return "?";
  }
}

std::string RenderDeadlines(const ov1::ListDeadlinesResponse& r, Lang lang) {
  if (r.deadlines().empty()) return absl::StrCat(kNoDeadlines(lang), "\n");
  const bool en = lang == Lang::kEn;
  std::string out =
      absl::StrCat(PadRight(en ? "due" : "期限", 18), PadRight(en ? "status" : "状态", 14),
                   PadRight(en ? "kind" : "事项", 26), PadRight(en ? "assignee" : "承办人", 14),
                   en ? "record" : "记录", "\n");
  for (const ov1::Deadline& d : r.deadlines()) {
    absl::StrAppend(
        &out, PadRight(FormatTimestamp(d.due_at()), 18),
        PadRight(StatusName(d.status(), d.on_time(), lang), 14),
        PadRight(KindName(d.kind(), lang), 26),
        PadRight(d.assigned_to().empty() ? (en ? "(none)" : "（未分派）") : d.assigned_to(), 14),
        d.record_id(), d.case_id().empty() ? "" : absl::StrCat("  ", d.case_id()), "\n");
  }
  return out;
}

std::string RenderNotice(const ov1::Notice& n, Lang lang) {
  const bool en = lang == Lang::kEn;
  return absl::StrCat(
      n.acknowledged() ? "  " : "* ", n.notice_id(), "  ",
      n.kind() == ov1::NOTICE_OVERDUE ? (en ? "OVERDUE" : "超期预警") : (en ? "due" : "到期提醒"),
      "  ", KindName(n.deadline_kind(), lang), "  ", en ? "due " : "期限 ",
      FormatTimestamp(n.due_at()), "  ", n.record_id(),
      n.acknowledged() ? absl::StrCat("  ", en ? "acknowledged " : "已确认 ",
                                      FormatTimestamp(n.acknowledged_at()))
                       : "",
      "\n");
}

std::string RenderNotices(const ov1::ListNoticesResponse& r, Lang lang) {
  if (r.notices().empty()) return absl::StrCat(kNoNotices(lang), "\n");
  std::string out;
  for (const ov1::Notice& n : r.notices()) out += RenderNotice(n, lang);
  return out;
}

std::string Count(const ov1::LedgerRow& row, int64_t v) {
  return row.suppressed() ? "-" : absl::StrCat(v);
}

std::string RenderLedger(const ov1::MonthlyLedger& l, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out =
      absl::StrCat(en ? "Monthly ledger " : "月度调度台账 ", l.year(), "-",
                   l.month() < 10 ? "0" : "", l.month(), "  ", l.procuratorate_code(), "\n",
                   PadRight(l.grouping() == ov1::BY_CASEWORKER ? (en ? "caseworker" : "承办人")
                                                               : (en ? "department" : "部门"),
                            20),
                   PadRight(en ? "handled" : "办结", 9), PadRight(en ? "on time" : "按期", 9),
                   PadRight(en ? "late" : "超期办结", 10), PadRight(en ? "open" : "月末未结", 10),
                   en ? "overdue" : "其中超期", "\n");
  auto line = [&](const ov1::LedgerRow& row, const std::string& key) {
    absl::StrAppend(&out, PadRight(key, 20), PadRight(Count(row, row.handled()), 9),
                    PadRight(Count(row, row.on_time()), 9), PadRight(Count(row, row.late()), 10),
                    PadRight(Count(row, row.open_at_month_end()), 10),
                    Count(row, row.overdue_at_month_end()), "\n");
  };
  for (const ov1::LedgerRow& row : l.rows()) {
    line(row, row.key().empty() ? (en ? "(none)" : "（未填）") : row.key());
  }
  line(l.total(), en ? "total" : "合计");
  if (l.total().suppressed() || [&] {
        for (const auto& r : l.rows()) {
          if (r.suppressed()) return true;
        }
        return false;
      }()) {
    absl::StrAppend(&out, en ? "(-: small counts withheld)\n" : "（-：小数值不予显示）\n");
  }
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string LedgerCsv(const ov1::MonthlyLedger& l) {
  std::string out =
      "month,key,handled,on_time,late,open_at_month_end,overdue_at_month_end,suppressed\n";
  const std::string month = absl::StrCat(l.year(), "-", l.month() < 10 ? "0" : "", l.month());
  auto line = [&](const ov1::LedgerRow& row) {
    absl::StrAppend(&out, month, ",", CsvField(row.key()), ",", Count(row, row.handled()), ",",
                    Count(row, row.on_time()), ",", Count(row, row.late()), ",",
                    Count(row, row.open_at_month_end()), ",",
                    Count(row, row.overdue_at_month_end()), ",",
                    row.suppressed() ? "true" : "false", "\n");
  };
  for (const ov1::LedgerRow& row : l.rows()) line(row);
  line(l.total());
  return out;
}

}  // namespace

const std::vector<CommandSpec>& OversightCommands() {
  static auto* specs = new std::vector<CommandSpec>{
      {kGroupOversight,
       "oversight mine",
       {"[--filter=open|due|overdue|ended] [--page_size=N] [--all]",
        "[--filter=open|due|overdue|ended] [--page_size=N] [--all]"},
       {"本人的期限事项（各业务合并，期限在前）：open 未结、due 到期、overdue 超期、ended 已结",
        "My deadlines across services, soonest first: open, due, overdue or ended"},
       0,
       0,
       {"filter", PAGING},
       false},
      {kGroupOversight,
       "oversight department",
       {"[--department=部门] [--filter=...] [--page_size=N] [--all]",
        "[--department=D] [--filter=...] [--page_size=N] [--all]"},
       {"部门的期限事项（部门负责人：本部门；检察长：任一部门或全院）",
        "A department's deadlines (head: own department; chief: any, or all)"},
       0,
       0,
       {"department", "filter", PAGING},
       false},
      {kGroupOversight,
       "oversight notices",
       {"[--unacknowledged] [--page_size=N] [--all]", "[--unacknowledged] [--page_size=N] [--all]"},
       {"本人的到期提醒和超期预警（未确认的在前，* 标记）",
        "My due and overdue notices (unacknowledged first, marked *)"},
       0,
       0,
       {"unacknowledged", PAGING},
       false},
      {kGroupOversight,
       "oversight ack",
       {"<提醒编号> [--version=N]", "NOTICE_ID [--version=N]"},
       {"确认提醒", "Acknowledge a notice"},
       1,
       1,
       {"version"},
       true},
      {kGroupOversight,
       "oversight ledger",
       {"--month=YYYY-MM [--by=department|caseworker] [--csv]",
        "--month=YYYY-MM [--by=department|caseworker] [--csv]"},
       {"月度调度台账（一月一调度）：办结、按期、超期办结、月末未结及其中超期；--csv 输出 CSV",
        "The monthly ledger: handled, on time, late, open at month end and overdue; --csv "
        "writes CSV"},
       0,
       0,
       {"month", "by", "csv"},
       false},
  };
  static const bool appended = [] {
    specs->insert(specs->end(), ReviewCommands().begin(), ReviewCommands().end());
    return true;
  }();
  (void)appended;
  return *specs;
}

bool IsOversightBoolOption(absl::string_view name) {
  return name == "unacknowledged" || name == "csv" || name == "rerun" || name == "grant" ||
         name == "reject" || name == "list";
}

const std::vector<const char*>& OversightOptionNames() {
  static const auto* names = new std::vector<const char*>(OptionNamesOf({&OversightCommands()}));
  return *names;
}

std::string OversightHelpText(Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out = en ? "shouhu oversight - process monitoring (流程监控) and case-quality review "
                         "(案件质量评查)\n"
                       : "shouhu oversight —— 流程监控与案件质量评查\n";
  absl::StrAppend(&out, CommandsHelp("oversight ", lang));
  absl::StrAppend(
      &out, en ? "\nThe oversight service: --oversight_addr or SHOUHU_OVERSIGHT_ADDR (default "
                 "127.0.0.1:7105).\nSee docs/oversight.md.\n"
               : "\n流程监控服务地址：--oversight_addr 或 SHOUHU_OVERSIGHT_ADDR（默认 "
                 "127.0.0.1:7105）。\n详见 docs/oversight.md。\n");
  return out;
}

std::string ValidateOversightInvocation(const Invocation& inv, Lang lang) {
  if (inv.Has("filter") && !FilterOf(inv.Get("filter")).has_value()) {
    return absl::Substitute(kBadFilter(lang), inv.Get("filter"));
  }
  const std::string name = inv.spec->name;
  if (std::string review = ValidateReviewInvocation(inv, lang); !review.empty()) return review;
  if (name == "oversight ledger") {
    if (!MonthOf(inv.Get("month")).has_value()) {
      return absl::Substitute(kBadMonth(lang), inv.Get("month"));
    }
    const std::string by = inv.Get("by", "department");
    if (by != "department" && by != "caseworker") return absl::Substitute(kBadBy(lang), by);
  }
  return "";
}

OversightRunner::OversightRunner(Runner& runner)
    : r_(runner), inv_(runner.inv_), lang_(runner.lang_) {}

int OversightRunner::Run() {
  const std::string name = std::string(inv_.spec->name).substr(10);  // after "oversight "
  if (inv_.spec->mutating && !inv_.global.json) {
    r_.err_ << absl::Substitute(msg::kRequestIdNote(lang_), r_.request_id_) << "\n";
  }
  if (name == "mine") return Mine();
  if (name == "department") return Department();
  if (name == "notices") return Notices();
  if (name == "ack") return Ack();
  if (name == "ledger") return Ledger();
  if (name == "review") return Review();
  if (name == "findings") return Findings(false);
  if (name == "department-findings") return Findings(true);
  if (name == "appeal") return Appeal();
  if (name == "decide") return Decide();
  if (name == "review-summary") return ReviewSummary();
  if (name == "rules") return Rules();
  if (name == "rules-create") return RulesCreate();
  if (name == "rules-try") return RulesTry();
  if (name == "rules-activate") return RulesActivate();
  r_.err_ << absl::Substitute(kUnknownOversightCommand(lang_), name) << "\n";
  return kExitUsage;
}

int OversightRunner::Mine() {
  ov1::ListMyDeadlinesRequest req;
  req.set_filter(*FilterOf(inv_.Get("filter")));
  ov1::ListDeadlinesResponse out;
  if (!r_.Page(r_.stubs_.oversight, &WatchStub::ListMyDeadlines, req, &out)) return kExitRpcError;
  return r_.Emit(out, [&] { return RenderDeadlines(out, lang_); });
}

int OversightRunner::Department() {
  ov1::ListDepartmentDeadlinesRequest req;
  req.set_department(inv_.Get("department"));
  req.set_filter(*FilterOf(inv_.Get("filter")));
  ov1::ListDeadlinesResponse out;
  if (!r_.Page(r_.stubs_.oversight, &WatchStub::ListDepartmentDeadlines, req, &out)) {
    return kExitRpcError;
  }
  return r_.Emit(out, [&] { return RenderDeadlines(out, lang_); });
}

int OversightRunner::Notices() {
  ov1::ListNoticesRequest req;
  req.set_unacknowledged_only(inv_.Flag("unacknowledged"));
  ov1::ListNoticesResponse out;
  if (!r_.Page(r_.stubs_.oversight, &WatchStub::ListNotices, req, &out)) return kExitRpcError;
  return r_.Emit(out, [&] { return RenderNotices(out, lang_); });
}

std::optional<int64_t> OversightRunner::NoticeVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  ov1::ListNoticesRequest req;
  req.set_page_size(200);
  for (;;) {
    ov1::ListNoticesResponse page;
    if (!r_.Call(r_.stubs_.oversight, &WatchStub::ListNotices, req, &page, false)) {
      return std::nullopt;
    }
    for (const ov1::Notice& n : page.notices()) {
      if (n.notice_id() == id) return n.version();
    }
    if (page.next_page_token().empty() || page.next_page_token() == req.page_token()) break;
    req.set_page_token(page.next_page_token());
  }
  r_.err_ << msg::kError(lang_) << (lang_ == Lang::kEn ? ": " : "：")
          << absl::Substitute(kNoSuchNotice(lang_), id) << "\n";
  return std::nullopt;
}

int OversightRunner::Ack() {
  const std::string id = inv_.args[0];
  std::optional<int64_t> version = NoticeVersion(id);
  if (!version.has_value()) return kExitRpcError;
  ov1::AcknowledgeNoticeRequest req;
  req.set_request_id(r_.request_id_);
  req.set_notice_id(id);
  req.set_version(*version);
  ov1::Notice n;
  if (!r_.Call(r_.stubs_.oversight, &WatchStub::AcknowledgeNotice, req, &n, true)) {
    return kExitRpcError;
  }
  return r_.Emit(
      n, [&] { return absl::StrCat(kAcknowledged(lang_), "\n\n", RenderNotice(n, lang_)); });
}

int OversightRunner::Ledger() {
  const auto month = *MonthOf(inv_.Get("month"));
  ov1::GetMonthlyLedgerRequest req;
  req.set_year(month.first);
  req.set_month(month.second);
  req.set_grouping(inv_.Get("by", "department") == "caseworker" ? ov1::BY_CASEWORKER
                                                                : ov1::BY_DEPARTMENT);
  ov1::MonthlyLedger l;
  if (!r_.Call(r_.stubs_.oversight, &WatchStub::GetMonthlyLedger, req, &l, false)) {
    return kExitRpcError;
  }
  if (inv_.Flag("csv") && !inv_.global.json) {
    r_.out_ << LedgerCsv(l);
    return kExitOk;
  }
  return r_.Emit(l, [&] { return RenderLedger(l, lang_); });
}

}  // namespace shouhu::cli
