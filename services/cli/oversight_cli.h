// The `shouhu oversight ...` commands (流程监控: deadlines, notices, the monthly ledger):
// their table, the validation of their arguments, and their flows on the Runner's call
// helpers. Private to the CLI library.
#ifndef SHOUHU_CLI_OVERSIGHT_CLI_H_
#define SHOUHU_CLI_OVERSIGHT_CLI_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"

namespace shouhu::cli {

// Every oversight command ("oversight mine", ...), in help order: the deadline commands,
// then the case-quality review's (ReviewCommands, review_cli.cc).
const std::vector<CommandSpec>& OversightCommands();
const std::vector<CommandSpec>& ReviewCommands();
bool IsOversightBoolOption(absl::string_view name);
const std::vector<const char*>& OversightOptionNames();
// The help of the oversight commands alone ("shouhu oversight").
std::string OversightHelpText(Lang lang);
// Checks option values (filter, month, grouping); a message in `lang`, or "".
std::string ValidateOversightInvocation(const Invocation& inv, Lang lang);
std::string ValidateReviewInvocation(const Invocation& inv, Lang lang);

class OversightRunner {
 public:
  explicit OversightRunner(Runner& runner);
  int Run();

 private:
  int Mine();
  int Department();
  int Notices();
  int Ack();
  int Ledger();
  std::optional<int64_t> NoticeVersion(const std::string& id);
  // The case-quality review (review_cli.cc).
  int Review();
  int Findings(bool department);
  int Appeal();
  int Decide();
  int ReviewSummary();
  int Rules();
  int RulesCreate();
  int RulesTry();
  int RulesActivate();
  std::optional<int64_t> FindingVersion(const std::string& id, bool department);

  Runner& r_;
  const Invocation& inv_;
  const Lang lang_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_OVERSIGHT_CLI_H_
