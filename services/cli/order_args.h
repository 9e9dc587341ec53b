// The `shouhu order ...` commands (guardianship service): their table and the validation
// of their arguments.
#ifndef SHOUHU_CLI_ORDER_ARGS_H_
#define SHOUHU_CLI_ORDER_ARGS_H_

#include <string>
#include <vector>

#include "cli/args.h"

namespace shouhu::cli {

// Every order command ("order draft", ...), in help order.
const std::vector<CommandSpec>& OrderCommands();
// The part of the table from the escalations on (order_commands_more.cc).
const std::vector<CommandSpec>& OrderLaterCommands();

// Options of the order commands that are boolean flags.
bool IsOrderBoolOption(absl::string_view name);
// Every option name the order commands use (for the parser's option table).
const std::vector<const char*>& OrderOptionNames();

// The help of the order commands alone ("shouhu order", "shouhu help order").
std::string OrderHelpText(Lang lang);

// Checks an order invocation whose shape (argument count, known options) is valid: dates,
// integers, enum values, required and exclusive options. Returns a message in `lang`, or
// "" when it is valid.
std::string ValidateOrderInvocation(const Invocation& inv, Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_ORDER_ARGS_H_
