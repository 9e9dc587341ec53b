// The `shouhu visit ...` commands (visit service: plans, visits, volunteers): their table
// and the validation of their arguments.
#ifndef SHOUHU_CLI_VISIT_ARGS_H_
#define SHOUHU_CLI_VISIT_ARGS_H_

#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"

namespace shouhu::cli {

// Every visit command ("visit due", ...), in help order (visit_commands.cc).
const std::vector<CommandSpec>& VisitCommands();

// Options of the visit commands that are boolean flags.
bool IsVisitBoolOption(absl::string_view name);
// Every option name the visit commands use (for the parser's option table).
const std::vector<const char*>& VisitOptionNames();

// The help of the visit commands alone ("shouhu visit", "shouhu help visit").
std::string VisitHelpText(Lang lang);

// A rating typed as 1-5 (1 良好 ... 5 未评估), its name ("good", "CONCERN") or its
// catalogue name in either language ("需关注"); nullopt otherwise.
std::optional<int> ParseRatingArg(absl::string_view text);

// Checks a visit invocation whose shape (argument count, known options) is valid: dates,
// integers, enum values, required and exclusive options. Returns a message in `lang`, or
// "" when it is valid.
std::string ValidateVisitInvocation(const Invocation& inv, Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_VISIT_ARGS_H_
