#include "support/generated_doc.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace shouhu::testing {

bool ExpectGeneratedSection(const std::string& relative_path, const std::string& begin,
                            const std::string& end, const std::string& rendered,
                            const char* update_env) {
  const char* root = std::getenv("SHOUHU_SOURCE_DIR");
  if (root == nullptr) return false;
  const std::string path = absl::StrCat(root, "/", relative_path);
  std::stringstream content;
  content << std::ifstream(path).rdbuf();
  std::string doc = content.str();
  const size_t from = doc.find(begin);
  const size_t to = doc.find(end);
  if (from == std::string::npos || to == std::string::npos || to < from) {
    ADD_FAILURE() << path << " lacks the markers " << begin << " ... " << end;
    return true;
  }
  const size_t start = from + begin.size();
  const std::string committed = doc.substr(start, to - start);
  const std::string wanted = absl::StrCat("\n", rendered, "\n");
  if (committed != wanted && std::getenv(update_env) != nullptr) {
    doc.replace(start, committed.size(), wanted);
    std::ofstream(path) << doc;
    return true;
  }
  EXPECT_EQ(committed, wanted) << path << " differs from the code's rendering; run the test with "
                               << update_env << "=1 to re-render it";
  return true;
}

}  // namespace shouhu::testing
