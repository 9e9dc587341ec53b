// The statements of the backfill (backfill.cc), named; checked by the EXPLAIN test
// (tests/integration/referral_explain_test.cc) like repository_sql.h.
#ifndef SHOUHU_REFERRAL_BACKFILL_SQL_H_
#define SHOUHU_REFERRAL_BACKFILL_SQL_H_

namespace shouhu::referral {

// Keyset pages over each primary key, rows still holding a clear value only.
constexpr char kClearPersons[] =
    "SELECT id, name, DATE_FORMAT(birth_date, '%Y-%m-%d') AS birth_date FROM persons"
    " WHERE id > ? AND name IS NOT NULL ORDER BY id LIMIT ? FOR UPDATE";
constexpr char kSealPerson[] =
    "UPDATE persons SET name_enc = ?, name_key = ?, name = NULL WHERE id = ?";
constexpr char kClearReferrals[] =
    "SELECT id, facts, message_to_agency FROM referrals WHERE id > ?"
    " AND (facts IS NOT NULL OR message_to_agency IS NOT NULL) ORDER BY id LIMIT ? FOR UPDATE";
// A clear column that is already NULL keeps its encrypted value.
constexpr char kSealReferral[] =
    "UPDATE referrals SET facts_enc = IF(facts IS NULL, facts_enc, ?), facts = NULL,"
    " message_to_agency_enc = IF(message_to_agency IS NULL, message_to_agency_enc, ?),"
    " message_to_agency = NULL WHERE id = ?";
constexpr char kClearEvents[] =
    "SELECT referral_id, seq, message FROM referral_events"
    " WHERE (referral_id > ? OR (referral_id = ? AND seq > ?)) AND message IS NOT NULL"
    " ORDER BY referral_id, seq LIMIT ? FOR UPDATE";
constexpr char kSealEvent[] =
    "UPDATE referral_events SET message_enc = ?, message = NULL WHERE referral_id = ? AND seq = ?";
constexpr char kClearCases[] =
    "SELECT id, close_note, transfer_reason FROM cases WHERE id > ?"
    " AND (close_note IS NOT NULL OR transfer_reason IS NOT NULL) ORDER BY id LIMIT ? FOR UPDATE";
constexpr char kSealCase[] =
    "UPDATE cases SET close_note_enc = IF(close_note IS NULL, close_note_enc, ?),"
    " close_note = NULL, transfer_reason_enc = IF(transfer_reason IS NULL, transfer_reason_enc, ?),"
    " transfer_reason = NULL WHERE id = ?";

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_BACKFILL_SQL_H_
