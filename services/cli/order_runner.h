// The `shouhu order ...` commands: one flow per RPC of the guardianship API, on the
// Runner's call helpers (request ids, deadlines, tokens, errors, paging, JSON or text
// output). Private to the CLI library.
#ifndef SHOUHU_CLI_ORDER_RUNNER_H_
#define SHOUHU_CLI_ORDER_RUNNER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "cli/client.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

namespace shouhu::cli {

class OrderRunner {
 public:
  explicit OrderRunner(Runner& runner);
  int Run();

 private:
  // The version to send: --version, else the record's current one (nullopt: the read
  // failed and was reported).
  std::optional<int64_t> OrderVersion(const std::string& id);
  std::optional<int64_t> EscalationVersion(const std::string& id);
  std::optional<int64_t> AgencyEscalationVersion(const std::string& id);
  std::optional<int64_t> CheckVersion(const std::string& id);
  std::optional<int64_t> AddressedCheckVersion(const std::string& id);
  // A message read from a JSON file argument; false after reporting the problem.
  // --on (validated by the parser), or an unset date.
  shouhu::common::v1::Date On() const;
  // The request id of a request read from a file: its own, else the runner's.
  std::string RequestIdOf(const std::string& from_file);
  // Confirmation line and the rendered record, or JSON.
  int Done(const google::protobuf::Message& record, const Text& confirmation);
  int Show(const google::protobuf::Message& record);

  // order_client_orders.cc
  int Draft();
  int Action(const std::string& name);
  int Serve();
  int CourtOrder();
  int Terminate();
  int ShowOrder();
  int List();
  int AgencyList();
  int AgencyShow();
  int Disclose(bool escalation);
  int Session();
  int Sessions();
  int Check();
  int Checks();
  int Summary();
  int Evaluate();
  // order_client_more.cc
  int EscalationDraft();
  int EscalationAction(const std::string& name);
  int EscalationUpdate(bool close);
  int CourtAnswer();
  int ShowEscalation();
  int Escalations();
  int AgencyEscalations();
  int AgencyEscalation();
  int Assess();
  int HandOff();
  int Answer();
  int ShowCheck();
  int CheckList();
  int Addressed();
  int Policy();
  int PolicySet();
  int Stats();

  Runner& r_;
  const Invocation& inv_;
  const Lang lang_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_ORDER_RUNNER_H_
