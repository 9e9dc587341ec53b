// Command-line parsing of the `shouhu` client: global options (flag or environment),
// the command, its arguments and its options. Pure: no I/O.
#ifndef SHOUHU_CLI_ARGS_H_
#define SHOUHU_CLI_ARGS_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "cli/catalog.h"
#include "google/protobuf/descriptor.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::cli {

inline constexpr char kDefaultAddr[] = "127.0.0.1:7101";
// The aid service of the local platform (deploy/local).
inline constexpr char kDefaultAidAddr[] = "127.0.0.1:7102";
// The guardianship service of the local platform (deploy/local).
inline constexpr char kDefaultGuardianshipAddr[] = "127.0.0.1:7104";
// The visit service of the local platform (deploy/local).
inline constexpr char kDefaultVisitAddr[] = "127.0.0.1:7103";
// The oversight service of the local platform (deploy/local).
inline constexpr char kDefaultOversightAddr[] = "127.0.0.1:7105";
inline constexpr int kDefaultTimeoutSeconds = 10;

struct GlobalOptions {
  std::string addr = kDefaultAddr;         // --addr, SHOUHU_ADDR
  std::string aid_addr = kDefaultAidAddr;  // --aid_addr, SHOUHU_AID_ADDR: the aid commands
  // --guardianship_addr, SHOUHU_GUARDIANSHIP_ADDR: the order commands.
  std::string guardianship_addr = kDefaultGuardianshipAddr;
  std::string visit_addr = kDefaultVisitAddr;  // --visit_addr, SHOUHU_VISIT_ADDR: visit commands
  // --oversight_addr, SHOUHU_OVERSIGHT_ADDR: the oversight commands.
  std::string oversight_addr = kDefaultOversightAddr;
  std::string ca;                          // --ca, SHOUHU_CA: PEM file of the root certificates
  std::string cert;                        // --cert, SHOUHU_CERT: PEM client certificate chain
  std::string key;                         // --key, SHOUHU_KEY: PEM private key
  std::string server_name;                 // --server_name, SHOUHU_SERVER_NAME: TLS name override
  std::string token_file;                  // --token_file, SHOUHU_TOKEN_FILE
  Lang lang = Lang::kZh;                   // --lang, SHOUHU_LANG
  bool json = false;                       // --json
  std::string request_id;                  // --request_id (empty: generated)
  int timeout_s = kDefaultTimeoutSeconds;  // --timeout_s
  bool timeout_given = false;              // --timeout_s was on the command line

  // True when any TLS file is configured (then the channel uses TLS).
  bool UsesTls() const { return !ca.empty() || !cert.empty() || !key.empty(); }
};

// One command of the client.
struct CommandSpec {
  Text group;        // Heading in the help text.
  const char* name;  // "list", "admin agency", ...
  Text synopsis;     // Arguments and options after the name.
  Text summary;      // One line of help.
  int min_args;
  int max_args;
  std::vector<const char*> options;  // Command options it accepts (without "--").
  bool mutating;                     // Sends a request_id.
};

// Every command, in help order.
const std::vector<CommandSpec>& AllCommands();
const CommandSpec* FindCommand(absl::string_view name);

struct Invocation {
  GlobalOptions global;
  // Null for "help".
  const CommandSpec* spec = nullptr;
  bool help = false;
  std::string help_topic;                      // "help list": the command to explain.
  std::vector<std::string> args;               // Positional arguments after the command.
  std::map<std::string, std::string> options;  // Command options; boolean ones hold "true".

  bool Has(absl::string_view option) const;
  std::string Get(absl::string_view option, absl::string_view fallback = "") const;
  bool Flag(absl::string_view option) const;  // A boolean option that is set and true.
  // An integer option validated by the parser.
  int64_t Int(absl::string_view option, int64_t fallback) const;
};

struct ParseResult {
  Invocation invocation;                    // invocation.global.lang is valid even on error.
  std::string error;                        // Usage error in the chosen language; empty on success.
  const CommandSpec* error_spec = nullptr;  // Command the error is about, if known.
  bool ok() const { return error.empty(); }
};

// Reads an environment variable; std::nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup ProcessEnv();

// Parses the arguments after argv[0]. Options may appear before or after the command;
// "--name=value" and "--name value" both work; "--" ends the options.
ParseResult ParseArgs(const std::vector<std::string>& args, const EnvLookup& env);

// Parses an enum value given on the command line: the proto name ("DECLINE_REASON_OTHER"),
// the name without `prefix` ("OTHER", "other", "not-eligible") or its catalogue name in either
// language ("其他"). The zero (UNSPECIFIED) value is never accepted.
std::optional<int> ParseEnumArg(const google::protobuf::EnumDescriptor* type,
                                absl::string_view prefix, absl::string_view text);

// "A, B, C": the accepted short names of an enum, for messages.
std::string EnumChoices(const google::protobuf::EnumDescriptor* type, absl::string_view prefix);

// True for 8-64 characters of [A-Za-z0-9_-].
bool IsValidRequestId(absl::string_view id);

// The options of update-person that give a new value, named as the person fields of
// UpdatePersonRequest.fields.
inline constexpr const char* kPersonValueOptions[] = {"name",  "sex",     "birth_date",
                                                      "phone", "address", "ethnicity"};

// "a, b，c、d" as {"a", "b", "c", "d"}: a list split at ASCII commas and the Chinese ones
// (，、), which are multi-byte and so normalised first; blank items are dropped.
std::vector<std::string> SplitListArg(absl::string_view text);

// `text` in `lang` with $0..$2 substituted.
std::string Sub(const Text& text, Lang lang, absl::string_view a0 = "", absl::string_view a1 = "",
                absl::string_view a2 = "");

// The first of `names` the invocation lacks, as a "needs --name" message; "" when none.
std::string Require(const Invocation& inv, std::initializer_list<const char*> names, Lang lang);

// Exactly one of the flags --a and --b: a message when both or neither; "" otherwise.
std::string OneOf(const Invocation& inv, const char* a, const char* b, Lang lang);

// "2015-06-01" as a valid calendar date; nullopt otherwise.
std::optional<shouhu::common::v1::Date> ParseDateArg(absl::string_view text);

// "shouhu list [--status=S] ..." in the given language.
std::string Usage(const CommandSpec& spec, Lang lang);

// The commands whose name starts with `prefix` ("aid ", "" for all) under their group
// headings, with their usage and summary: the body of a help text.
std::string CommandsHelp(absl::string_view prefix, Lang lang);

// Each option name of the commands of `tables` once, in order of appearance.
std::vector<const char*> OptionNamesOf(
    std::initializer_list<const std::vector<CommandSpec>*> tables);

// The full help text.
std::string HelpText(Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_ARGS_H_
