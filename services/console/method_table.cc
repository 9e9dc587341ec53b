#include "console/method_table.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "shouhu/aid/v1/aid.pb.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"
#include "shouhu/oversight/v1/oversight.pb.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "shouhu/referral/v1/referral.pb.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::console {
namespace {

using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

// Services that only other Shouhu services call (see the access policies).
constexpr absl::string_view kServiceOnly[] = {"shouhu.common.v1.EventReceiver",
                                              "shouhu.oversight.v1.CaseFactsService"};

std::optional<Backend> BackendOfPackage(absl::string_view package) {
  if (package == "shouhu.referral.v1") return Backend::kReferral;
  if (package == "shouhu.aid.v1") return Backend::kAid;
  if (package == "shouhu.visit.v1") return Backend::kVisit;
  if (package == "shouhu.guardianship.v1") return Backend::kGuardianship;
  if (package == "shouhu.oversight.v1") return Backend::kOversight;
  return std::nullopt;
}

bool ServiceOnly(const ServiceDescriptor& service) {
  for (absl::string_view name : kServiceOnly) {
    if (service.full_name() == name) return true;
  }
  return false;
}

}  // namespace

absl::string_view BackendName(Backend backend) {
  switch (backend) {
    case Backend::kReferral:
      return "referral";
    case Backend::kAid:
      return "aid";
    case Backend::kVisit:
      return "visit";
    case Backend::kGuardianship:
      return "guardianship";
    case Backend::kOversight:
      return "oversight";
  }
  return "unknown";
}

const MethodTable& MethodTable::Platform() {
  // Through a message of each file, so that the generated code (and with it the file's
  // descriptors) is linked in.
  static const MethodTable* table = new MethodTable(FromFiles({
      ::shouhu::referral::v1::Referral::descriptor()->file(),
      ::shouhu::aid::v1::Application::descriptor()->file(),
      ::shouhu::visit::v1::VisitPlan::descriptor()->file(),
      ::shouhu::guardianship::v1::Order::descriptor()->file(),
      ::shouhu::oversight::v1::Deadline::descriptor()->file(),
      ::shouhu::oversight::v1::CaseReview::descriptor()->file(),
  }));
  return *table;
}

MethodTable MethodTable::FromFiles(const std::vector<const FileDescriptor*>& files) {
  MethodTable table;
  for (const FileDescriptor* file : files) {
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const ServiceDescriptor& service = *file->service(s);
      std::optional<Backend> backend = BackendOfPackage(file->package());
      if (!backend.has_value() || ServiceOnly(service)) continue;
      for (int m = 0; m < service.method_count(); ++m) {
        const MethodDescriptor* method = service.method(m);
        if (method->client_streaming() || method->server_streaming()) continue;
        ConsoleMethod entry;
        entry.descriptor = method;
        entry.backend = *backend;
        entry.key = absl::StrCat(service.full_name(), "/", method->name());
        entry.grpc_path = absl::StrCat("/", entry.key);
        if (table.index_.contains(entry.key)) continue;
        table.index_.emplace(entry.key, table.methods_.size());
        table.methods_.push_back(std::move(entry));
      }
    }
  }
  return table;
}

const ConsoleMethod* MethodTable::Find(absl::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &methods_[it->second];
}

}  // namespace shouhu::console
