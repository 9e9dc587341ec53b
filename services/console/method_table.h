// The RPCs the console forwards (POST /api/rpc/<package>.<Service>/<Method>), derived
// from the generated descriptors of the four services' proto files linked into the
// binary, never listed by hand:
//   - every unary method of every service declared in those files;
//   - not streaming methods (the console answers one JSON document per request);
//   - not the services meant only for other services: the event delivery service
//     (shouhu.common.v1.EventReceiver). Every other service of the four has grants for
//     people or agencies in its access policy (services/*/access_policy.cc); a method
//     people may not call is refused by the service itself, not here.
// Each service maps to the backend that serves it, by its package.
#ifndef SHOUHU_CONSOLE_METHOD_TABLE_H_
#define SHOUHU_CONSOLE_METHOD_TABLE_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace shouhu::console {

enum class Backend { kReferral, kAid, kVisit, kGuardianship, kOversight };
inline constexpr Backend kAllBackends[] = {Backend::kReferral, Backend::kAid, Backend::kVisit,
                                           Backend::kGuardianship, Backend::kOversight};
// "referral", "aid", "visit", "guardianship", "oversight".
absl::string_view BackendName(Backend backend);

struct ConsoleMethod {
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  Backend backend = Backend::kReferral;
  std::string key;        // "shouhu.referral.v1.ReferralService/ListReferrals"
  std::string grpc_path;  // "/shouhu.referral.v1.ReferralService/ListReferrals"
};

class MethodTable {
 public:
  // The table of the services linked into this binary (referral, aid, visit,
  // guardianship). Built once.
  static const MethodTable& Platform();
  // The table of the services declared in `files` (tests).
  static MethodTable FromFiles(const std::vector<const google::protobuf::FileDescriptor*>& files);

  // The method for "<package>.<Service>/<Method>", or nullptr.
  const ConsoleMethod* Find(absl::string_view key) const;
  const std::vector<ConsoleMethod>& methods() const { return methods_; }

 private:
  std::vector<ConsoleMethod> methods_;
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_METHOD_TABLE_H_
