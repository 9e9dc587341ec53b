// shouhu: command-line client of the Shouhu platform for partner agencies and caseworkers.
// Run `shouhu help` (or `shouhu help --lang=en`) for the commands and options.
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return shouhu::cli::RunCli(args, shouhu::cli::ProcessEnv(), std::cout, std::cerr);
}
