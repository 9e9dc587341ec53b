// The referral service's storage. Every function runs inside a caller's transaction
// (db::Tx, opened by db::RunInTransaction or the mutation pipeline) and reports outcomes
// the caller acts on as statuses, in one style:
//   - a change returns absl::Status;
//   - a read returns absl::StatusOr<T>, and a lookup of one record that may be absent
//     returns absl::StatusOr<std::optional<T>> (absent is not an error here; the caller
//     decides whether it is NOT_FOUND or PERMISSION_DENIED);
//   - a conditional update of a stale version is ABORTED (db::StaleVersionError);
//   - a value that cannot be encrypted is INTERNAL, one that cannot be decrypted is
//     DATA_LOSS (logged without the value and counted), never replaced by a placeholder.
// Database failures (lost connection, deadlock) are handled by the transaction runner.
// The statements are in repository_sql.h; the functions in repository_*.cc by aggregate.
#ifndef SHOUHU_REFERRAL_REPOSITORY_H_
#define SHOUHU_REFERRAL_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/transaction.h"
#include "common/ops/metrics.h"
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
  int64_t version = 0;
};

// What an agency submitted for one person of a referral (the referral's person link).
struct SubmittedPerson {
  int ord = 0;
  std::string person_id;  // the record the person was matched to or created as
  // False for links written before submissions were kept (migration 0006).
  bool kept = false;
  cpb::PersonInput values;  // no id_number: the record keeps it
  // The person record the link names, as stored (read in the same statement).
  std::optional<PersonRow> record;
};

// One change of a person record, decrypted.
struct PersonHistoryRow {
  std::string person_id;
  int64_t version = 0;  // the version the change produced
  std::vector<std::string> fields;
  cpb::PersonInput before;
  cpb::PersonInput after;
  std::string reason;
  std::string actor;
  std::string actor_name;
  std::string procuratorate;
  std::string request_id;
  std::string source_referral_id;
  int64_t at_ms = 0;
};

// How much of a person's identity a response shows.
enum class Disclosure { kMasked, kUnmasked };
// The person as a response shows it: name, ID number, phone and address masked
// (common/base/mask.h) unless kUnmasked. The one place where person records are masked.
cpb::Person PersonView(const PersonRow& row, Disclosure disclosure);

struct PersonMatch {
  std::string person_id;
  bool matched_existing = false;
  // Set when a different record has the same name key (the keyed hash of the normalised
  // name and the birth date, common/crypto/name_key.h).
  std::string possible_duplicate_of;
  // The record `person_id` names, as stored (the new one, or the existing one matched).
  PersonRow row;
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

// What a referral change records for the statistics (migration 0020).
struct ReferralStatsFacts {
  // The department of whoever assigned or took the referral; unset: unchanged.
  std::optional<std::string> department;
  // The procuratorate answered at this instant, against `answer_due` (the deadline in
  // force then; unset: none). Kept only when it is the first answer.
  std::optional<absl::Time> answered_at;
  std::optional<absl::Time> answer_due;
};

// The first-answer deadline of a referral as stored (migration 0020): what its watched
// deadline (topic "deadline.changed") is published from.
struct ReferralAnswerFacts {
  bool answered = false;   // the first answer was recorded
  std::string department;  // the department it counts under (empty: none yet)
};

// Where a new case counts for the statistics: the department its referral counts under,
// or `fallback` (the taker's, the transfer acceptor's).
struct CaseDepartment {
  std::string from_referral;  // a referral id, or empty
  std::string fallback;
};

// What the case-quality review reads of a case (GetCaseFacts): stored values, and for
// personal data and free text only whether they are filled (nothing is decrypted).
struct CaseFactsRow {
  std::string case_id;
  int status = 0;
  std::string subject_person_id;
  int kind = 0;
  std::string assigned_to;
  std::string department;
  std::optional<int64_t> opened_at_ms;
  std::optional<int64_t> closed_at_ms;
  int close_reason = 0;
  bool close_note_filled = false;
  std::string transfer_to;  // the procuratorate offered or given the case
};

// ... and of one referral of the case.
struct ReferralFactsRow {
  std::string referral_id;
  std::string agency_code;
  int kind = 0;
  int status = 0;
  bool urgent = false;
  bool facts_filled = false;
  std::string occurred_on;  // "YYYY-MM-DD" as stored, or ""
  std::optional<int64_t> submitted_at_ms;
  std::optional<int64_t> response_due_at_ms;
  std::optional<int64_t> answered_at_ms;  // the first answer (migration 0020)
  std::string assigned_to;
  std::string department;
  int decline_reason = 0;
  std::vector<std::string> person_ids;  // in the referral's order
};

// The case (absent when unknown) and its referrals, oldest first.
struct CaseFactsRead {
  std::optional<CaseFactsRow> c;
  std::vector<ReferralFactsRow> referrals;
};

// The referrals of one case GetCaseFacts reads at most (a case has a handful).
inline constexpr int kCaseFactsMaxReferrals = 1000;

// Lock the rows read (SELECT ... FOR UPDATE) until the transaction ends?
enum class Lock { kNone, kForUpdate };
// Read a referral with its people (masked) or just the referral row?
enum class People { kWithout, kWith };

// Where a sealed value lives, as SealedFields binds it ("<entity>/<row>/<field>").
struct SealedAt {
  const char* entity;
  std::string row;
  std::string field;
};
// A submitted value on a referral's person link:
// "referral_people/<referral_id>:<ord>/submitted_<field>".
SealedAt SubmittedAt(const std::string& referral_id, int ord, absl::string_view field);
// ... and an encrypted column of a person's history row:
// "person_history/<person_id>:<version>/<column>".
SealedAt HistoryAt(const std::string& person_id, int64_t version, absl::string_view column);

class Repository {
 public:
  // `decrypt_failures` (optional) is a counter family with the label "field".
  Repository(const FieldCipher* cipher, const Clock* clock, Counter* decrypt_failures = nullptr)
      : cipher_(cipher), clock_(clock), sealed_(cipher, decrypt_failures) {}

