#include "guardianship/config_repository.h"

#include "absl/strings/str_cat.h"
#include "guardianship/policy.h"

namespace shouhu::guardianship {

using namespace config_sql;  // NOLINT(build/namespaces): the statements of this file

absl::StatusOr<pb::OrderPolicy> LoadOrderPolicy(db::Tx& tx, const std::string& procuratorate) {
  auto rs = tx.Sql(kGetPolicy).Str(procuratorate).Rows();
  if (!rs->next()) return DefaultOrderPolicy(procuratorate);
  pb::OrderPolicy p;
  if (!p.ParseFromString(db::GetBlob(*rs, "policy_pb"))) {
    return absl::InternalError(
        absl::StrCat("stored guardianship policy of ", procuratorate, " is unreadable"));
  }
  p.set_procuratorate_code(rs->getString("procuratorate_code").asStdString());
  p.set_min_compliance_months(rs->getInt("min_compliance_months"));
  p.set_max_compliance_months(rs->getInt("max_compliance_months"));
  p.set_max_extension_months(rs->getInt("max_extension_months"));
  p.set_suggestion_reply_months(rs->getInt("suggestion_reply_months"));
  p.set_general_suggestion_reply_months(rs->getInt("general_suggestion_reply_months"));
  p.set_township_working_days(rs->getInt("township_working_days"));
  p.set_county_working_days(rs->getInt("county_working_days"));
  p.set_document_prefix(rs->getString("document_prefix").asStdString());
  p.set_version(rs->getInt64("version"));
  return WithDefaults(std::move(p));
}

absl::StatusOr<pb::OrderPolicy> StoreOrderPolicy(db::Tx& tx, const pb::OrderPolicy& policy,
                                                 int64_t expected_version, absl::Time at) {
  pb::OrderPolicy repeated;
  *repeated.mutable_step_actors() = policy.step_actors();
  *repeated.mutable_prefixes() = policy.prefixes();
  const std::string policy_pb = repeated.SerializeAsString();
  const int64_t at_ms = absl::ToUnixMillis(at);
  int64_t n = 0;
  if (expected_version == 0) {
    absl::StatusOr<int64_t> inserted = tx.Sql(kInsertPolicy)
                                           .Str(policy.procuratorate_code())
                                           .Int(policy.min_compliance_months())
                                           .Int(policy.max_compliance_months())
                                           .Int(policy.max_extension_months())
                                           .Int(policy.suggestion_reply_months())
                                           .Int(policy.general_suggestion_reply_months())
                                           .Int(policy.township_working_days())
                                           .Int(policy.county_working_days())
                                           .Str(policy.document_prefix())
                                           .Blob(policy_pb)
                                           .Int(at_ms)
                                           .ExecOrStatus();
    if (absl::IsAlreadyExists(inserted.status())) {
      n = 0;
    } else if (!inserted.ok()) {
      return inserted.status();
    } else {
      n = *inserted;
    }
  } else {
    n = tx.Sql(kUpdatePolicy)
            .Int(policy.min_compliance_months())
            .Int(policy.max_compliance_months())
            .Int(policy.max_extension_months())
            .Int(policy.suggestion_reply_months())
            .Int(policy.general_suggestion_reply_months())
            .Int(policy.township_working_days())
            .Int(policy.county_working_days())
            .Str(policy.document_prefix())
            .Blob(policy_pb)
            .Int(at_ms)
            .Str(policy.procuratorate_code())
            .Int(expected_version)
            .Exec();
  }
  if (n != 1) {
    return absl::AbortedError(absl::StrCat("the guardianship policy of ",
                                           policy.procuratorate_code(), " changed since version ",
                                           expected_version, " was read"));
  }
  return LoadOrderPolicy(tx, policy.procuratorate_code());
}

}  // namespace shouhu::guardianship
