#include "console/dev_identities.h"

#include <filesystem>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/file.h"

namespace shouhu::console {

absl::StatusOr<std::vector<DevIdentity>> ParseDevIdentities(absl::string_view text,
                                                            const std::string& dir) {
  std::vector<DevIdentity> out;
  absl::flat_hash_set<std::string> seen;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> parts =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("dev identities line ", number, ": expected <id> <token file>"));
    }
    DevIdentity identity{std::string(parts[0]), std::string(parts[1])};
    if (!seen.insert(identity.id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("dev identities line ", number, ": ", identity.id, " repeated"));
    }
    std::filesystem::path file(identity.token_file);
    if (file.is_relative() && !dir.empty())
      identity.token_file = (std::filesystem::path(dir) / file).string();
    out.push_back(std::move(identity));
  }
  return out;
}

absl::StatusOr<std::vector<DevIdentity>> ReadDevIdentities(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseDevIdentities(*text, std::filesystem::path(path).parent_path().string());
}

}  // namespace shouhu::console
