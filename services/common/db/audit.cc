#include "common/db/audit.h"

#include "absl/strings/str_cat.h"
#include "common/crypto/field_cipher.h"

namespace shouhu::db {
namespace {

constexpr char kLockHead[] =
    "SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_id = ? FOR UPDATE";
constexpr char kInsert[] =
    "INSERT INTO audit_log (chain_id, seq, at_ms, service, actor, action, entity_type,"
    " entity_id, procuratorate_code, request_id, detail, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kUpdateHead[] =
    "UPDATE audit_chain_heads SET last_seq = ?, last_hash = ? WHERE chain_id = ?";
constexpr char kHeads[] = "SELECT chain_id, last_seq, last_hash FROM audit_chain_heads";
constexpr char kChainRecords[] =
    "SELECT seq, at_ms, service, actor, action, entity_type, entity_id, procuratorate_code,"
    " request_id, detail, prev_hash, hash FROM audit_log WHERE chain_id = ? AND seq > ?"
    " ORDER BY seq LIMIT 1000";

constexpr char kGenesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace

int AuditChainOf(absl::string_view entity_id) {
  uint32_t h = 2166136261u;
  for (unsigned char c : entity_id) {
    h ^= c;
    h *= 16777619u;
  }
  return static_cast<int>(h % kAuditChains);
}

std::string AuditHash(const AuditRecord& r, int chain, int64_t seq, absl::string_view prev_hash) {
  // Unit separator between fields so that no field can shift into another.
  const std::string canonical =
      absl::StrCat(prev_hash, "\x1f", chain, "\x1f", seq, "\x1f", absl::ToUnixMillis(r.at), "\x1f",
                   r.service, "\x1f", r.actor, "\x1f", r.action, "\x1f", r.entity_type, "\x1f",
                   r.entity_id, "\x1f", r.procuratorate, "\x1f", r.request_id, "\x1f", r.detail);
  return Sha256Hex(canonical);
}

absl::Status AppendAudit(Tx& tx, const AuditRecord& r) {
  const int chain = AuditChainOf(r.entity_id);
  int64_t last_seq = 0;
  std::string last_hash;
  {
    auto rs = tx.Sql(kLockHead).Int(chain).Rows();
    if (!rs->next()) {
      return absl::FailedPreconditionError("audit chain heads missing: schema not migrated");
    }
    last_seq = rs->getInt64("last_seq");
    last_hash = GetStr(*rs, "last_hash");
  }
  const int64_t seq = last_seq + 1;
  const std::string hash = AuditHash(r, chain, seq, last_hash);
  tx.Sql(kInsert)
      .Int(chain)
      .Int(seq)
      .Int(absl::ToUnixMillis(r.at))
      .Str(r.service)
      .Str(r.actor)
      .Str(r.action)
      .Str(r.entity_type)
      .Str(r.entity_id)
      .Str(r.procuratorate)
      .Str(r.request_id)
      .Str(r.detail)
      .Str(last_hash)
      .Str(hash)
      .Exec();
  tx.Sql(kUpdateHead).Int(seq).Str(hash).Int(chain).Exec();
  return absl::OkStatus();
}

absl::StatusOr<AuditReport> VerifyAudit(ConnectionPool& pool) {
  AuditReport report;
  absl::Status st = RunInTransaction(
      pool,
      [&](Tx& tx) -> absl::Status {
        report = AuditReport();
        struct Head {
          int64_t seq;
          std::string hash;
        };
        std::vector<Head> heads(kAuditChains, Head{-1, ""});
        {
          auto rs = tx.Sql(kHeads).Rows();
          while (rs->next()) {
            const int c = rs->getInt("chain_id");
            if (c >= 0 && c < kAuditChains)
              heads[c] = {rs->getInt64("last_seq"), GetStr(*rs, "last_hash")};
          }
        }
        for (int chain = 0; chain < kAuditChains; ++chain) {
          if (heads[chain].seq < 0) {
            report.problems.push_back({chain, 0, "chain head row is missing"});
            continue;
          }
          int64_t expected_seq = 1;
          std::string prev = kGenesis;
          bool more = true;
          while (more) {
            auto rs = tx.Sql(kChainRecords).Int(chain).Int(expected_seq - 1).Rows();
            more = false;
            while (rs->next()) {
              more = true;
              AuditRecord r;
              const int64_t seq = rs->getInt64("seq");
              r.at = absl::FromUnixMillis(rs->getInt64("at_ms"));
              r.service = GetStr(*rs, "service");
              r.actor = GetStr(*rs, "actor");
              r.action = GetStr(*rs, "action");
              r.entity_type = GetStr(*rs, "entity_type");
              r.entity_id = GetStr(*rs, "entity_id");
              r.procuratorate = GetStr(*rs, "procuratorate_code");
              r.request_id = GetStr(*rs, "request_id");
              r.detail = GetStr(*rs, "detail");
              const std::string stored_prev = GetStr(*rs, "prev_hash");
              const std::string stored_hash = GetStr(*rs, "hash");
              ++report.records_checked;
              if (seq != expected_seq) {
                report.problems.push_back(
                    {chain, expected_seq,
                     absl::StrCat("records ", expected_seq, "..", seq - 1, " are missing")});
              } else if (stored_prev != prev) {
                report.problems.push_back({chain, seq, "link to the previous record is broken"});
              }
              if (AuditHash(r, chain, seq, stored_prev) != stored_hash) {
                report.problems.push_back({chain, seq, "record content does not match its hash"});
              }
              prev = stored_hash;
              expected_seq = seq + 1;
            }
          }
          const int64_t last = expected_seq - 1;
          if (last != heads[chain].seq) {
            report.problems.push_back(
                {chain, last,
                 absl::StrCat("chain ends at ", last, " but its head says ", heads[chain].seq,
                              " (records removed or added)")});
          } else if (last > 0 && prev != heads[chain].hash) {
            report.problems.push_back({chain, last, "last record does not match the chain head"});
          }
        }
        return absl::OkStatus();
      },
      TxOptions{.max_attempts = 2, .read_only = true});
  if (!st.ok()) return st;
  return report;
}

}  // namespace shouhu::db
