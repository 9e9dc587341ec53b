// The `shouhu aid ...` commands: one flow per RPC of the aid API, on the Runner's call
// helpers (request ids, deadlines, tokens, errors, paging, JSON or text output).
// Private to the CLI library.
#ifndef SHOUHU_CLI_AID_RUNNER_H_
#define SHOUHU_CLI_AID_RUNNER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "cli/client.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

namespace shouhu::cli {

class AidRunner {
 public:
  explicit AidRunner(Runner& runner);
  int Run();

 private:
  // The version to send: --version, else the record's current one (nullopt: the read
  // failed and was reported).
  std::optional<int64_t> ApplicationVersion(const std::string& id);
  std::optional<int64_t> DisbursementVersion(const std::string& id);
  // A message read from a JSON file argument; false after reporting the problem.
  // Money and date options (validated by the parser).
  int64_t Fen(const char* option) const;
  shouhu::common::v1::Date DateOr(const char* option, bool today_by_default) const;
  // The amount inputs of --months, --minor_costs, --ceiling, --justification.
  shouhu::aid::v1::AmountComputation AmountInputs() const;
  // Confirmation line and the rendered record, or JSON.
  int Done(const google::protobuf::Message& record, const Text& confirmation,
           const std::string& rendered);
  int Show(const google::protobuf::Message& record, const std::string& rendered);

  // aid_client_applications.cc
  int Register();
  int List();
  int ShowApplication();
  int Update();
  int Compute();
  int Eligibility();
  int Withdraw();
  int RequestMaterials();
  int MaterialsReceived();
  int Notice();
  int Notices();
  int PriorAid();
  int Propose();
  int Approve(const std::string& step);
  int Emergency();
  int PaperworkDone();
  int CloseApplication(bool revoke);
  // aid_client_payments.cc
  int Plan();
  int Disbursements();
  int ShowDisbursement();
  int FundsArrived();
  int Pay();
  int PaymentUpdate(bool receipt);
  int Notified();
  int Amend();
  int Withdrawal();
  int Fund();
  int FundAllocate();
  int FundEntries();
  int StatementImport();
  int ReconciliationIssues();
  int ReconciliationResolve();
  // aid_client_other.cc
  int RecoveryOpen();
  int RecoveryReceipt();
  int RecoveryClose();
  int Recoveries();
  int Suggest();
  int SuggestionOutcome();
  int Suggestions();
  int Addressed();
  int Stats();
  int WageSet();
  int Wages();
  int Policy();
  int PolicySet();

  Runner& r_;
  const Invocation& inv_;
  const Lang lang_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_AID_RUNNER_H_
