// Matching people without their names in clear: a keyed hash of the normalised name and
// the birth date (the duplicate check of the referral service; any later service that
// matches people the same way).
#ifndef SHOUHU_COMMON_CRYPTO_NAME_KEY_H_
#define SHOUHU_COMMON_CRYPTO_NAME_KEY_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/crypto/field_cipher.h"

namespace shouhu {

// The label of NameBirthKey's sub-key (FieldCipher::KeyedHash).
inline constexpr char kNameBirthKeyLabel[] = "person.name_birth";

// The name as it is compared, on UTF-8 input (bytes that are not valid UTF-8 are kept as
// they are):
//   - white space is removed wherever it is: ASCII white space, U+00A0, U+1680,
//     U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 (ideographic space);
//   - invisible format characters are removed: zero-width U+200B-U+200D, U+2060-U+2064,
//     U+FEFF, U+180E, soft hyphen U+00AD, direction marks and controls U+200E, U+200F,
//     U+202A-U+202E, U+2066-U+2069;
//   - full-width ASCII U+FF01-U+FF5E becomes ASCII U+0021-U+007E;
//   - the middle dots written between the parts of transcribed names (U+30FB, U+FF65,
//     U+2022, U+2027, U+2219) become U+00B7 (·);
//   - ASCII letters are lower-cased.
// Nothing else is changed (no other Unicode normalisation: a decomposed and a composed
// accented letter stay different, as do simplified and traditional characters).
std::string NormalizeNameForMatching(absl::string_view name);

// KeyedHash(kNameBirthKeyLabel, NormalizeNameForMatching(name) + "\x1f" + birth_date),
// 64 hex characters. `birth_date` is "YYYY-MM-DD". Equal for names that normalise
// equally and the same birth date; without the HMAC key it cannot be recomputed, so the
// column does not reveal names by trying a dictionary of common names.
std::string NameBirthKey(const FieldCipher& cipher, absl::string_view name,
                         absl::string_view birth_date);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_CRYPTO_NAME_KEY_H_
