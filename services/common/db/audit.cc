#include "common/db/audit.h"

#include <limits>
#include <map>
#include <utility>
#include <vector>

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
// Keyset pagination over the primary key (chain_id, seq): every row, in order.
constexpr char kAllRecords[] =
    "SELECT chain_id, seq, at_ms, service, actor, action, entity_type, entity_id,"
    " procuratorate_code, request_id, detail, prev_hash, hash FROM audit_log"
    " WHERE chain_id > ? OR (chain_id = ? AND seq > ?) ORDER BY chain_id, seq LIMIT 1000";

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
        // Every head row, including any outside 0..kAuditChains-1 (which AppendAudit never
        // writes: a head there is itself a forgery).
        std::map<int, std::pair<int64_t, std::string>> heads;
        {
          auto rs = tx.Sql(kHeads).Rows();
          while (rs->next()) {
            heads[rs->getInt("chain_id")] = {rs->getInt64("last_seq"), GetStr(*rs, "last_hash")};
          }
        }
        for (const auto& [chain, head] : heads) {
          if (chain < 0 || chain >= kAuditChains) {
            report.problems.push_back({chain, head.first, "chain head outside the known chains"});
          }
        }
        // Walks every row of audit_log in primary-key order (chain, seq), so no row is left
        // unvisited whatever its chain or number, and checks each chain against its head.
        struct Walk {
          int chain = -1;
          int64_t expected_seq = 1;
          std::string prev = kGenesis;
        } w;
        auto finish_chain = [&](int chain, int64_t last, const std::string& last_hash) {
          if (chain < 0 || chain >= kAuditChains) return;
          auto head = heads.find(chain);
          if (head == heads.end()) {
            report.problems.push_back({chain, 0, "chain head row is missing"});
            return;
          }
          if (last != head->second.first) {
            report.problems.push_back(
                {chain, last,
                 absl::StrCat("chain ends at ", last, " but its head says ", head->second.first,
                              " (records removed or added)")});
          } else if (last > 0 && last_hash != head->second.second) {
            report.problems.push_back({chain, last, "last record does not match the chain head"});
          }
        };
        std::vector<bool> seen(kAuditChains, false);
        int after_chain = std::numeric_limits<int16_t>::min();
        int64_t after_seq = std::numeric_limits<int64_t>::min();
        for (bool more = true; more;) {
          auto rs = tx.Sql(kAllRecords).Int(after_chain).Int(after_chain).Int(after_seq).Rows();
          more = false;
          while (rs->next()) {
            more = true;
            const int chain = rs->getInt("chain_id");
            const int64_t seq = rs->getInt64("seq");
            after_chain = chain;
            after_seq = seq;
            if (chain != w.chain) {
              finish_chain(w.chain, w.expected_seq - 1, w.prev);
              w = Walk{chain, 1, kGenesis};
              if (chain >= 0 && chain < kAuditChains) seen[chain] = true;
            }
            AuditRecord r;
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
            if (chain < 0 || chain >= kAuditChains) {
              report.problems.push_back({chain, seq, "record outside the known chains"});
              continue;
            }
            if (AuditChainOf(r.entity_id) != chain) {
              report.problems.push_back({chain, seq, "record is not in its entity's chain"});
            }
            if (seq < w.expected_seq) {
              // Only numbers below 1 can come before the walk (the key is unique).
              report.problems.push_back({chain, seq, "record numbered before the chain start"});
              continue;
            }
            if (seq != w.expected_seq) {
              report.problems.push_back(
                  {chain, w.expected_seq,
                   absl::StrCat("records ", w.expected_seq, "..", seq - 1, " are missing")});
            } else if (stored_prev != w.prev) {
              report.problems.push_back({chain, seq, "link to the previous record is broken"});
            }
            if (AuditHash(r, chain, seq, stored_prev) != stored_hash) {
              report.problems.push_back({chain, seq, "record content does not match its hash"});
            }
            w.prev = stored_hash;
            w.expected_seq = seq + 1;
          }
        }
        finish_chain(w.chain, w.expected_seq - 1, w.prev);
        for (int chain = 0; chain < kAuditChains; ++chain) {
          if (!seen[chain]) finish_chain(chain, 0, kGenesis);
        }
        return absl::OkStatus();
      },
      TxOptions{.max_attempts = 2, .read_only = true});
  if (!st.ok()) return st;
  return report;
}

}  // namespace shouhu::db