  // --- registry ---
  [[nodiscard]] absl::Status UpsertProcuratorate(db::Tx& tx, const pb::Procuratorate& p);
  [[nodiscard]] absl::StatusOr<bool> ProcuratorateExists(db::Tx& tx, const std::string& code);
  [[nodiscard]] absl::Status UpsertAgency(db::Tx& tx, const pb::Agency& a);
  [[nodiscard]] absl::StatusOr<std::optional<pb::Agency>> GetAgency(db::Tx& tx,
                                                                    const std::string& code);
  [[nodiscard]] absl::StatusOr<std::vector<pb::Agency>> ListAgencies(
      db::Tx& tx, const std::string& procuratorate, const std::string& after_code, int limit);

  // --- people ---
  // Finds the person by ID number (keyed hash) or creates one; flags a possible duplicate
  // by name and birth date, through the keyed name hash (the name is stored encrypted).
  [[nodiscard]] absl::StatusOr<PersonMatch> MatchOrCreatePerson(db::Tx& tx,
                                                                const cpb::PersonInput& in,
                                                                const std::string& new_id);
  [[nodiscard]] absl::StatusOr<std::optional<PersonRow>> GetPerson(db::Tx& tx,
                                                                   const std::string& id);
  [[nodiscard]] absl::StatusOr<bool> PersonVisibleTo(db::Tx& tx, const std::string& person_id,
                                                     const std::string& procuratorate);
  [[nodiscard]] absl::Status InsertDuplicateCandidate(db::Tx& tx, const std::string& id,
                                                      const std::string& procuratorate,
                                                      const std::string& referral_id,
                                                      const std::string& existing,
                                                      const std::string& incoming);
  struct CandidateRow {
    std::string id, procuratorate, referral_id, existing, incoming;
    int state = 0;  // 0 pending, 1 confirmed, 2 rejected
    int64_t seq = 0;
  };
  [[nodiscard]] absl::StatusOr<std::optional<CandidateRow>> GetCandidate(db::Tx& tx,
                                                                         const std::string& id,
                                                                         Lock lock);
  [[nodiscard]] absl::StatusOr<std::vector<CandidateRow>> ListPendingCandidates(
      db::Tx& tx, const std::string& procuratorate, int64_t before_seq, int limit);
  [[nodiscard]] absl::Status ResolveCandidate(db::Tx& tx, const std::string& id, int state,
                                              const std::string& actor);
  // Moves every reference of `from` to `into` and marks `from` merged.
  [[nodiscard]] absl::Status MergePerson(db::Tx& tx, const std::string& from,
                                         const std::string& into);

  // --- referrals ---
  [[nodiscard]] absl::Status InsertReferral(db::Tx& tx, const pb::Referral& r);
  // The people of `r` (people(i) with ord i), in one statement; `submitted[i]` is what the
  // agency sent for people(i), kept encrypted on the link.
  [[nodiscard]] absl::Status InsertReferralPeople(
      db::Tx& tx, const pb::Referral& r, const std::vector<const cpb::PersonInput*>& submitted);
  // What the agency submitted for each person of the referral, in order (empty when the
  // referral does not exist).
  [[nodiscard]] absl::StatusOr<std::vector<SubmittedPerson>> SubmittedPeople(
      db::Tx& tx, const std::string& referral_id);

