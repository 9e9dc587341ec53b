// All SQL of the referral service, named and parameterised, in one place. Every function
// runs inside a caller's transaction (db::Tx) and may throw sql::SQLException, which the
// transaction runner maps to absl::Status: nothing here is called outside RunInTransaction.
#ifndef SHOUHU_REFERRAL_REPOSITORY_H_
#define SHOUHU_REFERRAL_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/db/transaction.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::referral {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

// Identity fields of a person, decrypted.
struct PersonRow {
  std::string id;
  std::string name;
  int sex = 0;
  std::string birth_date;  // "YYYY-MM-DD" or ""
  std::string id_number;
  std::string phone;
  std::string address;
  std::string ethnicity;
  std::string merged_into;
};

struct PersonMatch {
  std::string person_id;
  bool matched_existing = false;
  // Set when a different record has the same name and birth date.
  std::string possible_duplicate_of;
};

struct ListFilter {
  std::string procuratorate;  // required unless agency is set
  std::string agency;         // agency scope
  int status = 0;
  int kind = 0;
  std::string assigned_to;
  bool overdue_only = false;
  int64_t before_seq = 0;  // page cursor: rows with seq < this (0 = from the newest)
  int limit = 50;
};

struct CaseFilter {
  std::string procuratorate;
  int status = 0;
  int kind = 0;
  std::string assigned_to;
  std::string subject_person_id;
  std::string transfer_to;  // incoming transfers instead of procuratorate
  int64_t before_seq = 0;
  int limit = 50;
};

class Repository {
 public:
  Repository(const FieldCipher* cipher, const Clock* clock) : cipher_(cipher), clock_(clock) {}

  // --- registry ---
  void UpsertProcuratorate(db::Tx& tx, const pb::Procuratorate& p);
  bool ProcuratorateExists(db::Tx& tx, const std::string& code);
  void UpsertAgency(db::Tx& tx, const pb::Agency& a);
  std::optional<pb::Agency> GetAgency(db::Tx& tx, const std::string& code);
  std::vector<pb::Agency> ListAgencies(db::Tx& tx, const std::string& procuratorate,
                                       const std::string& after_code, int limit);

  // --- people ---
  // Finds the person by ID number (keyed hash) or creates one; flags a possible duplicate
  // by name and birth date.
  absl::StatusOr<PersonMatch> MatchOrCreatePerson(db::Tx& tx, const cpb::PersonInput& in,
                                                  const std::string& new_id);
  absl::StatusOr<std::optional<PersonRow>> GetPerson(db::Tx& tx, const std::string& id);
  bool PersonVisibleTo(db::Tx& tx, const std::string& person_id, const std::string& procuratorate);
  void InsertDuplicateCandidate(db::Tx& tx, const std::string& id, const std::string& procuratorate,
                                const std::string& referral_id, const std::string& existing,
                                const std::string& incoming);
  struct CandidateRow {
    std::string id, procuratorate, referral_id, existing, incoming;
    int state = 0;  // 0 pending, 1 confirmed, 2 rejected
    int64_t seq = 0;
  };
  std::optional<CandidateRow> GetCandidate(db::Tx& tx, const std::string& id, bool for_update);
  std::vector<CandidateRow> ListPendingCandidates(db::Tx& tx, const std::string& procuratorate,
                                                  int64_t before_seq, int limit);
  void ResolveCandidate(db::Tx& tx, const std::string& id, int state, const std::string& actor);
  // Moves every reference of `from` to `into` and marks `from` merged.
  absl::Status MergePerson(db::Tx& tx, const std::string& from, const std::string& into);

  // --- referrals ---
  void InsertReferral(db::Tx& tx, const pb::Referral& r);
  void InsertReferralPerson(db::Tx& tx, const std::string& referral_id, int ord,
                            const pb::ReferralPerson& p);
  // The referral with masked people; nullopt if absent. `for_update` locks the row.
  absl::StatusOr<std::optional<pb::Referral>> GetReferral(db::Tx& tx, const std::string& id,
                                                          bool for_update, bool with_people);
  // Writes the mutable fields of `r` if its stored version is `expected_version`; bumps
  // the version. False when the version changed meanwhile.
  bool UpdateReferral(db::Tx& tx, const pb::Referral& r, int64_t expected_version);
  std::vector<std::pair<int64_t, pb::Referral>> ListReferrals(db::Tx& tx, const ListFilter& f);

  void AppendEvent(db::Tx& tx, const std::string& referral_id, const pb::TimelineEntry& e);
  std::vector<pb::TimelineEntry> Timeline(db::Tx& tx, const std::string& referral_id,
                                          int64_t after_seq);

  // --- cases ---
  void InsertCase(db::Tx& tx, const pb::Case& c);  // throws 1062 if the subject has an open case
  std::optional<pb::Case> GetCase(db::Tx& tx, const std::string& id, bool for_update);
  std::optional<std::string> OpenCaseOf(db::Tx& tx, const std::string& procuratorate,
                                        const std::string& subject, bool for_update);
  bool UpdateCase(db::Tx& tx, const pb::Case& c, int64_t expected_version);
  std::vector<std::pair<int64_t, pb::Case>> ListCases(db::Tx& tx, const CaseFilter& f);

 private:
  std::string Encrypt(absl::string_view value, const std::string& person_id, const char* field);
  std::string Decrypt(const std::string& blob, const std::string& person_id, const char* field);
  void FillCaseReferrals(db::Tx& tx, pb::Case& c);

  const FieldCipher* cipher_;
  const Clock* clock_;
};

// Open-case key: one open case per person per procuratorate.
std::string OpenSubjectKey(const std::string& procuratorate, const std::string& subject);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_REPOSITORY_H_
