// Small helpers shared by the aid renderers. Private to the CLI library.
#ifndef SHOUHU_CLI_AID_RENDER_UTIL_H_
#define SHOUHU_CLI_AID_RENDER_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/aid_catalog.h"
#include "cli/catalog.h"
#include "cli/format.h"
#include "google/protobuf/generated_enum_reflection.h"

namespace shouhu::cli::aid_render {

using Fields = std::vector<std::pair<std::string, std::string>>;

inline const char* Sep(Lang lang) { return lang == Lang::kEn ? ", " : "、"; }

inline std::string Heading(const Text& text, Lang lang) {
  return absl::StrCat("\n", text(lang), lang == Lang::kEn ? ":" : "：", "\n");
}

// "(已超期)" after a deadline when `overdue`.
inline std::string WithFlag(std::string value, bool flag, const Text& text, Lang lang) {
  if (flag && !value.empty()) {
    absl::StrAppend(&value, lang == Lang::kEn ? " (" : "（", text(lang),
                    lang == Lang::kEn ? ")" : "）");
  }
  return value;
}

template <typename E, typename RepeatedEnum>
std::string EnumList(const RepeatedEnum& values, Lang lang) {
  std::vector<std::string> names;
  for (int v : values) names.push_back(EnumName(static_cast<E>(v), lang));
  return absl::StrJoin(names, Sep(lang));
}

// An enum's name, or "" for its zero value.
template <typename E>
std::string EnumOrEmpty(E value, Lang lang) {
  return static_cast<int>(value) == 0 ? "" : EnumName(value, lang);
}

inline std::string ActorText(const shouhu::common::v1::Actor& actor) {
  if (actor.display_name().empty() || actor.display_name() == actor.principal()) {
    return actor.principal();
  }
  return absl::StrCat(actor.display_name(), " (", actor.principal(), ")");
}

inline std::string TimeOrEmpty(const shouhu::common::v1::Timestamp& ts) {
  return ts.unix_millis() == 0 ? "" : FormatTimestamp(ts);
}

inline std::string CountLine(size_t n, Lang lang) {
  return absl::StrCat(absl::Substitute(msg::kCount(lang), n), "\n");
}

}  // namespace shouhu::cli::aid_render

#endif  // SHOUHU_CLI_AID_RENDER_UTIL_H_