  // --- person changes (repository_person_details.cc) ---
  // Writes name, sex, birth date, phone, address and ethnicity of `row` if its stored
  // version is `expected_version` and bumps the version; ABORTED when it changed meanwhile.
  [[nodiscard]] absl::Status UpdatePersonFields(db::Tx& tx, const PersonRow& row,
                                                int64_t expected_version);
  [[nodiscard]] absl::Status InsertPersonHistory(db::Tx& tx, const PersonHistoryRow& h);
  // Newest first: changes with a version below `before_version` (0: from the newest).
  [[nodiscard]] absl::StatusOr<std::vector<PersonHistoryRow>> ListPersonHistory(
      db::Tx& tx, const std::string& person_id, int64_t before_version, int limit);
  // The referral (with masked people if asked); nullopt if absent.
  [[nodiscard]] absl::StatusOr<std::optional<pb::Referral>> GetReferral(db::Tx& tx,
                                                                        const std::string& id,
                                                                        Lock lock, People people);
  // Writes the mutable fields of `r` (and `stats`) if its stored version is
  // `expected_version` and bumps the version; ABORTED when the version changed meanwhile.
  [[nodiscard]] absl::Status UpdateReferral(db::Tx& tx, const pb::Referral& r,
                                            int64_t expected_version,
                                            const ReferralStatsFacts& stats = {});
  [[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, pb::Referral>>> ListReferrals(
      db::Tx& tx, const ListFilter& f);
  // Whether the first answer of referral `id` was recorded, and its department (NOT_FOUND
  // if absent). Read under the lock the caller holds.
  [[nodiscard]] absl::StatusOr<ReferralAnswerFacts> GetAnswerFacts(db::Tx& tx,
                                                                   const std::string& id);

  [[nodiscard]] absl::Status AppendEvent(db::Tx& tx, const std::string& referral_id,
                                         const pb::TimelineEntry& e);
  [[nodiscard]] absl::StatusOr<std::vector<pb::TimelineEntry>> Timeline(
      db::Tx& tx, const std::string& referral_id, int64_t after_seq);

  // --- cases ---
  // ALREADY_EXISTS when the subject already has an open case in that procuratorate.
  // The case's department (statistics) is the stored one of `department.from_referral`
  // when given, else `department.fallback`.
  [[nodiscard]] absl::Status InsertCase(db::Tx& tx, const pb::Case& c,
                                        const CaseDepartment& department = {});
  // AssignCase: the assigner's department (statistics).
  [[nodiscard]] absl::Status SetCaseDepartment(db::Tx& tx, const std::string& case_id,
                                               const std::string& department);
  [[nodiscard]] absl::StatusOr<std::optional<pb::Case>> GetCase(db::Tx& tx, const std::string& id,
                                                                Lock lock);
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> OpenCaseOf(
      db::Tx& tx, const std::string& procuratorate, const std::string& subject, Lock lock);
  // As UpdateReferral: ABORTED when the version changed meanwhile.
  [[nodiscard]] absl::Status UpdateCase(db::Tx& tx, const pb::Case& c, int64_t expected_version);
  [[nodiscard]] absl::StatusOr<std::vector<std::pair<int64_t, pb::Case>>> ListCases(
      db::Tx& tx, const CaseFilter& f);

  // --- case facts (repository_case_facts.cc) ---
  // The case `case_id` and its first kCaseFactsMaxReferrals referrals with their people, in
  // two statements; no sealed value is opened.
  [[nodiscard]] absl::StatusOr<CaseFactsRead> ReadCaseFacts(db::Tx& tx, const std::string& case_id);

 private:
  // A person's identity field, sealed (common/crypto/sealed_fields.h) under "person/<id>/".
  [[nodiscard]] absl::StatusOr<std::string> Encrypt(absl::string_view value,
                                                    const std::string& person_id,
                                                    const char* field);
  [[nodiscard]] absl::StatusOr<std::string> Decrypt(const std::string& blob,
                                                    const std::string& person_id,
                                                    const char* field);
  // Rows to protos, opening their sealed columns (DATA_LOSS when one does not decrypt).
  absl::StatusOr<pb::Referral> ReferralFromRow(sql::ResultSet& rs) const;
  absl::StatusOr<pb::Case> CaseFromRow(sql::ResultSet& rs) const;
  // The person of the current row of a result with the columns of kGetPerson, decrypted.
  [[nodiscard]] absl::StatusOr<PersonRow> PersonFromRow(sql::ResultSet& rs);
  // Sealed columns outside the persons table (SubmittedAt, HistoryAt).
  [[nodiscard]] absl::StatusOr<std::string> Seal(absl::string_view value, const SealedAt& at) const;
  [[nodiscard]] absl::StatusOr<std::string> Open(absl::string_view blob, const SealedAt& at) const;
  absl::Status FillCaseReferrals(db::Tx& tx, pb::Case& c);
  // Appends the referral ids of every case of `cases` (in one statement).
  absl::Status FillReferralsOfCases(db::Tx& tx, const std::vector<pb::Case*>& cases);
  int64_t NowMs() const { return absl::ToUnixMillis(clock_->Now()); }

  const FieldCipher* cipher_;
  const Clock* clock_;
  SealedFields sealed_;
};

// Open-case key: one open case per person per procuratorate.
std::string OpenSubjectKey(const std::string& procuratorate, const std::string& subject);

// The statement reading the referrals of `n` cases at once (n "?" placeholders).
std::string CasesReferralsSql(size_t n);

// The statement inserting `n` people of a referral at once.
std::string ReferralPeopleInsertSql(size_t n);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_REPOSITORY_H_
