// The common base of the command tests of the `shouhu` client: parses the arguments, runs
// a Runner over the generated mocks a derived fixture wires into the Stubs, and keeps the
// output and error streams and the request id the runner made. Interactive commands read
// their answers from `input_` when it is set.
#ifndef SHOUHU_TESTS_UNIT_CLI_COMMAND_FIXTURE_H_
#define SHOUHU_TESTS_UNIT_CLI_COMMAND_FIXTURE_H_

#include <istream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::cli {

// The matchers and actions every command test uses.
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Not;
using ::testing::Return;
using ::testing::SetArgPointee;

class CommandTest : public ::testing::Test {
 protected:
  int Run(std::vector<std::string> args) {
    ParseResult parsed = ParseArgs(args, [](const char*) { return std::nullopt; });
    EXPECT_TRUE(parsed.ok()) << parsed.error;
    if (!parsed.ok()) return -1;
    invocation_ = parsed.invocation;
    out_.str("");
    err_.str("");
    Stubs stubs;
    Wire(&stubs);
    Runner runner(invocation_, stubs, "", out_, err_);
    if (input_ != nullptr) runner.set_input(input_);
    request_id_ = runner.request_id();
    return runner.Run();
  }

  // Points the stubs the fixture's commands use at its mocks.
  virtual void Wire(Stubs* stubs) = 0;

  Invocation invocation_;
  std::ostringstream out_, err_;
  std::string request_id_;
  std::istream* input_ = nullptr;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_TESTS_UNIT_CLI_COMMAND_FIXTURE_H_
