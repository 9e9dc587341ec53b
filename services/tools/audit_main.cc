// shouhu-audit verify: walks every audit hash chain and reports edited, deleted or
// inserted records. Exit codes: 0 intact; 1 error; 4 tampering detected.
#include <cstdio>

#include "absl/flags/parse.h"
#include "common/db/audit.h"
#include "db_flags.inc"

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 2 || std::string(args[1]) != "verify") {
    std::fprintf(stderr, "usage: shouhu-audit [db flags] verify\n");
    return 2;
  }
  auto options = DbOptionsFromFlags();
  if (!options.ok()) {
    std::fprintf(stderr, "error: %s\n", options.status().ToString().c_str());
    return 1;
  }
  auto pool = shouhu::db::ConnectionPool::Create(*options);
  if (!pool.ok()) {
    std::fprintf(stderr, "error: %s\n", pool.status().ToString().c_str());
    return 1;
  }
  auto report = shouhu::db::VerifyAudit(**pool);
  if (!report.ok()) {
    std::fprintf(stderr, "error: %s\n", report.status().ToString().c_str());
    return 1;
  }
  for (const auto& p : report->problems) {
    std::printf("TAMPERED chain %d record %lld: %s\n", p.chain, static_cast<long long>(p.seq),
                p.what.c_str());
  }
  std::printf("%lld audit records checked in %d chains: %s\n",
              static_cast<long long>(report->records_checked), shouhu::db::kAuditChains,
              report->ok() ? "intact" : "TAMPERING DETECTED");
  return report->ok() ? 0 : 4;
}
