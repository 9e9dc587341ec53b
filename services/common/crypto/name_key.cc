#include "common/crypto/name_key.h"

#include "absl/strings/str_cat.h"

namespace shouhu {
namespace {

// Decodes one UTF-8 sequence at `s[i]`; returns its length (0 if invalid) and the code
// point in `*cp`.
size_t DecodeUtf8(absl::string_view s, size_t i, char32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  size_t len = 0;
  char32_t v = 0;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    v = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    v = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
      (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
    return 0;
  }
  *cp = v;
  return len;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsRemoved(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':  // NOLINT
    case 0x00A0:
    case 0x00AD:
    case 0x1680:
    case 0x180E:  // NOLINT
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:  // NOLINT
    case 0x3000:
    case 0xFEFF:  // NOLINT
      return true;
    default:
      break;
  }
  return (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string NormalizeNameForMatching(absl::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    const size_t len = DecodeUtf8(name, i, &cp);
    if (len == 0) {  // not UTF-8: keep the byte
      out.push_back(name[i]);
      ++i;
      continue;
    }
    i += len;
    if (IsRemoved(cp)) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;
    if (cp == 0x30FB || cp == 0xFF65 || cp == 0x2022 || cp == 0x2027 || cp == 0x2219) {
      cp = 0x00B7;
    }
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    AppendUtf8(cp, &out);
  }
  return out;
}

std::string NameBirthKey(const FieldCipher& cipher, absl::string_view name,
                         absl::string_view birth_date) {
  return cipher.KeyedHash(kNameBirthKeyLabel,
                          absl::StrCat(NormalizeNameForMatching(name), "\x1f", birth_date));
}

}  // namespace shouhu
