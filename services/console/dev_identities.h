// The development sign-in (only with --dev_identities): a file listing the identities
// a developer may sign in as without pasting a token, one per line:
//
//   # comment
//   u-zhang   tokens/u-zhang.jwt
//   staff-edu-renhuai   tokens/staff-edu-renhuai.jwt
//
// an identity id, white space, and the file holding its token (relative paths are taken
// from the directory of the list). The tokens are read when used, so re-issued tokens
// are picked up without a restart; they are verified like any token at sign-in.
#ifndef SHOUHU_CONSOLE_DEV_IDENTITIES_H_
#define SHOUHU_CONSOLE_DEV_IDENTITIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shouhu::console {

struct DevIdentity {
  std::string id;
  std::string token_file;  // absolute, or relative to the working directory
};

// Parses the list at `path`. INVALID_ARGUMENT naming the line for a malformed line or a
// repeated id; the read error when the file cannot be read.
absl::StatusOr<std::vector<DevIdentity>> ReadDevIdentities(const std::string& path);

// The same, from the text of a list kept in directory `dir`.
absl::StatusOr<std::vector<DevIdentity>> ParseDevIdentities(absl::string_view text,
                                                            const std::string& dir);

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_DEV_IDENTITIES_H_
