// Whole-file reads for configuration, keys and fixtures.
#ifndef SHOUHU_COMMON_BASE_FILE_H_
#define SHOUHU_COMMON_BASE_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace shouhu {

// Reads the whole file at `path`. NOT_FOUND if it does not exist, PERMISSION_DENIED if it
// cannot be opened for reading, FAILED_PRECONDITION if it is a directory, INTERNAL for other
// I/O errors. Messages name the path, never the contents.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_FILE_H_
