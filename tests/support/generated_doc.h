// Documentation sections generated from code (access tables, rule tables): the text
// between two marker lines of a committed file must be exactly the rendering. With the
// environment variable named by `update_env` set, the file is rewritten instead.
#ifndef SHOUHU_TESTS_SUPPORT_GENERATED_DOC_H_
#define SHOUHU_TESTS_SUPPORT_GENERATED_DOC_H_

#include <string>

namespace shouhu::testing {

// Adds a test failure when the section of `relative_path` (under SHOUHU_SOURCE_DIR)
// between `begin` and `end` differs from `rendered` (surrounded by newlines); skips the
// check when SHOUHU_SOURCE_DIR is unset (returns false then).
bool ExpectGeneratedSection(const std::string& relative_path, const std::string& begin,
                            const std::string& end, const std::string& rendered,
                            const char* update_env);

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_GENERATED_DOC_H_
