// The `shouhu aid ...` commands: their table and the validation of their arguments.
#ifndef SHOUHU_CLI_AID_ARGS_H_
#define SHOUHU_CLI_AID_ARGS_H_

#include <string>
#include <vector>

#include "cli/args.h"

namespace shouhu::cli {

// Every aid command ("aid register", ...), in help order.
const std::vector<CommandSpec>& AidCommands();
// The part of the table from disbursement on (aid_commands_money.cc).
const std::vector<CommandSpec>& AidPaymentCommands();

// Options of the aid commands that are boolean flags.
bool IsAidBoolOption(absl::string_view name);
// Every option name the aid commands use (for the parser's option table).
const std::vector<const char*>& AidOptionNames();

// The help of the aid commands alone ("shouhu aid", "shouhu help aid"), with their
// conventions (money in yuan, dates, versions, the aid service address).
std::string AidHelpText(Lang lang);

// Checks an aid invocation whose shape (argument count, known options) is valid: money in
// yuan, dates, enum values, required and exclusive options. Returns a message in `lang`,
// or "" when it is valid.
std::string ValidateAidInvocation(const Invocation& inv, Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_AID_ARGS_H_
